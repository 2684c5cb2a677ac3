import { outboxItem } from "../../../../../shared/src/events/outbox.ts";

/**
 * A user created here with a phone (a managed user, or a new user accepting an invitation) has it
 * unconfirmed, as if they had set it themselves; notify's recipient copy learns it from this event.
 */
export const newUserPhoneEvents = (
  identity: { userId: string; fullName: string; locale: "en" | "ru" | "pl"; email?: string; phone?: string },
  actorUserId: string,
  now: Date,
) =>
  identity.phone
    ? [
        outboxItem({
          type: "UserPhoneChanged",
          now,
          actor: { type: "user", userId: actorUserId },
          data: {
            userId: identity.userId,
            phone: { number: identity.phone, status: "unconfirmed" },
            fullName: identity.fullName,
            locale: identity.locale,
            ...(identity.email ? { email: identity.email } : {}),
          },
        }),
      ]
    : [];
