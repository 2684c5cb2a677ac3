import { monotonicFactory } from "ulid";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { checkedCursor } from "../../../../shared/src/table/pagination.ts";
import type { SecurityActivityEntry, SecurityActivityLog, SecurityActivityType } from "../ports/security-activity.ts";

// Monotonic: two events of one request in the same millisecond keep their order.
const ulid = monotonicFactory();

/** The table item of one entry, for writing it alone or inside another change's transaction. */
export const securityActivityItem = ({ userId, type, at, ip, userAgent }: SecurityActivityEntry) => ({
  userId,
  activityId: ulid(at.getTime()),
  type,
  at: at.toISOString(),
  ip,
  userAgent,
});

/** The security log under the user's partition (ACTIVITY#<ulid>): one query per page, newest first. */
export const tableSecurityActivityLog = (table: TableService): SecurityActivityLog => {
  const { securityActivity } = table.entities;
  return {
    async record(entry) {
      await securityActivity.create(securityActivityItem(entry)).go({ response: "none" });
    },
    async list(userId, { limit, cursor }) {
      const page = await securityActivity.query
        .byUser({ userId })
        .go({ order: "desc", limit, cursor: checkedCursor(cursor, `USER#${userId}`) });
      return {
        items: page.data.map((item) => ({
          type: item.type as SecurityActivityType,
          at: item.at,
          ip: item.ip,
          userAgent: item.userAgent,
        })),
        nextCursor: page.cursor ?? null,
      };
    },
  };
};
