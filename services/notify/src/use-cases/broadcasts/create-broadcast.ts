import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { RequestMeta } from "../../../../../shared/src/http/middleware.ts";
import type { LocalizedText } from "../../ports/broadcast-store.ts";
import type { BroadcastDependencies } from "./broadcast-dependencies.ts";

/** Provider support publishes news: recorded and audited with its first batch queued, in one write. */
export const createBroadcast = async (
  deps: BroadcastDependencies,
  caller: { auth: AuthContext; meta: RequestMeta },
  input: { category: "news"; subject: LocalizedText; body: LocalizedText },
): Promise<{ broadcastId: string }> => {
  const now = deps.now();
  const broadcastId = deps.newId();
  await deps.broadcasts.create({
    broadcast: {
      broadcastId,
      category: input.category,
      subject: input.subject,
      body: input.body,
      status: "queued",
      nextBatch: 0,
      recipients: 0,
      sent: 0,
      createdBy: caller.auth.userId,
      createdAt: now.toISOString(),
    },
    audit: {
      entryId: deps.newId(),
      action: "broadcast.created",
      actorUserId: caller.auth.userId,
      targetType: "broadcast",
      targetId: broadcastId,
      ip: caller.meta.ip,
      userAgent: caller.meta.userAgent.slice(0, 512),
      requestId: caller.meta.requestId,
      at: now.toISOString(),
    },
    firstBatch: outboxItem({
      type: "BroadcastBatchQueued",
      data: { broadcastId, batch: 0, cursor: null },
      actor: { type: "platform-admin", userId: caller.auth.userId },
      now,
    }),
  });
  return { broadcastId };
};
