import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { describe, expect, it } from "vitest";
import { sesMailer, singleLineHeader } from "../../services/notify/src/adapters/ses-mailer.ts";
import type { OutgoingEmail } from "../../services/notify/src/ports/mailer.ts";
import { nameSchema } from "../../shared/src/http/name-schema.ts";

const injected: OutgoingEmail = {
  to: "ann@example.test",
  subject: "Join Acme\r\nBcc: evil@example.test\r\n\r\nHi",
  text: "Hello",
  html: "<p>Hello</p>",
  category: "account",
};

describe("names are one line of text", () => {
  it.each([
    ["CR/LF", "Acme\r\nBcc: evil@example.test"],
    ["a lone LF", "Acme\nCo"],
    ["NUL", "Acme\u0000"],
    ["DEL", "Acme\u007f"],
    ["a C1 control", "Acme\u0085"],
    ["a line separator", "Acme\u2028Co"],
    ["a bidi override", "Acme\u202Egnp.exe"],
  ])("refuses %s", (_label, value) => {
    expect(nameSchema().safeParse(value).success).toBe(false);
  });

  it("accepts names in any script, with emoji, and trims them", () => {
    for (const value of ["Zoë O'Brien-Łukasz", "Общество «Ромашка»", "株式会社テスト", "Team 🚀"]) {
      expect(nameSchema().parse(` ${value} `)).toBe(value);
    }
  });
});

describe("email headers cannot be injected", () => {
  it("folds control characters in a header value into spaces", () => {
    expect(singleLineHeader("Join Acme\r\nBcc: evil@example.test")).toBe("Join Acme Bcc: evil@example.test");
  });

  it("sends SES a one-line subject on the simple path", async () => {
    const sent: Array<{ input: Record<string, any> }> = [];
    const client = {
      send: async (command: { input: Record<string, any> }) => {
        sent.push(command);
        return { MessageId: "m" };
      },
    } as unknown as SESv2Client;
    await sesMailer({ from: "no-reply@tenantry.example" }, client).send(injected);
    expect(sent[0]?.input.Content.Simple.Subject.Data).toBe("Join Acme Bcc: evil@example.test Hi");
  });
});
