import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { loadProfileAndCode, phoneConfirmed, phoneRequired } from "./phone-rules.ts";
import { sendCode } from "./send-code.ts";

/** `POST /v1/me/phone/verification`: an SMS with a code to the unconfirmed number. */
export const sendPhoneVerification = async (deps: UsersDependencies, auth: AuthContext) => {
  const { profile, pending } = await loadProfileAndCode(deps, auth, "verify");
  if (!profile.phone) throw phoneRequired();
  if (profile.phoneStatus === "confirmed") throw phoneConfirmed();
  return sendCode(deps, profile, pending, "verify", profile.phone, "unconfirmed");
};
