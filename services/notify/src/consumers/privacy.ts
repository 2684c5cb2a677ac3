import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import {
  type NotifyPrivacyDependencies,
  onRestrictionChanged,
  sendErasureBlocked,
  sendPolicyChangeNotice,
} from "../use-cases/privacy-emails.ts";

/** What notify does with the privacy service's events. */
export const notifyPrivacyHandlers = (deps: NotifyPrivacyDependencies): EventHandlers => ({
  PolicyChangeNoticeRequested: (event) => sendPolicyChangeNotice(deps, event),
  PrivacyRestrictionChanged: (event) => onRestrictionChanged(deps, event),
  UserErasureBlocked: (event) => sendErasureBlocked(deps, event),
});
