/**
 * Whether a message may go to a recipient: the ONE decision every sender in notify goes through
 * (see `policedMailer`). Keyed by the message's category; later extended with per-category
 * notification preferences (SPEC 6.6) by adding to `RecipientStanding` and `decideDelivery`.
 */
export const MESSAGE_CATEGORIES = ["security", "account", "billing", "news", "partner_reports"] as const;
export type MessageCategory = (typeof MESSAGE_CATEGORIES)[number];

export type RestrictionScope = "marketing" | "processing";

/** What the policy knows about a recipient. */
export interface RecipientStanding {
  /** Restrictions the user placed on their data (SPEC 6.5). */
  restrictions: ReadonlySet<RestrictionScope>;
}

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

export type DeliveryDecision = { deliver: true } | { deliver: false; reason: "restricted" };

/** Whether the decision for `category` depends on who the recipient is (so their standing must be read). */
export const dependsOnRecipient = (category: MessageCategory): boolean => PURPOSE[category] !== "service";

export const decideDelivery = (category: MessageCategory, standing: RecipientStanding): DeliveryDecision => {
  const { restrictions } = standing;
  switch (PURPOSE[category]) {
    case "service":
      return { deliver: true };
    case "marketing":
      return restrictions.size > 0 ? { deliver: false, reason: "restricted" } : { deliver: true };
    case "reporting":
      return restrictions.has("processing") ? { deliver: false, reason: "restricted" } : { deliver: true };
  }
};
