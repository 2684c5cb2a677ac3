import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import {
  type NotifyPhoneDependencies,
  onIdentityChangedBySupport,
  onPhoneChanged,
  sendPhoneCode,
} from "../use-cases/phone-messages.ts";

/** What notify does with phone and provider-support events. */
export const notifyPhoneHandlers = (deps: NotifyPhoneDependencies): EventHandlers => ({
  PhoneVerificationCodeIssued: (event) => sendPhoneCode(deps, event),
  UserPhoneChanged: (event) => onPhoneChanged(deps, event),
  UserIdentityChangedBySupport: (event) => onIdentityChangedBySupport(deps, event),
});
