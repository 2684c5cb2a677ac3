import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import { onIdentityChangedBySupport } from "../use-cases/account-emails/on-identity-changed-by-support.ts";
import type { NotifyDependencies } from "../use-cases/notify-dependencies.ts";
import { onPhoneChanged } from "../use-cases/phone/on-phone-changed.ts";
import { sendPhoneCode } from "../use-cases/phone/send-phone-code.ts";
/** What notify does with phone and provider-support events. */
export const notifyPhoneHandlers = (deps: NotifyDependencies): EventHandlers => ({
  PhoneVerificationCodeIssued: (event) => sendPhoneCode(deps, event),
  UserPhoneChanged: (event) => onPhoneChanged(deps, event),
  UserIdentityChangedBySupport: (event) => onIdentityChangedBySupport(deps, event),
});
