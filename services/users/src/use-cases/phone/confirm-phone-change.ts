import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";
import { loadProfileAndCode, phoneNotConfirmed, phoneRequired } from "./phone-rules.ts";
import { phoneChangedEvent } from "./phone-view.ts";
import { redeemCode } from "./redeem-code.ts";

/** `POST /v1/me/phone/change/confirm`: the code from the old number clears the phone, so a new one can be set. */
export const confirmPhoneChange = async (
  deps: UsersDependencies,
  auth: AuthContext,
  code: string,
  client: ClientInfo,
) => {
  const { profile, pending } = await loadProfileAndCode(deps, auth, "change");
  if (!profile.phone) throw phoneRequired();
  if (profile.phoneStatus !== "confirmed") throw phoneNotConfirmed();
  await redeemCode(
    deps,
    profile,
    pending,
    code,
    (now) => phoneChangedEvent(profile, null, { type: "user", userId: profile.userId }, now),
    activityEntry(deps, profile.userId, "phone_removed", client),
  );
};
