import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { PlatformConfig } from "../../../shared/src/config/platform-config.ts";
import type { TableService } from "../../../shared/src/table/entities.ts";
import { disabledMailer, sesMailer } from "./adapters/ses-mailer.ts";
import { tableRecipientStandings } from "./adapters/table-recipient-standings.ts";
import type { SmsSender } from "./ports/sms-sender.ts";
import type { TelegramSender } from "./ports/telegram-sender.ts";
import { type Messenger, policedMailer } from "./use-cases/policed-mailer.ts";

/**
 * The messenger every notify sender uses, in whichever Lambda it runs (notify's consumers, the
 * privacy job's export delivery): SES (or nothing when delivery is off) and the text channels
 * this Lambda has, behind the delivery policy.
 */
export const createOutgoingMailer = (
  config: Pick<PlatformConfig, "EMAIL_DELIVERY" | "EMAIL_FROM" | "TABLE_NAME">,
  table: TableService,
  client: DynamoDBDocumentClient,
  textChannels: { sms?: SmsSender; telegram?: TelegramSender } = {},
): Messenger =>
  policedMailer(
    {
      email: config.EMAIL_DELIVERY === "ses" ? sesMailer({ from: config.EMAIL_FROM }) : disabledMailer(),
      ...textChannels,
    },
    tableRecipientStandings(table, client, config.TABLE_NAME),
  );
