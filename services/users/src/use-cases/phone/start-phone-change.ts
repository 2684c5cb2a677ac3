import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { loadProfileAndCode, phoneNotConfirmed, phoneRequired } from "./phone-rules.ts";
import { sendCode } from "./send-code.ts";

/** `POST /v1/me/phone/change`: an SMS with a code to the confirmed (old) number. */
export const startPhoneChange = async (deps: UsersDependencies, auth: AuthContext) => {
  const { profile, pending } = await loadProfileAndCode(deps, auth, "change");
  if (!profile.phone) throw phoneRequired();
  if (profile.phoneStatus !== "confirmed") throw phoneNotConfirmed();
  return sendCode(deps, profile, pending, "change", profile.phone, "confirmed");
};
