import { ulid } from "ulid";
import { allPages, deleteItems } from "../../../../shared/src/privacy/delete-items.ts";
import type {
  ErasureBlocker,
  PersonalDataProvider,
  PersonalDataValue,
} from "../../../../shared/src/privacy/personal-data.ts";
import type { BatchLoader } from "../../../../shared/src/table/batch-get.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";

const json = (value: unknown): PersonalDataValue => (value === undefined ? null : JSON.stringify(value));

/**
 * What the accounts service holds about a person: memberships and roles (with the identity
 * copies kept on them), sub-account grants and resource access. Audit entries hold only ids, so
 * they stay: the user id is then a pseudonym. Reads only the accounts service's items.
 */
export const accountsPersonalData = (
  table: TableService,
  now: () => Date = () => new Date(),
  /** Coalesces the single-item reads of concurrent exports into BatchGetItem calls (the privacy job's). */
  loader?: BatchLoader,
): PersonalDataProvider => {
  const { membership, account, subaccountGrant, resourceAccess } = table.entities;

  const membershipsOf = (userId: string) => allPages((cursor) => membership.query.byUser({ userId }).go({ cursor }));

  /** Grants in the accounts the user is a member of, and access items there and in granted sub-accounts. */
  const holdingsOf = async (userId: string, accountIds: string[]) => {
    const grants = (
      await Promise.all(
        accountIds.map((parentAccountId) =>
          allPages((cursor) => subaccountGrant.query.byMember({ parentAccountId, userId }).go({ cursor })),
        ),
      )
    ).flat();
    const accessAccounts = [...new Set([...accountIds, ...grants.map((g) => g.subaccountId)])];
    const access = (
      await Promise.all(
        accessAccounts.map((accountId) =>
          allPages((cursor) => resourceAccess.query.byMember({ accountId, userId }).go({ cursor })),
        ),
      )
    ).flat();
    return { grants, access };
  };

  const accountNames = async (accountIds: string[]) => {
    if (accountIds.length === 0) return new Map<string, string>();
    if (loader) {
      const found = await Promise.all(accountIds.map((accountId) => loader.load(account, { accountId })));
      return new Map(
        (found as Array<{ accountId: string; name: string } | undefined>).flatMap((a) =>
          a ? [[a.accountId, a.name]] : [],
        ),
      );
    }
    const { data } = await account.get(accountIds.map((accountId) => ({ accountId }))).go();
    return new Map(data.map((a) => [a.accountId, a.name]));
  };

  return {
    service: "accounts",

    async collect(userId) {
      const memberships = await membershipsOf(userId);
      const accountIds = memberships.map((m) => m.accountId);
      const [names, { grants, access }] = await Promise.all([accountNames(accountIds), holdingsOf(userId, accountIds)]);
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
     * Grants and access first, memberships last (each with its audit entry): the memberships are
     * what a rerun after a crash finds the rest by.
     */
    async erase(userId) {
      const memberships = await membershipsOf(userId);
      const { grants, access } = await holdingsOf(
        userId,
        memberships.map((m) => m.accountId),
      );
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
