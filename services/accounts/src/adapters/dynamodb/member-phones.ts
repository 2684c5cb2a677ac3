import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetMixed } from "../../../../../shared/src/table/batch-get.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import type { MemberPhones } from "../../ports/member-phones.ts";
import { type MembershipItem, member, type UserItem } from "./items.ts";

/**
 * The single-member view shows the member's phone, which lives on the users service's profile:
 * both items are read in one BatchGetItem round trip (read only; the users service writes it).
 */
export const tableMemberPhones = (
  table: TableService,
  client: DynamoDBDocumentClient,
  tableName: string,
): MemberPhones => {
  const { membership, user } = table.entities;
  return {
    async memberWithPhone(accountId, userId) {
      const [membershipItem, profile] = (await batchGetMixed(client, tableName, [
        { entity: membership, key: { accountId, userId } },
        { entity: user, key: { userId } },
      ])) as [MembershipItem | undefined, UserItem | undefined];
      return {
        member: membershipItem ? member(membershipItem) : undefined,
        phone: profile?.phone ? { number: profile.phone, status: profile.phoneStatus ?? "unconfirmed" } : null,
      };
    },
  };
};
