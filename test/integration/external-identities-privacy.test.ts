import { beforeAll, describe, expect, it } from "vitest";
import { api, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import { PROVIDER, uniqueProviderLogin } from "../harness/openid-provider-browser.ts";
import { linkProvider, signInWithProvider } from "./openid-fixtures.ts";
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

const DAY = 24 * 3600_000;

let admin: TestUser;
beforeAll(async () => {
  admin = await registerPlatformAdmin();
});

describe("linked identities and privacy", () => {
  it("are part of the user's data export", async () => {
    const user = await registerVerifiedUser();
    const login = uniqueProviderLogin("exported");
    expect((await linkProvider(user.accessToken, login)).status).toBe(200);
    expect((await api("POST", "/v1/me/privacy/exports", { token: user.accessToken })).status).toBe(202);
    await runPrivacyJob();
    const [email] = await eventually(
      async () => {
        const emails = (await sesEmailsTo(user.email)).filter(isExportEmail);
        return emails.length > 0 && emails;
      },
      { what: "the export email" },
    );
    const records = exportRecords(email as NonNullable<typeof email>).filter(
      (r) => r.section === "external_identities",
    );
    const field = (name: string) => records.filter((r) => r.field === name).map((r) => r.value);
    expect(field("provider")).toEqual([PROVIDER]);
    expect(field("subject")).toEqual([login]);
    expect(field("email")).toEqual([login]);
  });

  it("are erased with the user: the identity no longer signs in as them, and its claim is free", async () => {
    const user = await registerVerifiedUser();
    const login = uniqueProviderLogin("erased");
    expect((await linkProvider(user.accessToken, login)).status).toBe(200);
    const scheduled = await api("POST", "/v1/me/privacy/deletion", { token: user.accessToken });
    expect(scheduled.status).toBe(202);
    await runPrivacyJob(new Date(Date.now() + 31 * DAY));
    await eventually(
      async () => (await platformRequest(admin.accessToken, scheduled.body.requestId))?.status === "completed",
      { what: "the erasure to complete", timeoutMs: 60_000 },
    );
    expect(await itemsKeyedBy(user.userId)).toEqual([]);
    const { table } = testTable();
    const claim = await table.entities.externalSubjectClaim.get({ provider: PROVIDER, subject: login }).go();
    expect(claim.data).toBeNull();
    // The identity is unknown now: signing in with it starts a new user, never the erased one.
    const signedIn = await signInWithProvider(login);
    expect(signedIn.status).toBe(200);
    const me = await api("GET", "/v1/me", { token: signedIn.body.accessToken });
    expect(me.body.userId).not.toBe(user.userId);
  }, 120_000);
});
