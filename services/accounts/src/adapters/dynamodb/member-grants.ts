import type { TableService } from "../../../../../shared/src/table/entities.ts";
import { type CancellationExplanation, commit } from "../../../../../shared/src/table/transactions.ts";
import type { MemberRemoval } from "../../ports/member-store.ts";

/** DynamoDB's limit of items in one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;

export interface MemberGrants {
  resources: string[];
  subaccounts: string[];
  /** The membership's `grantsVersion` when the grants were read (`undefined`: never written). */
  grantsVersion?: number;
}

/**
 * The grants a removed member holds, to be deleted in the removal's own transaction, which deletes
 * the membership only if its `grantsVersion` is still the one read here. The counter is read first
 * (or was, by the caller: `counted`), then the grants, both strongly consistent: a grant written
 * before the counter was read is in the grants read, one written after it changes the counter. When they do not all fit beside the
 * membership, the sign-in block, the audit entries and the events, the excess goes first, in
 * transactions of their own that each check the membership is still there and not the owner's: a
 * crash between them leaves a member with fewer grants, never a grant without its member.
 */
export const grantsToRemove = async (
  table: TableService,
  removal: MemberRemoval,
  refused: CancellationExplanation,
  counted?: { grantsVersion?: number },
): Promise<MemberGrants> => {
  const { accountId, userId } = removal;
  const { membership, resourceAccess, subaccountGrant } = table.entities;
  const { grantsVersion } =
    counted ??
    (await membership.get({ accountId, userId }).go({ consistent: true, attributes: ["grantsVersion"] })).data ??
    {};
  const [resources, subaccounts] = await Promise.all([
    resourceAccess.query
      .byMember({ accountId, userId })
      .go({ pages: "all", consistent: true, attributes: ["resourceId"] }),
    subaccountGrant.query
      .byMember({ parentAccountId: accountId, userId })
      .go({ pages: "all", consistent: true, attributes: ["subaccountId"] }),
  ]);
  const grants: MemberGrants = {
    resources: resources.data.map((grant) => grant.resourceId),
    subaccounts: subaccounts.data.map((grant) => grant.subaccountId),
    grantsVersion,
  };
  const room = TRANSACTION_ITEMS - 1 - (removal.blockSignIn ? 1 : 0) - removal.audit.length - removal.events.length;
  while (grants.resources.length + grants.subaccounts.length > room) {
    await deleteAheadOfRemoval(table, removal, takeChunk(grants, TRANSACTION_ITEMS - 1), refused);
  }
  return grants;
};

/** Takes up to `size` grants off `grants` (resource grants first). */
const takeChunk = (grants: MemberGrants, size: number): MemberGrants => {
  const resources = grants.resources.splice(0, size);
  const subaccounts = grants.subaccounts.splice(0, size - resources.length);
  return { resources, subaccounts };
};

const deleteAheadOfRemoval = async (
  table: TableService,
  removal: MemberRemoval,
  chunk: MemberGrants,
  refused: CancellationExplanation,
) => {
  const { accountId, userId } = removal;
  await commit(
    table.transaction.write((tx) => [
      tx.membership
        .check({ accountId, userId })
        .where((attr, op) => `${op.exists(attr.role)} AND ${op.ne(attr.role, "owner")}`)
        .commit(),
      ...chunk.resources.map((resourceId) => tx.resourceAccess.delete({ accountId, resourceId, userId }).commit()),
      ...chunk.subaccounts.map((subaccountId) =>
        tx.subaccountGrant.delete({ parentAccountId: accountId, userId, subaccountId }).commit(),
      ),
    ]),
    refused,
  );
};
