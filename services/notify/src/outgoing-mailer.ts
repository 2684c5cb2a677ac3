import type { PlatformConfig } from "../../../shared/src/config/platform-config.ts";
import type { TableService } from "../../../shared/src/table/entities.ts";
import { disabledMailer, sesMailer } from "./adapters/ses-mailer.ts";
import { tableRestrictionStore } from "./adapters/table-restriction-store.ts";
import type { Mailer } from "./ports/mailer.ts";
import { policedMailer, restrictionStandings } from "./use-cases/policed-mailer.ts";

/**
 * The mailer every notify sender uses, in whichever Lambda it runs (notify's consumers, the
 * privacy job's export delivery): SES (or nothing when delivery is off) behind the delivery policy.
 */
export const createOutgoingMailer = (
  config: Pick<PlatformConfig, "EMAIL_DELIVERY" | "EMAIL_FROM">,
  table: TableService,
): Mailer =>
  policedMailer(
    config.EMAIL_DELIVERY === "ses" ? sesMailer({ from: config.EMAIL_FROM }) : disabledMailer(),
    restrictionStandings(tableRestrictionStore(table)),
  );
