import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetMixed } from "../../../../shared/src/table/batch-get.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import type { Member } from "./table-accounts-store.ts";

export interface MemberPhone {
  number: string;
  status: "unconfirmed" | "confirmed";
}

/**
 * The single-member view shows the member's phone, which lives on the users service's profile:
 * both items are read in one BatchGetItem round trip (read only; the users service writes it).
 */
export const tableMemberPhoneReader = (table: TableService, client: DynamoDBDocumentClient, tableName: string) => {
  const { membership, user } = table.entities;
  return {
    async memberWithPhone(
      accountId: string,
      userId: string,
    ): Promise<{ member: Member | undefined; phone: MemberPhone | null }> {
      const [membershipItem, profileItem] = await batchGetMixed(client, tableName, [
        { entity: membership, key: { accountId, userId } },
        { entity: user, key: { userId } },
      ]);
      const profile = profileItem as { phone?: string; phoneStatus?: MemberPhone["status"] } | undefined;
      let member: Member | undefined;
      if (membershipItem) {
        const { searchText: _searchText, ...rest } = defined(membershipItem as Record<string, unknown>);
        member = rest as unknown as Member;
      }
      return {
        member,
        phone: profile?.phone ? { number: profile.phone, status: profile.phoneStatus ?? "unconfirmed" } : null,
      };
    },
  };
};

export type MemberPhoneReader = ReturnType<typeof tableMemberPhoneReader>;
