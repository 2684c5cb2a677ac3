import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { batchGetMixed } from "../../../../shared/src/table/batch-get.ts";
import { isConditionFailure } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";
import type { PhoneCodeRecord } from "../domain/phone-codes.ts";
import { CodeUnusable, PhoneChanged, type PhoneStore, ResendTooEarly } from "../ports/phone-store.ts";
import { securityActivityItem } from "./table-security-activity.ts";
import { profileOf } from "./table-user-store.ts";

/** Codes outlive their validity in the table by a day (TTL), so a late guess still finds "expired". */
const CODE_RETENTION_SECONDS = 24 * 60 * 60;

const ttlOf = (record: PhoneCodeRecord) => Math.floor(record.validUntil / 1000) + CODE_RETENTION_SECONDS;

/** The pending code as the use cases see it (the item's TTL left out). */
const codeOf = (item: PhoneCodeRecord | undefined): PhoneCodeRecord | undefined =>
  item && {
    userId: item.userId,
    purpose: item.purpose,
    number: item.number,
    codeHash: item.codeHash,
    codeSalt: item.codeSalt,
    issuedAt: item.issuedAt,
    validUntil: item.validUntil,
    attempts: item.attempts,
  };

/** The phone store on the single table: the profile item and one code item per purpose under USER#<id>. */
export const tablePhoneStore = (table: TableService, client: DynamoDBDocumentClient, tableName: string): PhoneStore => {
  const { phoneCode, user } = table.entities;

  return {
    async getProfileAndCode(userId, purpose) {
      const [profile, code] = await batchGetMixed(client, tableName, [
        { entity: user, key: { userId } },
        { entity: phoneCode, key: { userId, purpose } },
      ]);
      return defined({ profile: profileOf(profile), code: codeOf(code as PhoneCodeRecord | undefined) });
    },

    async setUnconfirmedPhone({ userId, number, now, event }) {
      await commit(
        table.transaction.write(({ user, outboxEvent }) => [
          user
            .patch({ userId })
            .set({ phone: number, phoneStatus: "unconfirmed", updatedAt: now.toISOString() })
            .where((attr, op) => `${op.notExists(attr.phoneStatus)} OR ${op.eq(attr.phoneStatus, "unconfirmed")}`)
            .commit(),
          outboxEvent.create(event).commit(),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new PhoneChanged() : undefined),
      );
    },

    async issueCode({ record, expectedStatus, resendThreshold, event }) {
      await commit(
        table.transaction.write(({ phoneCode, user, outboxEvent }) => [
          phoneCode
            .put({ ...record, attempts: 0, expiresAt: ttlOf(record) })
            .where((attr, op) => `${op.notExists(attr.issuedAt)} OR ${op.lte(attr.issuedAt, resendThreshold)}`)
            .commit(),
          user
            .check({ userId: record.userId })
            .where((attr, op) => `${op.eq(attr.phone, record.number)} AND ${op.eq(attr.phoneStatus, expectedStatus)}`)
            .commit(),
          outboxEvent.create(event).commit(),
        ]),
        (cancelled) =>
          cancelled.failedCondition(0)
            ? new ResendTooEarly()
            : cancelled.failedCondition(1)
              ? new PhoneChanged()
              : undefined,
      );
    },

    async recordWrongAttempt({ record, maxAttempts }) {
      try {
        const { data } = await phoneCode
          .patch({ userId: record.userId, purpose: record.purpose })
          .add({ attempts: 1 })
          .where((attr, op) => `${op.eq(attr.codeHash, record.codeHash)} AND ${op.lt(attr.attempts, maxAttempts)}`)
          .go({ response: "all_new" });
        return data.attempts ?? maxAttempts;
      } catch (error) {
        if (isConditionFailure(error)) throw new CodeUnusable();
        throw error;
      }
    },

    async spendCode({ record, now, maxAttempts, activity, events }) {
      const at = now.toISOString();
      const nowMs = now.getTime();
      const { userId } = record;
      await commit(
        table.transaction.write(({ phoneCode, user, securityActivity, outboxEvent }) => [
          phoneCode
            .delete({ userId, purpose: record.purpose })
            .where(
              (attr, op) =>
                `${op.eq(attr.codeHash, record.codeHash)} AND ${op.lt(attr.attempts, maxAttempts)} AND ${op.gt(attr.validUntil, nowMs)}`,
            )
            .commit(),
          record.purpose === "verify"
            ? user
                .patch({ userId })
                .set({ phoneStatus: "confirmed", updatedAt: at })
                .where(
                  (attr, op) => `${op.eq(attr.phone, record.number)} AND ${op.eq(attr.phoneStatus, "unconfirmed")}`,
                )
                .commit()
            : user
                .patch({ userId })
                .remove(["phone", "phoneStatus"])
                .set({ updatedAt: at })
                .where((attr, op) => `${op.eq(attr.phone, record.number)} AND ${op.eq(attr.phoneStatus, "confirmed")}`)
                .commit(),
          securityActivity.create(securityActivityItem(activity)).commit(),
          ...events.map((event) => outboxEvent.create(event).commit()),
        ]),
        (cancelled) =>
          cancelled.failedCondition(0)
            ? new CodeUnusable()
            : cancelled.failedCondition(1)
              ? new PhoneChanged()
              : undefined,
      );
    },

    async removePhone({ userId, number, now, audit, activity, events }) {
      await commit(
        table.transaction.write(({ phoneCode, user, platformAuditEntry, securityActivity, outboxEvent }) => [
          user
            .patch({ userId })
            .remove(["phone", "phoneStatus"])
            .set({ updatedAt: now.toISOString() })
            .where((attr, op) => op.eq(attr.phone, number))
            .commit(),
          // Codes pending for the removed number must not confirm or remove anything later.
          phoneCode.delete({ userId, purpose: "verify" }).commit(),
          phoneCode.delete({ userId, purpose: "change" }).commit(),
          platformAuditEntry.create(audit).commit(),
          securityActivity.create(securityActivityItem(activity)).commit(),
          ...events.map((event) => outboxEvent.create(event).commit()),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new PhoneChanged() : undefined),
      );
    },
  };
};
