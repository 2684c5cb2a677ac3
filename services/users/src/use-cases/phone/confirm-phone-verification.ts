import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";
import { loadProfileAndCode, phoneConfirmed, phoneRequired } from "./phone-rules.ts";
import { phoneChangedEvent } from "./phone-view.ts";
import { redeemCode } from "./redeem-code.ts";

/** `POST /v1/me/phone/verification/confirm`: the right code confirms the phone. */
export const confirmPhoneVerification = async (
  deps: UsersDependencies,
  auth: AuthContext,
  code: string,
  client: ClientInfo,
) => {
  const { profile, pending } = await loadProfileAndCode(deps, auth, "verify");
  if (!profile.phone) throw phoneRequired();
  if (profile.phoneStatus === "confirmed") throw phoneConfirmed();
  const confirmed = { number: profile.phone, status: "confirmed" as const };
  await redeemCode(
    deps,
    profile,
    pending,
    code,
    (now) => phoneChangedEvent(profile, confirmed, { type: "user", userId: profile.userId }, now),
    activityEntry(deps, profile.userId, "phone_confirmed", client),
  );
  return confirmed;
};
