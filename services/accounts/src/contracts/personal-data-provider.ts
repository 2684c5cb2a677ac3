import { ulid } from "ulid";
import { deleteItems } from "../../../../shared/src/privacy/delete-items.ts";
import type {
  ErasureBlocker,
  PersonalDataProvider,
  PersonalDataValue,
} from "../../../../shared/src/privacy/personal-data.ts";
import type { BatchLoader } from "../../../../shared/src/table/batch-get.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";

const json = (value: unknown): PersonalDataValue => (value === undefined ? null : JSON.stringify(value));

/** Items by one of their attributes, each group in the order the items came. */
const groupedBy = <T, K extends keyof T>(items: T[], attribute: K) => {
  const groups = new Map<T[K], T[]>();
  for (const item of items) {
    const group = groups.get(item[attribute]);
    if (group) group.push(item);
    else groups.set(item[attribute], [item]);
  }
  return groups;
};

/**
 * What the export lists: grants in the accounts the user is a member of, and access there and in
 * the sub-accounts granted to them, account by account in the order of the memberships, then of
 * the grants (the partition is sorted by account id; access left in a sub-account whose grant
 * was withdrawn is not reachable, so not listed, though erasure deletes it with the rest).
 */
const reachableHoldings = <
  G extends { parentAccountId: string; subaccountId: string },
  A extends { accountId: string },
>(holdings: {
  memberships: Array<{ accountId: string }>;
  grants: G[];
  access: A[];
}) => {
  const memberAccounts = holdings.memberships.map((m) => m.accountId);
  const grantsIn = groupedBy(holdings.grants, "parentAccountId");
  const grants = memberAccounts.flatMap((accountId) => grantsIn.get(accountId) ?? []);
  const accessIn = groupedBy(holdings.access, "accountId");
  const reached = new Set([...memberAccounts, ...grants.map((g) => g.subaccountId)]);
  return { grants, access: [...reached].flatMap((accountId) => accessIn.get(accountId) ?? []) };
};

/**
 * What the accounts service holds about a person: memberships and roles (with the identity
 * copies kept on them), sub-account grants and resource access. Audit entries hold only ids, so
 * they stay: the user id is then a pseudonym. Reads only the accounts service's items.
 */
export const accountsPersonalData = (
  table: TableService,
  /**
   * Reads a user's holdings in one Query of their `byUser` partition, and account names in one
   * BatchGetItem; coalesces the reads of concurrent exports (the privacy job's) into waves.
   */
  loader: BatchLoader,
  now: () => Date = () => new Date(),
): PersonalDataProvider => {
  const { membership, account, subaccountGrant, resourceAccess } = table.entities;

  const membershipsOf = (userId: string) => loader.query(membership, membership.query.byUser({ userId }));

  /**
   * Memberships, grants and access as one Query reads them: asked in the same wave, the three
   * questions about the user's `byUser` partition share one Query of all of it (every page).
   */
  const holdingsOf = async (userId: string) => {
    const [memberships, grants, access] = await Promise.all([
      membershipsOf(userId),
      loader.query(subaccountGrant, subaccountGrant.query.byUser({ userId })),
      loader.query(resourceAccess, resourceAccess.query.byUser({ userId })),
    ]);
    return { memberships, grants, access };
  };

  const accountNames = async (accountIds: string[]) => {
    const found = await Promise.all(accountIds.map((accountId) => loader.load(account, { accountId })));
    return new Map(
      (found as Array<{ accountId: string; name: string } | undefined>).flatMap((a) =>
        a ? [[a.accountId, a.name]] : [],
      ),
    );
  };

  return {
    service: "accounts",

    async collect(userId) {
      const holdings = await holdingsOf(userId);
      const { memberships } = holdings;
      const accountIds = memberships.map((m) => m.accountId);
      const names = await accountNames(accountIds);
      const { grants, access } = reachableHoldings(holdings);
      return [
        {
          section: "memberships",
          rows: memberships.map((m) => ({
            accountId: m.accountId,
            accountName: names.get(m.accountId) ?? null,
            role: m.role,
            status: m.status,
            rightsOverrides: json(m.rightsOverrides),
            fullName: m.fullName ?? null,
            email: m.email ?? null,
            login: m.login ?? null,
            addedBy: m.addedBy,
            createdAt: m.createdAt,
            updatedAt: m.updatedAt,
          })),
        },
        {
          section: "subaccount_grants",
          rows: grants.map((g) => ({
            parentAccountId: g.parentAccountId,
            subaccountId: g.subaccountId,
            grantedBy: g.grantedBy,
            createdAt: g.createdAt,
          })),
        },
        {
          section: "resource_access",
          rows: access.map((a) => ({
            accountId: a.accountId,
            resourceId: a.resourceId,
            level: a.level,
            grantedBy: a.grantedBy,
            updatedAt: a.updatedAt,
          })),
        },
      ];
    },

    /** An owner of an account others belong to must hand ownership over first. */
    async erasureBlockers(userId) {
      const owned = (await membershipsOf(userId)).filter((m) => m.role === "owner");
      const shared = await Promise.all(
        owned.map(async (m) => {
          const { data } = await membership.query
            .byAccount({ accountId: m.accountId })
            .go({ limit: 2, attributes: ["userId"] });
          return data.some((other) => other.userId !== userId) ? m.accountId : undefined;
        }),
      );
      const accountIds = shared.filter((id): id is string => id !== undefined);
      const names = await accountNames(accountIds);
      return accountIds.map(
        (accountId): ErasureBlocker => ({
          code: "owner_of_shared_account",
          accountId,
          accountName: names.get(accountId) ?? accountId,
        }),
      );
    },

    /**
     * Grants and access first, memberships last (each with its audit entry), so no grant outlives
     * its membership; a rerun after a crash finds whatever is left by the same one Query.
     */
    async erase(userId) {
      const { memberships, grants, access } = await holdingsOf(userId);
      let erased = await deleteItems(
        subaccountGrant,
        grants.map(({ parentAccountId, subaccountId }) => ({ parentAccountId, userId, subaccountId })),
      );
      erased += await deleteItems(
        resourceAccess,
        access.map(({ accountId, resourceId }) => ({ accountId, userId, resourceId })),
      );
      for (const m of memberships) {
        const at = now();
        await commit(
          table.transaction.write(({ membership, auditEntry }) => [
            membership.delete({ accountId: m.accountId, userId }).commit(),
            auditEntry
              .create({
                accountId: m.accountId,
                entryId: ulid(at.getTime()),
                action: "member.erased",
                actorType: "system",
                targetType: "user",
                targetId: userId,
                changes: { role: m.role, reason: "privacy-erasure" },
                at: at.toISOString(),
              })
              .commit(),
          ]),
        );
        erased += 1;
      }
      return erased;
    },
  };
};
