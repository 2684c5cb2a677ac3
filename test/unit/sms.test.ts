import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { snsSmsSender } from "../../services/notify/src/adapters/sns-sms-sender.ts";
import { smsTemplates } from "../../services/notify/src/templates/sms-templates.ts";
import { supportEmailTemplates } from "../../services/notify/src/templates/support-email-templates.ts";

describe("the SNS SMS sender", () => {
  it("publishes straight to the number as a transactional SMS", async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        return { MessageId: "m-1" };
      },
    } as unknown as SNSClient;
    const result = await snsSmsSender(client).send({ to: "+48601234567", text: "123456 is your code" });
    expect(result).toEqual({ messageId: "m-1" });
    expect(sent[0]).toBeInstanceOf(PublishCommand);
    expect((sent[0] as PublishCommand).input).toEqual({
      PhoneNumber: "+48601234567",
      Message: "123456 is your code",
      MessageAttributes: { "AWS.SNS.SMS.SMSType": { DataType: "String", StringValue: "Transactional" } },
    });
  });
});

describe("SMS and support templates", () => {
  it.each([
    ["en", "verify", "confirm this phone"],
    ["ru", "verify", "подтверждения номера"],
    ["pl", "verify", "potwierdzenia numeru"],
    ["en", "change", "change your phone"],
    ["ru", "change", "смены номера"],
    ["pl", "change", "zmiany numeru"],
  ] as const)("render the %s %s code with the code first and its lifetime", (locale, purpose, words) => {
    const text = smsTemplates.phoneCode(locale, purpose, { code: "042917", minutes: 10 });
    expect(text.startsWith("042917")).toBe(true);
    expect(text).toContain(words);
    expect(text).toContain("10");
  });

  it.each(["en", "ru", "pl"] as const)("tell the replaced address (%s) which address to use now", (locale) => {
    const current = supportEmailTemplates.identityChangedBySupport(locale, {
      fullName: "Ann",
      changed: ["email"],
      email: "new@example.test",
      audience: "current",
    });
    const previous = supportEmailTemplates.identityChangedBySupport(locale, {
      fullName: "Ann",
      changed: ["email"],
      email: "new@example.test",
      audience: "previous",
    });
    expect(current.text).toContain("new@example.test");
    expect(previous.text.split("new@example.test").length).toBeGreaterThan(
      current.text.split("new@example.test").length,
    );
  });
});
