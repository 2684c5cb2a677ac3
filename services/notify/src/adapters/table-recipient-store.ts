import { conditionHeld } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import type { Recipient, RecipientStore } from "../ports/recipient-store.ts";

export type RecipientItem = Awaited<
  ReturnType<ReturnType<TableService["entities"]["recipient"]["get"]>["go"]>
>["data"] & {};

/** Notify's copy of a user's contact, as the table stores it. */
export const toRecipient = (data: RecipientItem): Recipient => ({
  userId: data.userId,
  fullName: data.fullName,
  locale: data.locale,
  ...(data.email ? { email: data.email } : {}),
  ...(data.phone ? { phone: { number: data.phone, status: data.phoneStatus ?? "unconfirmed" } } : {}),
  ...(data.telegram ? { telegram: data.telegram } : {}),
});

export const tableRecipientStore = (table: TableService): RecipientStore => {
  const { recipient } = table.entities;
  return {
    async save(value, now) {
      const { phone, ...contact } = value;
      await recipient
        .put({
          ...contact,
          ...(phone ? { phone: phone.number, phoneStatus: phone.status } : {}),
          updatedAt: now.toISOString(),
        })
        .go({ response: "none" });
    },
    async update(userId, changes, now) {
      const set = defined(changes);
      // A failed condition means no projection yet (the user predates notify's consumer): nothing to keep current.
      await conditionHeld(
        recipient
          .patch({ userId })
          .set({ ...set, updatedAt: now.toISOString() })
          .go({ response: "none" }),
      );
    },
    async get(userId) {
      const { data } = await recipient.get({ userId }).go();
      return data ? toRecipient(data) : undefined;
    },
    async setPhone(userId, phone, changedAt, contact, now) {
      const updatedAt = now.toISOString();
      const newer = async () => {
        const stamp = { phoneUpdatedAt: changedAt, updatedAt };
        const patch = recipient.patch({ userId });
        const write = phone
          ? patch.set({ ...stamp, phone: phone.number, phoneStatus: phone.status })
          : patch.set(stamp).remove(["phone", "phoneStatus"]);
        return conditionHeld(
          write
            .where((attr, op) => `${op.notExists(attr.phoneUpdatedAt)} OR ${op.lt(attr.phoneUpdatedAt, changedAt)}`)
            .go({ response: "none" }),
        );
      };
      if (await newer()) return;
      // Either a later change is recorded (keep it) or there is no copy yet (make one).
      const created = await conditionHeld(
        recipient
          .create({
            userId,
            ...defined(contact),
            ...(phone ? { phone: phone.number, phoneStatus: phone.status } : {}),
            phoneUpdatedAt: changedAt,
            updatedAt,
          })
          .go({ response: "none" }),
      );
      // Created meanwhile (by sign-up or another change): apply this change if it is the later one.
      if (!created) await newer();
    },
  };
};
