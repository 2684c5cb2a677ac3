import type { tableEntities } from "../entities.ts";

/**
 * The deliberate exceptions to "a service writes only the items it owns" (STYLE 7: services
 * otherwise react to each other's events). Each one is a write that has to land in the same
 * transaction as the writer's own items, so no event could do it. `test/unit/table-ownership.test.ts`
 * fails on a cross-service write missing here, and on an entry here that no code needs any more.
 */
export const CROSS_SERVICE_WRITES: ReadonlyArray<{
  service: "users" | "accounts" | "privacy" | "notify";
  entity: keyof typeof tableEntities;
  reason: string;
}> = [
  {
    service: "users",
    entity: "account",
    reason:
      "Sign-up (registerOwner) creates the new user's own account with their profile in one transaction: nobody is ever left signed up without an account.",
  },
  {
    service: "users",
    entity: "membership",
    reason:
      "Sign-up (registerOwner) makes the new user the owner of that account in the same transaction as the account and the profile.",
  },
  {
    service: "accounts",
    entity: "user",
    reason:
      "An admin creating a managed user, or an invitation accepted by someone new, creates the profile with the membership in one transaction; renaming a managed identity, setting its session limit, and blocking sign-in when an admin deletes a managed user, change the profile in the same transaction as the membership and the audit entry.",
  },
  {
    service: "accounts",
    entity: "identifier",
    reason:
      "A managed user's login, or a new invitee's email, must be claimed in the same transaction as the profile and membership it names: a taken identifier cancels the whole creation.",
  },
];
