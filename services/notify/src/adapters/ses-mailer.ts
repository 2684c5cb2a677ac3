import { GetAccountCommand, SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { Mailer, OutgoingEmail } from "../ports/mailer.ts";

const CATEGORY_HEADER = "X-Tenantry-Category";

/**
 * A header value as one line: names are validated at the API, but data stored before that rule (or
 * from any other writer) must still never add a header such as `Bcc:` to a message. SES encodes
 * what is left (RFC 2047).
 */
export const singleLineHeader = (value: string): string =>
  value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();

/**
 * The SES v2 `SendEmail` input for a message: Simple content, which carries custom headers and
 * attachments alike, so every email (with or without files) takes the same path.
 */
export const sendEmailInput = (from: string, email: OutgoingEmail) => ({
  FromEmailAddress: from,
  Destination: { ToAddresses: [email.to] },
  Content: {
    Simple: {
      Subject: { Data: singleLineHeader(email.subject), Charset: "UTF-8" },
      Body: { Text: { Data: email.text, Charset: "UTF-8" }, Html: { Data: email.html, Charset: "UTF-8" } },
      Headers: [
        { Name: CATEGORY_HEADER, Value: singleLineHeader(email.category) },
        ...Object.entries(email.headers ?? {}).map(([Name, Value]) => ({ Name, Value: singleLineHeader(Value) })),
      ],
      ...(email.attachments?.length
        ? {
            Attachments: email.attachments.map((a) => ({
              FileName: a.filename,
              ContentType: a.contentType,
              ContentDisposition: "ATTACHMENT" as const,
              RawContent: typeof a.content === "string" ? Buffer.from(a.content, "utf8") : a.content,
            })),
          }
        : {}),
    },
  },
});

/**
 * SES through `client`. The default client resolves its middleware stack once per command type
 * (`cacheMiddleware`) rather than on every send: nothing here adds middleware per command, and a
 * job sending an email per export pays for the resolution once.
 */
export const sesMailer = ({ from }: { from: string }, client = new SESv2Client({ cacheMiddleware: true })): Mailer => ({
  async send(email) {
    const result = await client.send(new SendEmailCommand(sendEmailInput(from, email)));
    return { messageId: result.MessageId };
  },
  async ping() {
    await client.send(new GetAccountCommand({}));
  },
});

/** `EMAIL_DELIVERY=off`: nothing leaves the platform; links are handed out by the API instead. */
export const disabledMailer = (): Mailer => ({
  async send() {
    return { messageId: undefined };
  },
  async ping() {},
});
