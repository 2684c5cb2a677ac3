import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser, waitForMessage } from "../harness/api.ts";
import { eventually, runPrivacyJob } from "./privacy-fixtures.ts";

describe("GET /dev/outbox.json", () => {
  it("shows each email's headers and its attachments with their content (base64)", async () => {
    const user = await registerVerifiedUser({ fullName: "Outbox Reader" });
    const verification = await waitForMessage(user.email, (m) => m.links.some((l) => l.includes("/verify-email")));
    expect(verification).toMatchObject({ channel: "email", headers: { "X-Tenantry-Category": "security" } });
    expect(verification.attachments).toEqual([]);

    expect((await api("POST", "/v1/me/privacy/exports", { token: user.accessToken })).status).toBe(202);
    await runPrivacyJob();
    const exported = await eventually(
      async () => {
        const message = await waitForMessage(user.email, (m) => m.attachments.length > 0).catch(() => undefined);
        return message;
      },
      { what: "the export email in the outbox" },
    );
    expect(exported.headers).toMatchObject({ "X-Tenantry-Category": "account" });
    const [attachment] = exported.attachments;
    expect(attachment).toMatchObject({ filename: expect.stringMatching(/\.csv$/), content: expect.any(String) });
    const csv = Buffer.from(attachment?.content ?? "", "base64");
    expect(csv.byteLength).toBe(attachment?.size);
    expect(csv.toString("utf8")).toContain(user.email);
    // A byte-order mark first, so spreadsheet programs read the CSV as UTF-8.
    expect(csv.toString("utf8").split("\r\n")[0]).toBe("\uFEFFsection,record,field,value");
  });
});
