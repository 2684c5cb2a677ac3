import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { memberSearchText } from "../../../../../shared/src/table/entities.ts";
import type { AuditEntry } from "../../domain/audit.ts";
import type { AccountsDependencies } from "../dependencies.ts";

/**
 * Provider support changed a user's identity (the users service's event): every account the user
 * owns records it in its audit log, and the member copies of the name and email follow.
 */
export const recordSupportIdentityChange = async (
  deps: AccountsDependencies,
  event: EventDetail<"UserIdentityChangedBySupport">,
) => {
  const { userId, changed } = event.data;
  const memberships = await deps.members.membershipsOf(userId);
  const entries = memberships
    .filter((membership) => membership.role === "owner")
    .map(
      (membership): AuditEntry => ({
        accountId: membership.accountId,
        // The event's id: a redelivery rewrites the same entry.
        entryId: event.eventId,
        action: changed.includes("phone") ? "owner.phone_removed_by_support" : "owner.identity_changed_by_support",
        actorType: "platform-admin",
        ...(event.actor.userId ? { actorUserId: event.actor.userId } : {}),
        targetType: "user",
        targetId: userId,
        changes: { changed },
        at: event.occurredAt,
      }),
    );
  await deps.supportAudit.record(entries);

  if (changed.includes("email") || changed.includes("fullName")) {
    const profile = await deps.identities.getProfile(userId);
    if (!profile) return;
    await deps.members.refreshMemberIdentity(
      userId,
      {
        fullName: profile.fullName,
        ...(profile.email ? { email: profile.email } : {}),
        searchText: memberSearchText(profile),
      },
      deps.now(),
    );
  }
};
