import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetMixed, createBatchLoader } from "../../../../../shared/src/table/batch-get.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import type { AccountFacts } from "../../domain/access.ts";
import type { MemberPhone } from "../../domain/member.ts";
import type { AccessFacts } from "../../ports/access-facts.ts";
import type { AccountStore } from "../../ports/account-store.ts";
import type { MemberStore } from "../../ports/member-store.ts";
import type { ResourceStore } from "../../ports/resource-store.ts";
import { invitationOf, invitationPeople, invitationReads } from "./invitation-reads.ts";
import {
  type AccountItem,
  accountFacts,
  identitySummary,
  type MembershipItem,
  member,
  type ResourceAccessItem,
  type ResourceItem,
  resource as resourceOf,
  type UserItem,
} from "./items.ts";

/** The phone on a user's profile, as the single-member view shows it. */
const phoneOf = (profile: UserItem | undefined): MemberPhone | null =>
  profile?.phone ? { number: profile.phone, status: profile.phoneStatus ?? "unconfirmed" } : null;

const withProfile = (membershipItem: MembershipItem | undefined, profile: UserItem | undefined) => ({
  member: membershipItem ? member(membershipItem) : undefined,
  identity: identitySummary(profile),
  phone: phoneOf(profile),
});

/**
 * The access resolver's reads on the single table: each step one BatchGetItem. The single-item
 * reads come from the stores; `coalesced()` routes them all through one request's batch loader.
 */
export const tableAccessFacts = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
  stores: { accounts: AccountStore; members: MemberStore; resources: ResourceStore },
): AccessFacts => {
  const { account, membership, subaccountGrant, resource, resourceAccess, invitation, user, identifier } =
    table.entities;
  return {
    async loadAccountAndMembership(accountId, userId) {
      const [accountItem, membershipItem] = (await batchGetMixed(client, tableName, [
        { entity: account, key: { accountId } },
        { entity: membership, key: { accountId, userId } },
      ])) as [AccountItem | undefined, MembershipItem | undefined];
      return {
        account: accountItem ? accountFacts(accountItem) : undefined,
        membership: membershipItem ? member(membershipItem) : undefined,
      };
    },

    async loadParentFacts(parentAccountId, userId, subaccountId) {
      const [parentItem, membershipItem, grantItem] = (await batchGetMixed(client, tableName, [
        { entity: account, key: { accountId: parentAccountId } },
        { entity: membership, key: { accountId: parentAccountId, userId } },
        { entity: subaccountGrant, key: { parentAccountId, userId, subaccountId } },
      ])) as [AccountItem | undefined, MembershipItem | undefined, unknown];
      return {
        parent: parentItem ? accountFacts(parentItem) : undefined,
        membership: membershipItem ? member(membershipItem) : undefined,
        hasGrant: Boolean(grantItem),
      };
    },

    getMember: stores.members.getMember,
    accountsByIds: stores.accounts.accountsByIds,
    getResourceWithAccess: stores.resources.getResourceWithAccess,
    resourcesByIds: stores.resources.resourcesByIds,
    async getInvitation(accountId, invitationId) {
      return invitationOf((await invitation.get({ accountId, invitationId }).go()).data);
    },
    peopleOf: invitationReads(table, client, tableName).peopleOf,

    async memberWithProfile(accountId, userId) {
      const [membershipItem, profile] = (await batchGetMixed(client, tableName, [
        { entity: membership, key: { accountId, userId } },
        { entity: user, key: { userId } },
      ])) as [MembershipItem | undefined, UserItem | undefined];
      return withProfile(membershipItem, profile);
    },

    coalesced(options = {}) {
      const loader = createBatchLoader(client, tableName, options);
      const accountOf = async (accountId: string) => {
        const item = (await loader.load(account, { accountId })) as AccountItem | undefined;
        return item ? accountFacts(item) : undefined;
      };
      const memberOf = async (accountId: string, userId: string) => {
        const item = (await loader.load(membership, { accountId, userId })) as MembershipItem | undefined;
        return item ? member(item) : undefined;
      };
      const reads: AccessFacts = {
        async loadAccountAndMembership(accountId, userId) {
          const [found, membershipFound] = await Promise.all([accountOf(accountId), memberOf(accountId, userId)]);
          return { account: found, membership: membershipFound };
        },
        async loadParentFacts(parentAccountId, userId, subaccountId) {
          const [parent, parentMembership, grant] = await Promise.all([
            accountOf(parentAccountId),
            memberOf(parentAccountId, userId),
            loader.load(subaccountGrant, { parentAccountId, userId, subaccountId }),
          ]);
          return { parent, membership: parentMembership, hasGrant: Boolean(grant) };
        },
        getMember: memberOf,
        async accountsByIds(accountIds) {
          const found = await Promise.all(accountIds.map(accountOf));
          return found.filter((a): a is AccountFacts => a !== undefined);
        },
        async getResourceWithAccess(accountId, resourceId, userId) {
          const [resourceItem, accessItem] = await Promise.all([
            loader.load(resource, { accountId, resourceId }) as Promise<ResourceItem | undefined>,
            loader.load(resourceAccess, { accountId, userId, resourceId }) as Promise<ResourceAccessItem | undefined>,
          ]);
          return { resource: resourceItem ? resourceOf(resourceItem) : undefined, level: accessItem?.level };
        },
        async resourcesByIds(accountId, resourceIds) {
          const items = await Promise.all(
            resourceIds.map((resourceId) => loader.load(resource, { accountId, resourceId })),
          );
          return items.flatMap((item) => (item ? [resourceOf(item as ResourceItem)] : []));
        },
        async memberWithProfile(accountId, userId) {
          const [membershipItem, profile] = await Promise.all([
            loader.load(membership, { accountId, userId }) as Promise<MembershipItem | undefined>,
            loader.load(user, { userId }) as Promise<UserItem | undefined>,
          ]);
          return withProfile(membershipItem, profile);
        },
        async getInvitation(accountId, invitationId) {
          return invitationOf(await loader.load(invitation, { accountId, invitationId }));
        },
        async peopleOf({ invitedBy, email }) {
          const [inviterItem, identifierItem] = await Promise.all([
            loader.load(user, { userId: invitedBy }),
            loader.load(identifier, { kind: "email", value: email }),
          ]);
          return invitationPeople(inviterItem, identifierItem);
        },
        coalesced: () => reads,
      };
      return reads;
    },
  };
};
