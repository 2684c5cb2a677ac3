import { allPages, deleteItems } from "../../../../shared/src/privacy/delete-items.ts";
import type { PersonalDataProvider } from "../../../../shared/src/privacy/personal-data.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";

/**
 * What the notify service holds about a person: how to reach them (its recipient copy) and the
 * restrictions it honours. Reads only the notify service's items.
 */
export const notifyPersonalData = (table: TableService): PersonalDataProvider => {
  const { recipient, notifyRestriction } = table.entities;
  const restrictionsOf = (userId: string) =>
    allPages((cursor) => notifyRestriction.query.byUser({ userId }).go({ cursor }));

  return {
    service: "notify",

    async collect(userId) {
      const [{ data: found }, restrictions] = await Promise.all([
        recipient.get({ userId }).go(),
        restrictionsOf(userId),
      ]);
      return [
        {
          section: "notification_recipient",
          rows: found
            ? [
                {
                  email: found.email ?? null,
                  fullName: found.fullName,
                  locale: found.locale,
                  phone: found.phone ?? null,
                  phoneStatus: found.phoneStatus ?? null,
                  updatedAt: found.updatedAt,
                },
              ]
            : [],
        },
        {
          section: "notification_restrictions",
          rows: restrictions.map((r) => ({ scope: r.scope, since: r.since })),
        },
      ];
    },

    async erasureBlockers() {
      return [];
    },

    async erase(userId) {
      const restrictions = await restrictionsOf(userId);
      const erased = await deleteItems(
        notifyRestriction,
        restrictions.map(({ scope }) => ({ userId, scope })),
      );
      return erased + (await deleteItems(recipient, [{ userId }]));
    },
  };
};
