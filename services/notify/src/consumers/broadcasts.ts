import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import { type BroadcastDependencies, runBroadcastBatch } from "../use-cases/broadcasts.ts";

/** The broadcast fan-out: each queued batch is sent, then queues the next. */
export const notifyBroadcastHandlers = (deps: BroadcastDependencies): EventHandlers => ({
  BroadcastBatchQueued: (event) => runBroadcastBatch(deps, event),
});
