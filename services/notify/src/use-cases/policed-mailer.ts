import { decideDelivery, dependsOnRecipient, type RecipientStanding } from "../domain/delivery-policy.ts";
import type { Mailer } from "../ports/mailer.ts";
import type { RestrictionStore } from "../ports/restriction-store.ts";

/** Where the policy learns a recipient's standing (restrictions now; preferences later). */
export interface RecipientStandings {
  standingOf(userId: string): Promise<RecipientStanding>;
}

export const restrictionStandings = (restrictions: RestrictionStore): RecipientStandings => ({
  async standingOf(userId) {
    return { restrictions: new Set(await restrictions.scopesOf(userId)) };
  },
});

const NO_STANDING: RecipientStanding = { restrictions: new Set() };

/**
 * The mailer every notify sender is given: it asks the delivery policy before each message and
 * drops what the recipient's standing forbids (answering `suppressed`). A message to someone who
 * is not a user yet (an invitee) has no standing to read. The recipient is read only for
 * categories whose decision depends on it, so service mail costs no extra read.
 */
export const policedMailer = (mailer: Mailer, standings: RecipientStandings): Mailer => ({
  async send(email) {
    if (dependsOnRecipient(email.category)) {
      const standing = email.recipientUserId ? await standings.standingOf(email.recipientUserId) : NO_STANDING;
      const decision = decideDelivery(email.category, standing);
      if (!decision.deliver) return { messageId: undefined, suppressed: decision.reason };
    }
    return mailer.send(email);
  },
  ping: () => mailer.ping(),
});
