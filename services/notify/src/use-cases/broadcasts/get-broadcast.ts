import { problem } from "../../../../../shared/src/http/problem.ts";
import type { Broadcast } from "../../ports/broadcast-store.ts";
import type { BroadcastDependencies } from "./broadcast-dependencies.ts";

export interface BroadcastView {
  broadcastId: string;
  category: "news";
  status: Broadcast["status"];
  recipients: number;
  sent: number;
  createdAt: string;
  completedAt?: string;
}

const viewOf = (b: Broadcast): BroadcastView => ({
  broadcastId: b.broadcastId,
  category: b.category,
  status: b.status,
  recipients: b.recipients,
  sent: b.sent,
  createdAt: b.createdAt,
  ...(b.completedAt ? { completedAt: b.completedAt } : {}),
});

/** A broadcast's progress, for the support staff who published it. */
export const getBroadcast = async (deps: BroadcastDependencies, broadcastId: string): Promise<BroadcastView> => {
  const found = await deps.broadcasts.get(broadcastId);
  if (!found) throw problem.notFound();
  return viewOf(found);
};
