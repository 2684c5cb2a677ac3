import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { describe, expect, it } from "vitest";
import { sendEmailInput, sesMailer } from "../../services/notify/src/adapters/ses-mailer.ts";
import { dataExportDelivery } from "../../services/notify/src/contracts/export-delivery.ts";
import type { Mailer, OutgoingEmail } from "../../services/notify/src/ports/mailer.ts";
import { privacyEmailTemplates } from "../../services/notify/src/templates/privacy-email-templates.ts";

const email: OutgoingEmail = {
  to: "ann@example.test",
  subject: "Your personal data export",
  text: "Hello Ann",
  html: "<p>Hello Ann</p>",
  category: "account",
  attachments: [{ filename: "personal-data.csv", contentType: "text/csv; charset=utf-8", content: "a,b\r\nЖ,2\r\n" }],
};

/** Records the commands the mailer sends instead of calling SES. */
const recordingClient = () => {
  const sent: Array<{ input: Record<string, any> }> = [];
  const client = {
    send: async (command: { input: Record<string, any> }) => {
      sent.push(command);
      return { MessageId: `msg-${sent.length}` };
    },
  } as unknown as SESv2Client;
  return { client, sent };
};

describe("the SES message", () => {
  it("carries the text, the HTML, the category header and the attachment intact as Simple content", async () => {
    const { client, sent } = recordingClient();
    const mailer = sesMailer({ from: "no-reply@tenantry.example" }, client);
    expect(await mailer.send({ ...email, headers: { "List-Unsubscribe": "<https://x.test/u>" } })).toEqual({
      messageId: "msg-1",
    });
    const input = sent[0]?.input as ReturnType<typeof sendEmailInput>;
    expect(input.Destination).toEqual({ ToAddresses: ["ann@example.test"] });
    expect(input.Content.Simple.Subject.Data).toBe("Your personal data export");
    expect(input.Content.Simple.Body.Text.Data).toBe("Hello Ann");
    expect(input.Content.Simple.Headers).toEqual([
      { Name: "X-Tenantry-Category", Value: "account" },
      { Name: "List-Unsubscribe", Value: "<https://x.test/u>" },
    ]);
    const [attachment] = input.Content.Simple.Attachments ?? [];
    expect(attachment?.FileName).toBe("personal-data.csv");
    expect(attachment?.ContentType).toBe("text/csv; charset=utf-8");
    expect(Buffer.from(attachment?.RawContent as Uint8Array).toString("utf8")).toBe("a,b\r\nЖ,2\r\n");
  });

  it("sends no attachment list when there are no files", () => {
    const { attachments: _none, ...plain } = email;
    expect(sendEmailInput("no-reply@tenantry.example", plain).Content.Simple).not.toHaveProperty("Attachments");
  });
});

describe("the export delivery contract", () => {
  it("sends the CSV as an attachment in the recipient's language and returns SES's message id", async () => {
    const outgoing: OutgoingEmail[] = [];
    const mailer: Mailer = {
      send: async (message) => {
        outgoing.push(message);
        return { messageId: "ses-1" };
      },
      ping: async () => undefined,
    };
    const result = await dataExportDelivery(mailer).deliver({
      to: "ola@example.test",
      fullName: "Ola",
      locale: "pl",
      requestId: "r1",
      requestedAt: "2026-11-22T10:00:00Z",
      filename: "personal-data-2026-11-22.csv",
      csv: "section,record,field,value\r\n",
    });
    expect(result).toEqual({ messageId: "ses-1" });
    expect(outgoing[0]).toMatchObject({
      to: "ola@example.test",
      subject: "Eksport Twoich danych osobowych",
      category: "account",
      attachments: [{ filename: "personal-data-2026-11-22.csv", contentType: "text/csv; charset=utf-8" }],
    });
  });
});

describe("privacy email templates", () => {
  it.each(["en", "ru", "pl"] as const)("renders every privacy email in %s", (locale) => {
    const exported = privacyEmailTemplates.dataExport(locale, { fullName: "Ann", requestedAt: "2026-11-22T10:00:00Z" });
    expect(exported.text).toContain("Ann");
    expect(exported.text).toContain("2026");
    const updated = privacyEmailTemplates.policyUpdated(locale, {
      fullName: "Ann",
      title: "Terms",
      version: 3,
      summary: "Shorter retention",
      url: "https://tenantry.example/terms",
      required: true,
    });
    expect(updated.subject).toContain("Terms");
    expect(updated.text).toContain("Shorter retention");
    expect(updated.html).toContain('href="https://tenantry.example/terms"');
    const blocked = privacyEmailTemplates.erasureBlocked(locale, { fullName: "Ann", accountNames: ["Acme", "Beta"] });
    expect(blocked.text).toContain("Acme, Beta");
  });

  it("says whether acceptance is needed, and escapes HTML", () => {
    const base = { fullName: "<b>Ann</b>", title: "T", version: 2, summary: "s" };
    expect(privacyEmailTemplates.policyUpdated("en", { ...base, required: true }).text).toContain("accept it");
    expect(privacyEmailTemplates.policyUpdated("en", { ...base, required: false }).text).not.toContain("accept it");
    const html = privacyEmailTemplates.policyUpdated("en", { ...base, required: false }).html;
    expect(html).toContain("&lt;b&gt;Ann&lt;/b&gt;");
    expect(html).not.toContain("<b>Ann</b>");
  });
});
