import type { TableService } from "../../../../shared/src/table/entities.ts";
import type { RestrictionStore } from "../ports/restriction-store.ts";

export const tableRestrictionStore = (table: TableService): RestrictionStore => {
  const { notifyRestriction } = table.entities;
  return {
    async set(userId, scope, since) {
      await notifyRestriction.put({ userId, scope, since: since.toISOString() }).go({ response: "none" });
    },
    async clear(userId, scope) {
      await notifyRestriction.delete({ userId, scope }).go({ response: "none" });
    },
    async scopesOf(userId) {
      const { data } = await notifyRestriction.query.byUser({ userId }).go({ attributes: ["scope"] });
      return data.map((r) => r.scope);
    },
  };
};
