import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import { erasureHandlers } from "../../../../shared/src/privacy/erasure-consumer.ts";
import type { BatchLoader } from "../../../../shared/src/table/batch-get.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { accountsPersonalData } from "../contracts/personal-data-provider.ts";

/**
 * UserErasureRequested: delete the user's memberships (each with a `member.erased` audit entry
 * that keeps the user id as a pseudonym), sub-account grants and resource access, then confirm
 * with UserErasureConfirmed. Merge into the accounts consumers' handler map.
 */
export const accountsErasureHandlers = (
  table: TableService,
  loader: BatchLoader,
  now: () => Date = () => new Date(),
): EventHandlers => erasureHandlers(accountsPersonalData(table, loader, now), table, now);
