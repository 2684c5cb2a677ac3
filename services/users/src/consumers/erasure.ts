import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import { erasureHandlers } from "../../../../shared/src/privacy/erasure-consumer.ts";
import type { PersonalDataProvider } from "../../../../shared/src/privacy/personal-data.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";

/** UserErasureRequested: delete the Cognito user, login identifiers and profile, then confirm. */
export const usersErasureHandlers = (personalData: PersonalDataProvider, table: TableService): EventHandlers =>
  erasureHandlers(personalData, table);
