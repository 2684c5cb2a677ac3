import { isConditionFailure } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import type { RecipientStore } from "../ports/recipient-store.ts";

export const tableRecipientStore = (table: TableService): RecipientStore => {
  const { recipient } = table.entities;
  return {
    async save(value, now) {
      await recipient.put({ ...value, updatedAt: now.toISOString() }).go({ response: "none" });
    },
    async update(userId, changes, now) {
      const set = defined(changes);
      try {
        await recipient
          .patch({ userId })
          .set({ ...set, updatedAt: now.toISOString() })
          .go({ response: "none" });
      } catch (error) {
        // No projection yet (the user predates notify's consumer): nothing to keep current.
        if (!isConditionFailure(error)) throw error;
      }
    },
    async get(userId) {
      const { data } = await recipient.get({ userId }).go();
      if (!data) return undefined;
      return {
        userId: data.userId,
        fullName: data.fullName,
        locale: data.locale,
        ...(data.email ? { email: data.email } : {}),
      };
    },
  };
};
