import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { EntityItem } from "electrodb";
import { batchGetMixed, createBatchLoader } from "../../../../../shared/src/table/batch-get.ts";
import { defined } from "../../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import type { Invitation } from "../../domain/invitation.ts";
import type { InvitationStore } from "../../ports/invitation-store.ts";
import { type AccountItem, accountFacts, identitySummary, type MembershipItem, type UserItem } from "./items.ts";

type InvitationItem = EntityItem<TableService["entities"]["invitation"]>;
type IdentifierItem = EntityItem<TableService["entities"]["identifier"]>;

/** The people an invitation involves, from the inviter's user item and the invited address's login record. */
export const invitationPeople = (inviterItem: unknown, identifierItem: unknown) => ({
  inviter: identitySummary(inviterItem as UserItem | undefined),
  inviteeUserId: (identifierItem as IdentifierItem | undefined)?.userId,
});

/** An invitation item as the domain sees it. */
export const invitationOf = (item: unknown) => (item ? (defined(item as InvitationItem) as Invitation) : undefined);

/**
 * The reads around an invitation link, each a single BatchGetItem of keys known beforehand
 * (SPEC 6.8 round-trip budget): the invitation with its account and the reader, the inviter with
 * the invited address's login record, a prospective member's membership with their profile.
 */
export const invitationReads = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): Pick<InvitationStore, "openLink" | "peopleOf" | "standingOf"> => {
  const { invitation, linkToken, account, user, identifier, membership } = table.entities;
  return {
    async openLink(tokenHash, readerUserId) {
      const { data: link } = await linkToken.get({ tokenHash }).go();
      if (link?.purpose !== "invitation" || !link.accountId || !link.invitationId) return undefined;
      const { invitedBy, email } = link;
      const namesPeople = invitedBy !== undefined && email !== undefined;
      // One BatchGetItem; the loader reads a key asked twice (the reader is the inviter) once.
      const loader = createBatchLoader(client, tableName);
      const [invitationItem, accountItem, readerItem, inviterItem, identifierItem] = await Promise.all([
        loader.load(invitation, { accountId: link.accountId, invitationId: link.invitationId }),
        loader.load(account, { accountId: link.accountId }),
        readerUserId ? loader.load(user, { userId: readerUserId }) : undefined,
        namesPeople ? loader.load(user, { userId: invitedBy }) : undefined,
        namesPeople ? loader.load(identifier, { kind: "email", value: email }) : undefined,
      ]);
      if (!invitationItem) return undefined;
      return {
        invitation: invitationOf(invitationItem) as Invitation,
        account: accountItem ? accountFacts(accountItem as AccountItem) : undefined,
        ...(readerUserId ? { reader: identitySummary(readerItem as UserItem | undefined) } : {}),
        ...(namesPeople ? { people: invitationPeople(inviterItem, identifierItem) } : {}),
      };
    },

    async peopleOf({ invitedBy, email }) {
      const [inviterItem, identifierItem] = await batchGetMixed(client, tableName, [
        { entity: user, key: { userId: invitedBy } },
        { entity: identifier, key: { kind: "email", value: email } },
      ]);
      return invitationPeople(inviterItem, identifierItem);
    },

    async standingOf(accountId, userId) {
      const [membershipItem, userItem] = await batchGetMixed(client, tableName, [
        { entity: membership, key: { accountId, userId } },
        { entity: user, key: { userId } },
      ]);
      return {
        isMember: Boolean(membershipItem as MembershipItem | undefined),
        profile: identitySummary(userItem as UserItem | undefined),
      };
    },
  };
};
