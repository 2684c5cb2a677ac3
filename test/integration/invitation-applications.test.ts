import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser, uniqueEmail, waitForMessage } from "../harness/api.ts";

const createApp = async (owner: { accessToken: string; accountId: string }, name: string) => {
  const created = await api("POST", `/v1/accounts/${owner.accountId}/resources`, {
    token: owner.accessToken,
    body: { type: "application", name },
  });
  expect(created.status).toBe(201);
  return created.body.resourceId as string;
};

/** Invites `email` and returns the invitation email's text. */
const invitationEmail = async (
  owner: { accessToken: string; accountId: string },
  body: Record<string, unknown>,
): Promise<string> => {
  const email = uniqueEmail("apps");
  const invited = await api("POST", `/v1/accounts/${owner.accountId}/invitations`, {
    token: owner.accessToken,
    body: { email, ...body },
  });
  expect(invited.status).toBe(201);
  return (await waitForMessage(email, (m) => m.links.some((l) => l.includes("/invitations/accept")))).text;
};

describe("the invitation email's available applications (seed 001)", () => {
  it("lists what the role gives by default as well as explicit grants", async () => {
    const owner = await registerVerifiedUser();
    const crm = await createApp(owner, "CRM Suite");
    await createApp(owner, "Ledger Pro");

    const asAdmin = await invitationEmail(owner, { role: "admin" });
    expect(asAdmin).toContain("CRM Suite (application): use and administer");
    expect(asAdmin).toContain("Ledger Pro (application): use and administer");

    const asViewer = await invitationEmail(owner, { role: "viewer", resources: [{ resourceId: crm, level: "use" }] });
    expect(asViewer).toContain("CRM Suite (application): use");
    expect(asViewer).not.toContain("CRM Suite (application): view");
    expect(asViewer).toContain("Ledger Pro (application): view");
  });

  it("lists only the grants for a role without default access", async () => {
    const owner = await registerVerifiedUser();
    const crm = await createApp(owner, "CRM Suite");
    await createApp(owner, "Ledger Pro");
    const asStandard = await invitationEmail(owner, {
      role: "standard",
      resources: [{ resourceId: crm, level: "use" }],
    });
    expect(asStandard).toContain("CRM Suite (application): use");
    expect(asStandard).not.toContain("Ledger Pro");
  });
});
