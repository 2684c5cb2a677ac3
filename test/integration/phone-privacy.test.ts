import { beforeAll, describe, expect, it } from "vitest";
import { api, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import { confirmPhone, smsCode, uniquePhone } from "./phone-fixtures.ts";
import {
  eventually,
  exportRecords,
  isExportEmail,
  itemsKeyedBy,
  platformRequest,
  registerPlatformAdmin,
  runPrivacyJob,
  sesEmailsTo,
  testTable,
} from "./privacy-fixtures.ts";

let admin: TestUser;
beforeAll(async () => {
  admin = await registerPlatformAdmin();
});

/** A user with a confirmed phone and a change code pending for it. */
const userWithPhone = async () => {
  const user = await registerVerifiedUser();
  const number = uniquePhone();
  await confirmPhone(user.accessToken, number);
  expect((await api("POST", "/v1/me/phone/change", { token: user.accessToken })).status).toBe(202);
  await smsCode(number, 1);
  // Notify's recipient copy learns the confirmation from the event.
  const { table } = testTable();
  await eventually(
    async () => (await table.entities.recipient.get({ userId: user.userId }).go()).data?.phoneStatus === "confirmed",
    {
      what: "notify's copy of the confirmed phone",
    },
  );
  return { user, number };
};

describe("notify's recipient copy of the phone", () => {
  it("follows the phone: unconfirmed, confirmed, removed (what `sms needs a confirmed phone` reads)", async () => {
    const user = await registerVerifiedUser();
    const number = uniquePhone();
    const { table } = testTable();
    const phoneOf = async () => {
      const { data } = await table.entities.recipient.get({ userId: user.userId }).go();
      return data?.phone ? `${data.phone}:${data.phoneStatus}` : null;
    };
    await api("PUT", "/v1/me/phone", { token: user.accessToken, body: { phone: number } });
    await eventually(async () => (await phoneOf()) === `${number}:unconfirmed`, { what: "the unconfirmed phone" });
    await api("POST", "/v1/me/phone/verification", { token: user.accessToken });
    const { code } = await smsCode(number);
    await api("POST", "/v1/me/phone/verification/confirm", { token: user.accessToken, body: { code } });
    await eventually(async () => (await phoneOf()) === `${number}:confirmed`, { what: "the confirmed phone" });
    await api("POST", "/v1/me/phone/change", { token: user.accessToken });
    const change = await smsCode(number, 1);
    await api("POST", "/v1/me/phone/change/confirm", { token: user.accessToken, body: { code: change.code } });
    await eventually(async () => (await phoneOf()) === null, { what: "the phone removed" });
  });
});

describe("the phone and personal data", () => {
  it("is in the data export: the profile, notify's copy and the pending code's number", async () => {
    const { user, number } = await userWithPhone();
    expect((await api("POST", "/v1/me/privacy/exports", { token: user.accessToken })).status).toBe(202);
    await runPrivacyJob();
    const [email] = await eventually(
      async () => {
        const emails = (await sesEmailsTo(user.email)).filter(isExportEmail);
        return emails.length > 0 && emails;
      },
      { what: "the export email" },
    );
    const records = exportRecords(email as NonNullable<typeof email>);
    const value = (section: string, field: string) =>
      records.filter((r) => r.section === section && r.field === field).map((r) => r.value);
    expect(value("profile", "phone")).toEqual([number]);
    expect(value("profile", "phoneStatus")).toEqual(["confirmed"]);
    expect(value("notification_recipient", "phone")).toEqual([number]);
    expect(value("notification_recipient", "phoneStatus")).toEqual(["confirmed"]);
    expect(value("phone_verification_codes", "number")).toEqual([number]);
    expect(value("phone_verification_codes", "purpose")).toEqual(["change"]);
    // Only the number and times: never the code or its hash.
    expect(records.some((r) => /code(Hash|Salt)/.test(String(r.field)))).toBe(false);
  });

  it("is erased with the user, pending codes included", async () => {
    const { user } = await userWithPhone();
    const { table } = testTable();
    expect((await table.entities.phoneCode.query.byUser({ userId: user.userId }).go()).data).toHaveLength(1);
    const scheduled = await api("POST", "/v1/me/privacy/deletion", { token: user.accessToken });
    expect(scheduled.status).toBe(202);
    await runPrivacyJob(new Date(Date.now() + 31 * 24 * 3600_000));
    await eventually(
      async () => (await platformRequest(admin.accessToken, scheduled.body.requestId))?.status === "completed",
      { what: "the erasure to complete" },
    );
    expect(await itemsKeyedBy(user.userId)).toEqual([]);
  });
});
