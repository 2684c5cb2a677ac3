import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import type { BroadcastDependencies } from "../use-cases/broadcasts/broadcast-dependencies.ts";
import { runBroadcastBatch } from "../use-cases/broadcasts/run-broadcast-batch.ts";

/** The broadcast fan-out: each queued batch is sent, then queues the next. */
export const notifyBroadcastHandlers = (deps: BroadcastDependencies): EventHandlers => ({
  BroadcastBatchQueued: (event) => runBroadcastBatch(deps, event),
});
