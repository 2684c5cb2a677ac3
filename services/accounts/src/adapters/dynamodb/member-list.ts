import { tableDefinition } from "../../../../../shared/src/table/definition.ts";
import type { TableService } from "../../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../../shared/src/table/pagination.ts";
import type { Member } from "../../domain/member.ts";
import type { Page } from "../../domain/page.ts";
import type { MemberFilter } from "../../ports/member-store.ts";
import { type MembershipItem, member } from "./items.ts";

/**
 * The most members one `?q=` request reads, matching or not: 10 × limit, at most 1,000. A request
 * that reaches it answers with the matches found so far and a cursor to read on from there.
 */
export const memberSearchReadBound = (limit: number) => Math.min(10 * limit, 1_000);

type Index = { partitionKey: string; sortKey: string };
type KeyedItem = MembershipItem & Record<string, unknown>;
type Read = (options: {
  limit: number;
  cursor: string | null;
}) => Promise<{ data: KeyedItem[]; cursor: string | null }>;

/**
 * One page of an account's members. Role and status are key conditions (`membersByRole`,
 * `membersByStatus`), so those pages are full; `?q=` is a filter on top, read until the page is
 * full or `memberSearchReadBound` items were read.
 */
export const listMemberPage = async (
  table: TableService,
  accountId: string,
  filter: MemberFilter,
): Promise<Page<Member>> => {
  const { membership } = table.entities;
  const { role, status, q, limit } = filter;
  const { indexes } = tableDefinition;
  const index: Index | undefined = role ? indexes.membersByRole : status ? indexes.membersByStatus : undefined;
  const cursor = checkedCursor(filter.cursor, `ACCOUNT#${accountId}`, index);
  const query = role
    ? membership.query.membersByRole({ accountId, role, ...(status ? { status } : {}) })
    : status
      ? membership.query.membersByStatus({ accountId, status })
      : membership.query.byAccount({ accountId });
  const matching = q ? query.where((attr, op) => op.contains(attr.searchText, q.toLowerCase())) : query;
  const read: Read = (options) => matching.go({ ...options, data: "includeKeys" }) as ReturnType<Read>;
  if (!q) {
    const page = await read({ limit, cursor });
    return { items: page.data.map(withoutKeys), nextCursor: page.cursor };
  }
  return searchPage(read, index, limit, cursor);
};

/**
 * Matches of `?q=` up to `limit`: a first request reads `limit` items (enough when matches are
 * dense), a second the rest of the bound. A page cut short of a request's matches continues after
 * its last item.
 */
const searchPage = async (read: Read, index: Index | undefined, limit: number, cursor: string | null) => {
  const bound = memberSearchReadBound(limit);
  const found: KeyedItem[] = [];
  let itemsRead = 0;
  let next = cursor;
  do {
    const batch = itemsRead === 0 ? limit : bound - itemsRead;
    const page = await read({ limit: batch, cursor: next });
    itemsRead += batch;
    found.push(...page.data);
    next = page.cursor;
    if (found.length > limit) {
      return { items: found.slice(0, limit).map(withoutKeys), nextCursor: cursorAfter(found[limit - 1], index) };
    }
  } while (next && found.length < limit && itemsRead < bound);
  return { items: found.map(withoutKeys), nextCursor: next };
};

const keyFields = (index: Index | undefined) => [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...(index ? [index.partitionKey, index.sortKey] : []),
];

/** The cursor ElectroDB would give for a page ending at `item` (base64url JSON of its keys). */
const cursorAfter = (item: KeyedItem | undefined, index: Index | undefined) => {
  if (!item) return null;
  const key = Object.fromEntries(keyFields(index).map((field) => [field, item[field]]));
  return Buffer.from(JSON.stringify(key)).toString("base64url");
};

const everyKeyField = Object.values(tableDefinition.indexes).flatMap((index) => [index.partitionKey, index.sortKey]);

const withoutKeys = (item: KeyedItem): Member => {
  const attributes: Record<string, unknown> = { ...item };
  for (const field of [tableDefinition.partitionKey, tableDefinition.sortKey, ...everyKeyField])
    delete attributes[field];
  // ElectroDB's own markers of the entity and its version.
  for (const field of Object.keys(attributes)) if (field.startsWith("__edb_")) delete attributes[field];
  return member(attributes as MembershipItem);
};
