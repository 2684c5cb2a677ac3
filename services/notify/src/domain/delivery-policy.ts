import type { Locale } from "../templates/email-templates.ts";
import {
  CHANNELS,
  type Channel,
  DEFAULT_PREFERENCES,
  type MessageCategory,
  type NotificationPreferences,
  type ReachableChannels,
} from "./notification-preferences.ts";

export { MESSAGE_CATEGORIES, type MessageCategory } from "./notification-preferences.ts";

/**
 * Whether and where a message goes to a recipient: the ONE decision every sender in notify goes
 * through (see `policedMailer`). Inputs: the message's category, the recipient's preferences and
 * restrictions, the channels they can be reached on, and their locale.
 */
export type RestrictionScope = "marketing" | "processing";

/** What the policy knows about a recipient. */
export interface RecipientStanding {
  /** Restrictions the user placed on their data (SPEC 6.5). */
  restrictions: ReadonlySet<RestrictionScope>;
  /** Channels per category (SPEC 6.6), defaults included. */
  preferences: NotificationPreferences;
  /** Channels the platform can reach them on now. */
  reachable: ReachableChannels;
  locale: Locale;
}

/**
 * Someone notify knows only by an address (an invitee, a former email): the defaults, reachable
 * by email only, in the locale the message names.
 */
export const strangerStanding = (locale: Locale = "en"): RecipientStanding => ({
  restrictions: new Set(),
  preferences: DEFAULT_PREFERENCES,
  reachable: { email: true, sms: false, telegram: false },
  locale,
});

/**
 * Why a category is sent, which decides what a restriction does to it:
 * - `service`: delivering the service the user uses (sign-in, invitations, policy changes,
 *   exports): sent even under restricted processing, which keeps service delivery;
 * - `marketing`: news and broadcasts: stopped by either restriction;
 * - `reporting`: partner reports: restricted processing excludes the user from them (SPEC 6.5).
 */
const PURPOSE: Record<MessageCategory, "service" | "marketing" | "reporting"> = {
  security: "service",
  account: "service",
  billing: "service",
  news: "marketing",
  partner_reports: "reporting",
};

export type DeliveryDecision =
  | { deliver: true; channels: Channel[]; locale: Locale }
  | { deliver: false; reason: "restricted" | "opted_out" | "unreachable" };

export interface DeliveryOptions {
  /**
   * The message belongs to one address (a verification link for this email, a code for this
   * number, an export the user asked for): it goes there or nowhere, whatever the preferences;
   * restrictions still apply.
   */
  boundTo?: Channel;
}

const restricted = (category: MessageCategory, restrictions: ReadonlySet<RestrictionScope>): boolean => {
  switch (PURPOSE[category]) {
    case "service":
      return false;
    case "marketing":
      return restrictions.size > 0;
    case "reporting":
      return restrictions.has("processing");
  }
};

/**
 * Whether the decision needs the recipient's standing at all: service mail bound to its own
 * address (a verification link, a code) goes whoever the recipient is, so it costs no read.
 */
export const dependsOnRecipient = (category: MessageCategory, options: DeliveryOptions = {}): boolean =>
  !(options.boundTo && PURPOSE[category] === "service");

export const decideDelivery = (
  category: MessageCategory,
  standing: RecipientStanding,
  options: DeliveryOptions = {},
): DeliveryDecision => {
  if (restricted(category, standing.restrictions)) return { deliver: false, reason: "restricted" };
  const { locale } = standing;
  // The message carries its own address, so what the recipient is reachable on does not matter.
  if (options.boundTo) return { deliver: true, channels: [options.boundTo], locale };
  const wanted = CHANNELS.filter((channel) => standing.preferences[category][channel]);
  if (wanted.length === 0) return { deliver: false, reason: "opted_out" };
  const channels = wanted.filter((channel) => standing.reachable[channel]);
  if (channels.length === 0) return { deliver: false, reason: "unreachable" };
  return { deliver: true, channels, locale };
};
