/**
 * Notification preferences (SPEC 6.6): per message category, which channels a user wants. Only
 * what the user chose is stored; everything else follows the defaults, so a default can change
 * without touching stored data.
 */
export const MESSAGE_CATEGORIES = ["security", "account", "billing", "news", "partner_reports"] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

export const CHANNELS = ["email", "sms", "telegram"] as const;
export type Channel = (typeof CHANNELS)[number];

export type ChannelChoices = Record<Channel, boolean>;
export type NotificationPreferences = Record<MessageCategory, ChannelChoices>;
/** What a user set (or a PUT changes): any subset of categories and channels. */
export type PreferenceChoices = Partial<Record<MessageCategory, Partial<ChannelChoices>>>;

const emailOnly: ChannelChoices = { email: true, sms: false, telegram: false };
const nothing: ChannelChoices = { email: false, sms: false, telegram: false };

/**
 * Service mail by email; news is opt-in; partner reports by email. Partner reports go only to
 * members holding `partner.reports.receive` (the accounts service picks them), so "on for
 * holders" is "on" as far as notify decides.
 */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  security: emailOnly,
  account: emailOnly,
  billing: emailOnly,
  news: nothing,
  partner_reports: emailOnly,
};

/** The defaults with the user's choices laid over them. */
export const effectivePreferences = (choices: PreferenceChoices = {}): NotificationPreferences =>
  Object.fromEntries(
    MESSAGE_CATEGORIES.map((category) => [category, { ...DEFAULT_PREFERENCES[category], ...choices[category] }]),
  ) as NotificationPreferences;

/** `b` laid over `a`, per category. */
export const mergeChoices = (a: PreferenceChoices, b: PreferenceChoices): PreferenceChoices => {
  const merged: PreferenceChoices = { ...a };
  for (const category of MESSAGE_CATEGORIES) {
    if (b[category]) merged[category] = { ...a[category], ...b[category] };
  }
  return merged;
};

/** Whether any channel of news is on: who belongs in the news subscribers' index. */
export const wantsNews = (preferences: NotificationPreferences): boolean =>
  CHANNELS.some((channel) => preferences.news[channel]);

/** What a user can be reached on beyond email: a confirmed phone, a linked Telegram chat. */
export interface ReachableChannels {
  email: boolean;
  sms: boolean;
  telegram: boolean;
}

export interface PreferenceViolation {
  path: string;
  code: "security_email_required" | "phone_not_confirmed" | "telegram_not_linked";
  message: string;
}

/**
 * The rules a change must keep (SPEC 6.6): security email cannot be turned off; turning sms on
 * needs a confirmed phone and telegram a linked chat. Only what the change turns ON is checked
 * against reachability: a channel that became unreachable later stays chosen but is not used.
 */
export const preferenceViolations = (
  changes: PreferenceChoices,
  reachable: Pick<ReachableChannels, "sms" | "telegram">,
): PreferenceViolation[] => {
  const violations: PreferenceViolation[] = [];
  if (changes.security?.email === false) {
    violations.push({
      path: "body.preferences.security.email",
      code: "security_email_required",
      message: "Security messages always go by email.",
    });
  }
  for (const category of MESSAGE_CATEGORIES) {
    if (changes[category]?.sms === true && !reachable.sms) {
      violations.push({
        path: `body.preferences.${category}.sms`,
        code: "phone_not_confirmed",
        message: "SMS needs a confirmed phone number.",
      });
    }
    if (changes[category]?.telegram === true && !reachable.telegram) {
      violations.push({
        path: `body.preferences.${category}.telegram`,
        code: "telegram_not_linked",
        message: "Telegram needs a linked Telegram chat.",
      });
    }
  }
  return violations;
};
