import { GetAccountCommand, SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { Mailer } from "../ports/mailer.ts";

export const sesMailer = ({ from }: { from: string }, client = new SESv2Client({})): Mailer => ({
  async send(email) {
    const result = await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: "UTF-8" },
            Body: { Text: { Data: email.text, Charset: "UTF-8" }, Html: { Data: email.html, Charset: "UTF-8" } },
            Headers: [{ Name: "X-Tenantry-Category", Value: email.category }],
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
