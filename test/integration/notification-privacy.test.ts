import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser } from "../harness/api.ts";
import { putPreferences } from "./notification-fixtures.ts";
import {
  eventually,
  exportRecords,
  isExportEmail,
  itemsKeyedBy,
  registerPlatformAdmin,
  runPrivacyJob,
  sesEmailsTo,
  testTable,
} from "./privacy-fixtures.ts";

const DAY = 24 * 3600_000;

describe("notification preferences and privacy (SPEC 6.5)", () => {
  it("are part of the data export", async () => {
    const user = await registerVerifiedUser();
    expect((await putPreferences(user, { news: { email: true }, billing: { email: false } })).status).toBe(200);
    expect((await api("POST", "/v1/me/privacy/exports", { token: user.accessToken })).status).toBe(202);
    await runPrivacyJob();
    const email = await eventually(async () => (await sesEmailsTo(user.email)).find(isExportEmail), {
      what: "the export email",
    });
    const records = exportRecords(email);
    const rows = new Map<string, Record<string, string>>();
    for (const r of records.filter((r) => r.section === "notification_preferences")) {
      const row = rows.get(r.record ?? "") ?? {};
      row[r.field ?? ""] = r.value ?? "";
      rows.set(r.record ?? "", row);
    }
    const byKey = new Map([...rows.values()].map((row) => [`${row.category}.${row.channel}`, row]));
    expect(byKey.size).toBe(15);
    expect(byKey.get("news.email")).toMatchObject({ enabled: "true", chosen: "true" });
    expect(byKey.get("billing.email")).toMatchObject({ enabled: "false", chosen: "true" });
    expect(byKey.get("security.email")).toMatchObject({ enabled: "true", chosen: "false" });
  });

  it("are erased with the user, the news subscribers' index included", async () => {
    await registerPlatformAdmin();
    const user = await registerVerifiedUser();
    expect((await putPreferences(user, { news: { email: true } })).status).toBe(200);
    const { notificationPreferences, newsSubscriber } = testTable().table.entities;
    expect((await newsSubscriber.get({ userId: user.userId }).go()).data).toBeTruthy();
    expect((await api("POST", "/v1/me/privacy/deletion", { token: user.accessToken })).status).toBe(202);
    await runPrivacyJob(new Date(Date.now() + 31 * DAY));
    await eventually(async () => (await itemsKeyedBy(user.userId)).length === 0, {
      what: "every item of the user to be erased",
      timeoutMs: 30_000,
    });
    expect((await notificationPreferences.get({ userId: user.userId }).go()).data).toBeNull();
    expect((await newsSubscriber.get({ userId: user.userId }).go()).data).toBeNull();
  });
});
