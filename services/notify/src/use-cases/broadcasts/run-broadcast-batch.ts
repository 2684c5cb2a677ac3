import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { decideDelivery } from "../../domain/delivery-policy.ts";
import { deliverOn, standingOf } from "../delivery/policed-mailer.ts";
import type { BroadcastDependencies } from "./broadcast-dependencies.ts";
import { broadcastEmail, unsubscribeUrlFor } from "./broadcast-email.ts";

/**
 * One bounded batch of a broadcast: a page of the news subscribers' index, their standings in
 * one read per 25, then each through the delivery decision. Each recipient is claimed by a
 * conditional write before anything is sent, so a retried batch skips those already done; a
 * send that fails gives its claim back and fails the batch, whose retry sends it. Then the next
 * batch is queued (conditional on this one not having been ended already).
 */
export const runBroadcastBatch = async (deps: BroadcastDependencies, event: EventDetail<"BroadcastBatchQueued">) => {
  const { broadcastId, batch, cursor } = event.data;
  const found = await deps.broadcasts.get(broadcastId);
  if (!found || found.nextBatch !== batch) return;
  const page = await deps.preferences.newsSubscribers(cursor, deps.batchSize);
  const facts = await deps.standings.ofMany(page.userIds);
  for (const userId of page.userIds) {
    const recipient = facts.get(userId);
    if (!recipient) continue;
    const decision = decideDelivery("news", standingOf(recipient, deps.senders));
    if (!decision.deliver) continue;
    const now = deps.now();
    if (!(await deps.broadcasts.claim(broadcastId, userId, now))) continue;
    const email = broadcastEmail(
      found,
      decision.locale,
      // Absent only when email is not among the decided channels.
      recipient.recipient?.email ?? "",
      userId,
      unsubscribeUrlFor(deps, userId),
    );
    try {
      await deliverOn(decision, email, recipient.recipient, deps.senders);
    } catch (error) {
      await deps.broadcasts.release(broadcastId, userId);
      throw error;
    }
    await deps.broadcasts.markSent(broadcastId, userId, decision.channels, now);
  }
  const next = page.cursor
    ? outboxItem({
        type: "BroadcastBatchQueued",
        data: { broadcastId, batch: batch + 1, cursor: page.cursor },
        actor: { type: "system" },
        now: deps.now(),
      })
    : undefined;
  await deps.broadcasts.advance(broadcastId, batch, next, deps.now());
};
