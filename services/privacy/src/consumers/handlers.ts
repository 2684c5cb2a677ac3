import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import { erasureHandlers } from "../../../../shared/src/privacy/erasure-consumer.ts";
import type { PersonalDataProvider } from "../../../../shared/src/privacy/personal-data.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import type { PrivacyDependencies } from "../use-cases/dependencies.ts";
import { eraseOnAdminRequest } from "../use-cases/erasure/erase-on-admin-request.ts";
import { onErasureConfirmed } from "../use-cases/erasure/on-erasure-confirmed.ts";

/**
 * The privacy service takes part in erasure like every other service (its consents, request
 * pointers and restrictions go) and collects everyone's confirmations.
 */
export const privacyEventHandlers = (
  deps: PrivacyDependencies,
  own: PersonalDataProvider,
  table: TableService,
): EventHandlers => ({
  ...erasureHandlers(own, table, deps.now),
  UserErasureConfirmed: (event) => onErasureConfirmed(deps, event),
  UserDeletionRequested: (event) => eraseOnAdminRequest(deps, event.data.userId),
});
