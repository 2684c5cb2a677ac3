import type { AccountFacts, ResourceLevel } from "../../services/accounts/src/domain/access.ts";
import type { Member } from "../../services/accounts/src/domain/member.ts";
import type { Resource } from "../../services/accounts/src/domain/resource.ts";
import type { Role } from "../../services/accounts/src/domain/roles.ts";
import type { AccessFacts } from "../../services/accounts/src/ports/access-facts.ts";

/**
 * The table as the accounts access rules see it, in memory: accounts, memberships, sub-account
 * grants and resource grants. Tests build one with the helpers below and hand `accessFacts(world)`
 * to the use cases in place of the DynamoDB adapter.
 */
export interface AccountsWorld {
  accounts: AccountFacts[];
  members: Member[];
  /** A parent member's grant to enter one sub-account (rule 2 for roles below admin). */
  subaccountGrants: Array<{ parentAccountId: string; subaccountId: string; userId: string }>;
  resources: Resource[];
  resourceGrants: Array<{ accountId: string; resourceId: string; userId: string; level: ResourceLevel | "none" }>;
}

export const emptyWorld = (): AccountsWorld => ({
  accounts: [],
  members: [],
  subaccountGrants: [],
  resources: [],
  resourceGrants: [],
});

/** An active standard account; pass what the test is about. */
export const account = (accountId: string, facts: Partial<AccountFacts> = {}): AccountFacts => ({
  accountId,
  name: `Account ${accountId}`,
  kind: "standard",
  status: "active",
  adminsCanGrantAdmin: true,
  version: 1,
  ...facts,
});

/** An active membership of `userId` in `accountId` with `role`. */
export const member = (accountId: string, userId: string, role: Role, facts: Partial<Member> = {}): Member => ({
  accountId,
  userId,
  role,
  status: "active",
  fullName: `User ${userId}`,
  email: `${userId}@example.test`,
  addedBy: "founder",
  version: 1,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...facts,
});

export const resource = (accountId: string, resourceId: string): Resource => ({
  accountId,
  resourceId,
  type: "application",
  name: `Resource ${resourceId}`,
  version: 1,
  createdBy: "founder",
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

/** In-memory `AccessFacts` over a world; `rounds` counts the calls, as the adapter's round trips. */
export const accessFacts = (world: AccountsWorld): AccessFacts & { rounds: number } => {
  const findAccount = (accountId: string) => world.accounts.find((a) => a.accountId === accountId);
  const findMember = (accountId: string, userId: string) =>
    world.members.find((m) => m.accountId === accountId && m.userId === userId);
  const facts: AccessFacts & { rounds: number } = {
    rounds: 0,
    async loadAccountAndMembership(accountId, userId) {
      facts.rounds += 1;
      return { account: findAccount(accountId), membership: findMember(accountId, userId) };
    },
    async loadParentFacts(parentAccountId, userId, subaccountId) {
      facts.rounds += 1;
      return {
        parent: findAccount(parentAccountId),
        membership: findMember(parentAccountId, userId),
        hasGrant: world.subaccountGrants.some(
          (g) => g.parentAccountId === parentAccountId && g.subaccountId === subaccountId && g.userId === userId,
        ),
      };
    },
    async getMember(accountId, userId) {
      facts.rounds += 1;
      return findMember(accountId, userId);
    },
    async accountsByIds(accountIds) {
      facts.rounds += 1;
      return accountIds.flatMap((id) => findAccount(id) ?? []);
    },
    async getResourceWithAccess(accountId, resourceId, userId) {
      facts.rounds += 1;
      return {
        resource: world.resources.find((r) => r.accountId === accountId && r.resourceId === resourceId),
        level: world.resourceGrants.find(
          (g) => g.accountId === accountId && g.resourceId === resourceId && g.userId === userId,
        )?.level,
      };
    },
    async resourcesByIds(accountId, resourceIds) {
      facts.rounds += 1;
      return world.resources.filter((r) => r.accountId === accountId && resourceIds.includes(r.resourceId));
    },
    async memberWithProfile(accountId, userId) {
      facts.rounds += 1;
      return { member: findMember(accountId, userId), identity: undefined, phone: null };
    },
    // This world holds no invitations nor users.
    async getInvitation() {
      facts.rounds += 1;
      return undefined;
    },
    async peopleOf() {
      facts.rounds += 1;
      return { inviter: undefined, inviteeUserId: undefined };
    },
    coalesced: () => facts,
  };
  return facts;
};
