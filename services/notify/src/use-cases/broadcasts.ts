import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import type { EventDetail } from "../../../../shared/src/events/registry.ts";
import { escapeHtml } from "../../../../shared/src/http/html.ts";
import type { RequestMeta } from "../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { decideDelivery } from "../domain/delivery-policy.ts";
import type { Broadcast, BroadcastStore, LocalizedText } from "../ports/broadcast-store.ts";
import type { OutgoingEmail } from "../ports/mailer.ts";
import type { PreferenceStore } from "../ports/preference-store.ts";
import type { Locale } from "../templates/email-templates.ts";
import { type ChannelSenders, deliverOn, type RecipientStandings, standingOf } from "./policed-mailer.ts";
import type { UnsubscribeTokens } from "./unsubscribe.ts";

export interface BroadcastDependencies {
  broadcasts: BroadcastStore;
  preferences: PreferenceStore;
  standings: RecipientStandings;
  senders: ChannelSenders;
  unsubscribeTokens: UnsubscribeTokens;
  /** Base of the API the unsubscribe link points at. */
  appBaseUrl: string;
  /** Subscribers per batch: one page of the index, one BatchGetItem per 25 of them. */
  batchSize: number;
  now: () => Date;
  newId: () => string;
}

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

export const getBroadcast = async (deps: BroadcastDependencies, broadcastId: string): Promise<BroadcastView> => {
  const found = await deps.broadcasts.get(broadcastId);
  if (!found) throw problem.notFound();
  return viewOf(found);
};

const inLocale = (text: LocalizedText, locale: Locale) => text[locale] ?? text.en;

const UNSUBSCRIBE_LINE: Record<Locale, string> = {
  en: "Unsubscribe from news",
  ru: "Отписаться от новостей",
  pl: "Wypisz się z wiadomości",
};

/** The broadcast as an email in one locale, with the one-click unsubscribe link and headers (RFC 2369, RFC 8058). */
export const broadcastEmail = (
  b: Pick<Broadcast, "subject" | "body">,
  locale: Locale,
  to: string,
  userId: string,
  unsubscribeUrl: string,
): OutgoingEmail => {
  const subject = inLocale(b.subject, locale);
  const body = inLocale(b.body, locale);
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
  return {
    to,
    recipientUserId: userId,
    category: "news",
    subject,
    text: `${body}\n\n--\n${UNSUBSCRIBE_LINE[locale]}: ${unsubscribeUrl}`,
    html: `${paragraphs}<hr><p><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(UNSUBSCRIBE_LINE[locale])}</a></p>`,
    headers: {
      "List-Unsubscribe": `<${unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
};

export const unsubscribeUrlFor = (
  deps: Pick<BroadcastDependencies, "appBaseUrl" | "unsubscribeTokens">,
  userId: string,
) => {
  const url = new URL("/v1/notifications/unsubscribe", deps.appBaseUrl);
  url.searchParams.set("token", deps.unsubscribeTokens.issue(userId, "news"));
  return url.toString();
};

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
