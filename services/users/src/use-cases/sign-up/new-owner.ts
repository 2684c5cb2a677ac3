import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { UserStore } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";

/** What accounts learns of a sign-up: the new account and its owner's membership. */
export const ownerAccountEvents = (input: { now: Date; userId: string; accountId: string; accountName: string }) => {
  const { now, userId, accountId, accountName } = input;
  const actor = { type: "user" as const, userId };
  return [
    outboxItem({
      type: "AccountCreated",
      now,
      actor,
      accountId,
      data: { accountId, name: accountName, kind: "standard", ownerUserId: userId },
    }),
    outboxItem({ type: "MemberAdded", now, actor, accountId, data: { accountId, userId, role: "owner" } }),
  ];
};

/**
 * Builds and writes the new owner (login record, profile, account, membership, events) in one transaction.
 * Losing a race (for the address, or the external identity) removes the Cognito user created
 * for it again, and throws the domain error `explain` names (or the store's own error).
 */
export const registerOwnerOrUndo = async (
  deps: UsersDependencies,
  cognitoUsername: string,
  owner: () => Promise<Parameters<UserStore["registerOwner"]>[0]> | Parameters<UserStore["registerOwner"]>[0],
  explain: (error: unknown) => Error | undefined,
) => {
  try {
    await deps.store.registerOwner(await owner());
  } catch (error) {
    await deps.identity.deleteUser(cognitoUsername);
    throw explain(error) ?? error;
  }
};
