// Owner: notify — the notify service writes it (exceptions: ../cross-service-writes.ts).
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

/**
 * A user's own choices of channels per message category (SPEC 6.6); what they never chose follows
 * the defaults. `version` orders concurrent changes (every write is conditional on the one read).
 */
export const notificationPreferencesEntity = defineEntity({
  model: { entity: "notificationPreferences", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    userId: { type: "string", required: true, readOnly: true },
    /** `{<category>: {email?, sms?, telegram?}}`: only what the user set. */
    choices: { type: "any", required: true },
    version: { type: "number", required: true },
    updatedAt: { type: "string", required: true },
  },
  indexes: {
    byUser: primary("USER#${userId}", ["userId"], "NOTIFY#PREFERENCES", []),
  },
});

export type NotificationPreferencesItem = EntityItem<ReturnType<typeof notificationPreferencesEntity>>;
