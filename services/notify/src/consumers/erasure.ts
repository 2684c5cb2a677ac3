import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import { erasureHandlers } from "../../../../shared/src/privacy/erasure-consumer.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { notifyPersonalData } from "../contracts/personal-data-provider.ts";

/** UserErasureRequested: delete the recipient copy and restrictions, then confirm. */
export const notifyErasureHandlers = (table: TableService): EventHandlers =>
  erasureHandlers(notifyPersonalData(table), table);
