import { describe, expect, it } from "vitest";
import { tableRestrictionStore } from "../../services/notify/src/adapters/table-restriction-store.ts";
import {
  api,
  inviteNewMember,
  messagesTo,
  registerVerifiedUser,
  STRONG_PASSWORD,
  uniqueEmail,
  waitForMessage,
} from "../harness/api.ts";
import { eventually, registerPlatformAdmin, testTable } from "./privacy-fixtures.ts";

describe("restriction of processing and partner reports (SPEC 6.5)", () => {
  it("leaves an operator who restricted processing out of partner reports; others still get them", async () => {
    const admin = await registerPlatformAdmin();
    const partner = await registerVerifiedUser({ accountName: "Partner Reports Co" });
    const madePartner = await api("PATCH", `/v1/platform/accounts/${partner.accountId}`, {
      token: admin.accessToken,
      body: { kind: "partner" },
    });
    expect(madePartner.status).toBe(200);
    const [restricted, unrestricted] = await Promise.all([
      inviteNewMember(partner.accessToken, partner.accountId, "operator"),
      inviteNewMember(partner.accessToken, partner.accountId, "operator"),
    ]);
    expect(
      (
        await api("POST", "/v1/me/privacy/restriction", {
          token: restricted.accessToken,
          body: { scope: "processing" },
        })
      ).status,
    ).toBe(200);
    const notifyRestrictions = tableRestrictionStore(testTable().table);
    await eventually(async () => (await notifyRestrictions.scopesOf(restricted.userId)).includes("processing"), {
      what: "notify to learn of the restriction",
    });

    const created = await api("POST", `/v1/accounts/${partner.accountId}/managed-accounts`, {
      token: partner.accessToken,
      body: { name: "Restricted Client", ownerEmail: uniqueEmail("client"), ownerFullName: "Client Owner" },
    });
    expect(created.status).toBe(201);
    const isReport = (m: { subject: string | null }) => m.subject === "Client report: Restricted Client";
    await waitForMessage(unrestricted.email, isReport);
    // The local bus delivers a shard's events one after another: once the next report (the client's
    // owner joined) reached the unrestricted operator, the first one was handled for every recipient.
    const ownerToken = new URL(created.body.ownerInvitation.link).searchParams.get("token");
    const joined = await api("POST", `/v1/invitations/${ownerToken}/accept`, { body: { password: STRONG_PASSWORD } });
    expect(joined.status).toBe(201);
    await waitForMessage(unrestricted.email, isReport, { skip: 1 });
    expect((await messagesTo(restricted.email)).filter(isReport)).toEqual([]);
  });
});
