import { GetAccountCommand, SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import MailComposer from "nodemailer/lib/mail-composer";
import type { Mailer, OutgoingEmail } from "../ports/mailer.ts";

const CATEGORY_HEADER = "X-Tenantry-Category";

/**
 * A header value as one line: names are validated at the API, but data stored before that rule (or
 * from any other writer) must still never add a header such as `Bcc:` to a message. MailComposer
 * then encodes what is left (RFC 2047) for the raw path; SES encodes the Simple path's subject.
 */
export const singleLineHeader = (value: string): string =>
  value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/ {2,}/g, " ")
    .trim();

/** The whole message as RFC 5322 MIME: SES's Simple content cannot carry attachments. */
export const composeRawEmail = (from: string, email: OutgoingEmail): Promise<Buffer> =>
  new MailComposer({
    from,
    to: email.to,
    subject: singleLineHeader(email.subject),
    text: email.text,
    html: email.html,
    headers: { [CATEGORY_HEADER]: singleLineHeader(email.category) },
    attachments: (email.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
  })
    .compile()
    .build();

export const sesMailer = ({ from }: { from: string }, client = new SESv2Client({})): Mailer => ({
  async send(email) {
    if (email.attachments?.length) {
      const result = await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [email.to] },
          Content: { Raw: { Data: await composeRawEmail(from, email) } },
        }),
      );
      return { messageId: result.MessageId };
    }
    const result = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: singleLineHeader(email.subject), Charset: "UTF-8" },
            Body: { Text: { Data: email.text, Charset: "UTF-8" }, Html: { Data: email.html, Charset: "UTF-8" } },
            Headers: [{ Name: CATEGORY_HEADER, Value: singleLineHeader(email.category) }],
          },
        },
      }),
    );
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
