import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import { memberSearchText } from "../../../../shared/src/table/entities.ts";
import type { AccountsDependencies } from "../use-cases/dependencies.ts";
import { recordSupportIdentityChange } from "../use-cases/members/record-support-identity-change.ts";

/** What the accounts service does with the events it subscribes to. */
export const accountsEventHandlers = (deps: AccountsDependencies): EventHandlers => ({
  /**
   * A deleted account's items are purged after the fact; the tombstone keeps answering 404. A
   * sub-account's grants live in its parent's partition: they go too, or members would keep
   * showing (and exporting) a grant of an account that no longer exists.
   */
  AccountDeleted: async (event) => {
    const { accountId, parentAccountId } = event.data;
    await deps.accounts.purgeAccount(accountId);
    if (parentAccountId) await deps.hierarchy.deleteGrantsTo(parentAccountId, accountId);
  },
  /** Members lists show names and avatars and are searched by names: keep the copies current. */
  ProfileUpdated: async (event) => {
    const { changed } = event.data;
    const nameChanged = changed.includes("fullName");
    const avatarChanged = changed.includes("avatar");
    if (!nameChanged && !avatarChanged) return;
    // The profile as it is now, not as the event saw it: a late or redelivered event never restores an old value.
    const profile = await deps.identities.getProfile(event.data.userId);
    if (!profile) return;
    await deps.members.refreshMemberIdentity(
      profile.userId,
      {
        ...(nameChanged ? { fullName: profile.fullName, searchText: memberSearchText(profile) } : {}),
        ...(avatarChanged ? { avatarKey: profile.avatarKey ?? null } : {}),
      },
      deps.now(),
    );
  },
  /** Provider support changed a user: audited in each account the user owns. */
  UserIdentityChangedBySupport: (event) => recordSupportIdentityChange(deps, event),
});
