import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { onFirstUse } from "../../../../shared/src/cold-start/on-first-use.ts";
import type { PlatformConfig } from "../../../../shared/src/config/platform-config.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { disabledMailer, sesMailer } from "../adapters/ses-mailer.ts";
import { tableRecipientStandings } from "../adapters/table-recipient-standings.ts";
import type { Mailer } from "../ports/mailer.ts";
import type { SmsSender } from "../ports/sms-sender.ts";
import type { TelegramSender } from "../ports/telegram-sender.ts";
import { type ChannelSenders, type Messenger, policedMailer } from "../use-cases/delivery/policed-mailer.ts";

type MailConfig = Pick<PlatformConfig, "EMAIL_DELIVERY" | "EMAIL_FROM" | "TABLE_NAME">;

/**
 * The SES mailer, made on its first send or ping (once per cold start): a cold start serving a
 * request that sends no mail does not pay for the SES client.
 */
const sesMailerOnFirstUse = (from: string): Mailer => {
  const ses = onFirstUse(() => sesMailer({ from }));
  return { send: (email) => ses().send(email), ping: () => ses().ping() };
};

/** The channels a Lambda can send on: SES (or nothing when delivery is off) and the text channels it was given. */
export const outgoingSenders = (
  config: MailConfig,
  textChannels: { sms?: SmsSender; telegram?: TelegramSender } = {},
): ChannelSenders => ({
  email: config.EMAIL_DELIVERY === "ses" ? sesMailerOnFirstUse(config.EMAIL_FROM) : disabledMailer(),
  ...(textChannels.sms ? { sms: textChannels.sms } : {}),
  ...(textChannels.telegram ? { telegram: textChannels.telegram } : {}),
});

/**
 * The messenger every notify sender uses, in whichever Lambda it runs (notify's consumers, the
 * privacy job's export delivery): its channels behind the delivery policy.
 */
export const createOutgoingMailer = (
  config: MailConfig,
  table: TableService,
  client: DynamoDBDocumentClient,
  textChannels: { sms?: SmsSender; telegram?: TelegramSender } = {},
): Messenger =>
  policedMailer(outgoingSenders(config, textChannels), tableRecipientStandings(table, client, config.TABLE_NAME));
