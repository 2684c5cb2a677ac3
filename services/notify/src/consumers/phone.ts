import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import type { NotifyDependencies } from "../use-cases/account-emails.ts";
import { onIdentityChangedBySupport, onPhoneChanged, sendPhoneCode } from "../use-cases/phone-messages.ts";

/** What notify does with phone and provider-support events. */
export const notifyPhoneHandlers = (deps: NotifyDependencies): EventHandlers => ({
  PhoneVerificationCodeIssued: (event) => sendPhoneCode(deps, event),
  UserPhoneChanged: (event) => onPhoneChanged(deps, event),
  UserIdentityChangedBySupport: (event) => onIdentityChangedBySupport(deps, event),
});
