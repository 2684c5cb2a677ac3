import type { EntityItem } from "electrodb";
import { defined } from "../../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import type { AccountFacts } from "../../domain/access.ts";
import type { IdentitySummary } from "../../domain/identity.ts";
import type { Member } from "../../domain/member.ts";
import type { Resource } from "../../domain/resource.ts";

type Entities = TableService["entities"];
export type AccountItem = EntityItem<Entities["account"]>;
export type MembershipItem = EntityItem<Entities["membership"]>;
export type ResourceItem = EntityItem<Entities["resource"]>;
export type ResourceAccessItem = EntityItem<Entities["resourceAccess"]>;
export type UserItem = EntityItem<Entities["user"]>;

/** The items as the domain sees them: absent attributes dropped, the search copy of a member kept to the table. */
export const accountFacts = (item: AccountItem): AccountFacts => defined(item);
export const member = (item: MembershipItem): Member => {
  const { searchText: _searchText, ...rest } = defined(item);
  return rest;
};
export const resource = (item: ResourceItem): Resource => defined(item);

/** What accounts reads of a user's profile item (the users service's shape). */
export const identitySummary = (item: UserItem | undefined): IdentitySummary | undefined =>
  item
    ? {
        userId: item.userId,
        cognitoUsername: item.cognitoUsername,
        fullName: item.fullName,
        locale: item.locale,
        ...(item.email ? { email: item.email } : {}),
        ...(item.login ? { login: item.login } : {}),
        ...(item.avatarKey ? { avatarKey: item.avatarKey } : {}),
      }
    : undefined;
