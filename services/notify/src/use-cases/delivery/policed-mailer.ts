import {
  type DeliveryDecision,
  type DeliveryOptions,
  decideDelivery,
  dependsOnRecipient,
  type MessageCategory,
  type RecipientStanding,
  type RestrictionScope,
  strangerStanding,
} from "../../domain/delivery-policy.ts";
import type { Channel, NotificationPreferences } from "../../domain/notification-preferences.ts";
import type { Mailer, OutgoingEmail } from "../../ports/mailer.ts";
import type { Recipient } from "../../ports/recipient-store.ts";
import type { SmsSender } from "../../ports/sms-sender.ts";
import type { TelegramSender } from "../../ports/telegram-sender.ts";
import type { Locale } from "../../templates/email-templates.ts";

/** What notify holds about a user that the delivery decision reads. */
export interface RecipientFacts {
  /** Notify's copy of the user; undefined when it has none (yet). */
  recipient: Recipient | undefined;
  restrictions: ReadonlySet<RestrictionScope>;
  preferences: NotificationPreferences;
}

/** Where the policy learns about recipients: one user, or a page of them at once (broadcasts). */
export interface RecipientStandings {
  of(userId: string): Promise<RecipientFacts>;
  ofMany(userIds: string[]): Promise<Map<string, RecipientFacts>>;
}

/** The senders of each channel; a channel without one (not wired in this Lambda) is never chosen. */
export interface ChannelSenders {
  email: Mailer;
  sms?: SmsSender;
  telegram?: TelegramSender;
}

/** The decision's view of a user: the channels reachable are those with a sender AND an address. */
export const standingOf = (
  facts: RecipientFacts,
  senders: ChannelSenders,
  fallbackLocale: Locale = "en",
): RecipientStanding => ({
  restrictions: facts.restrictions,
  preferences: facts.preferences,
  reachable: {
    email: Boolean(facts.recipient?.email),
    sms: Boolean(senders.sms) && facts.recipient?.phone?.status === "confirmed",
    telegram: Boolean(senders.telegram) && Boolean(facts.recipient?.telegram),
  },
  locale: facts.recipient?.locale ?? fallbackLocale,
});

/** An email's short forms for the text channels: SMS is the subject and its first link; Telegram the whole text. */
const smsTextOf = (email: Pick<OutgoingEmail, "subject" | "text">) => {
  const link = email.text.match(/https?:\/\/\S+/)?.[0];
  return link ? `${email.subject} ${link}` : email.subject;
};
const telegramTextOf = (email: Pick<OutgoingEmail, "subject" | "text">) => `${email.subject}\n\n${email.text}`;

export interface SendOutcome {
  messageId: string | undefined;
  suppressed?: string;
  /** The channels the message went out on. */
  channels?: Channel[];
}

/** A text bound to one phone number (a code for that number). */
export interface OutgoingSms {
  category: MessageCategory;
  to: string;
  text: string;
  recipientUserId?: string;
  locale: Locale;
}

/** What every notify sender is given: each message passes the delivery decision, then goes out on its channels. */
export interface Messenger extends Mailer {
  send(email: OutgoingEmail): Promise<SendOutcome>;
  sendSms(message: OutgoingSms): Promise<SendOutcome>;
}

/**
 * Sends a message on the channels the decision chose. The email goes to the address the sender
 * named (a message bound to it, or the user's address on file); SMS and Telegram go to the
 * user's confirmed phone and linked chat.
 */
export const deliverOn = async (
  decision: DeliveryDecision,
  email: OutgoingEmail,
  recipient: Recipient | undefined,
  senders: ChannelSenders,
): Promise<SendOutcome> => {
  if (!decision.deliver) return { messageId: undefined, suppressed: decision.reason };
  let messageId: string | undefined;
  for (const channel of decision.channels) {
    if (channel === "email") messageId = (await senders.email.send(email)).messageId;
    if (channel === "sms" && senders.sms && recipient?.phone) {
      await senders.sms.send({ to: recipient.phone.number, text: smsTextOf(email) });
    }
    if (channel === "telegram" && senders.telegram && recipient?.telegram) {
      await senders.telegram.send({ chatId: recipient.telegram.chatId, text: telegramTextOf(email) });
    }
  }
  return { messageId, channels: decision.channels };
};

/**
 * The messenger every notify sender is given: it asks the delivery policy before each message
 * and sends it on the channels the policy chose (answering `suppressed` when none). A message to
 * someone who is not a user yet (an invitee) is decided on the defaults. Service messages bound
 * to their own address (codes, verification links) are decided without reading the recipient.
 */
export const policedMailer = (senders: ChannelSenders, standings: RecipientStandings): Messenger => {
  const factsOf = async (category: MessageCategory, userId: string | undefined, options: DeliveryOptions) =>
    userId && dependsOnRecipient(category, options) ? standings.of(userId) : undefined;
  return {
    async send(email) {
      const options: DeliveryOptions = email.boundTo ? { boundTo: email.boundTo } : {};
      const facts = await factsOf(email.category, email.recipientUserId, options);
      // The sender names the email address (the user's on file, or the one the message is for).
      const known = facts && standingOf(facts, senders);
      const standing = known ? { ...known, reachable: { ...known.reachable, email: true } } : strangerStanding();
      return deliverOn(decideDelivery(email.category, standing, options), email, facts?.recipient, senders);
    },
    async sendSms(message) {
      const options: DeliveryOptions = { boundTo: "sms" };
      const facts = await factsOf(message.category, message.recipientUserId, options);
      const decision = decideDelivery(
        message.category,
        facts ? standingOf(facts, senders, message.locale) : strangerStanding(message.locale),
        options,
      );
      if (!decision.deliver) return { messageId: undefined, suppressed: decision.reason };
      if (!senders.sms) throw new Error("No SMS sender is wired for this function");
      const { messageId } = await senders.sms.send({ to: message.to, text: message.text });
      return { messageId, channels: ["sms"] };
    },
    ping: () => senders.email.ping(),
  };
};
