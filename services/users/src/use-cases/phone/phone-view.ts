import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { UserProfile } from "../../ports/user-store.ts";

/** How a profile's phone is shown (GET /v1/me, the member view). */
export const phoneView = (profile: Pick<UserProfile, "phone" | "phoneStatus">) =>
  profile.phone ? { number: profile.phone, status: profile.phoneStatus ?? ("unconfirmed" as const) } : null;

/** What notify needs to keep its recipient copy: the phone as it now is and how to reach the user. */
export const phoneChangedEvent = (
  profile: UserProfile,
  phone: { number: string; status: "unconfirmed" | "confirmed" } | null,
  actor: { type: "user" | "platform-admin"; userId: string },
  now: Date,
) =>
  outboxItem({
    type: "UserPhoneChanged",
    now,
    actor,
    data: {
      userId: profile.userId,
      phone,
      fullName: profile.fullName,
      locale: profile.locale,
      ...(profile.email ? { email: profile.email } : {}),
    },
  });
