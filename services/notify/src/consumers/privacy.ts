import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import type { NotifyPrivacyDependencies } from "../use-cases/notify-dependencies.ts";
import { onRestrictionChanged } from "../use-cases/privacy-emails/on-restriction-changed.ts";
import { sendErasureBlocked } from "../use-cases/privacy-emails/send-erasure-blocked.ts";
import { sendPolicyChangeNotice } from "../use-cases/privacy-emails/send-policy-change-notice.ts";
/** What notify does with the privacy service's events. */
export const notifyPrivacyHandlers = (deps: NotifyPrivacyDependencies): EventHandlers => ({
  PolicyChangeNoticeRequested: (event) => sendPolicyChangeNotice(deps, event),
  PrivacyRestrictionChanged: (event) => onRestrictionChanged(deps, event),
  UserErasureBlocked: (event) => sendErasureBlocked(deps, event),
});
