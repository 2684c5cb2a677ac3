import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { PhoneChanged } from "../../ports/phone-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { loadProfile, phoneConfirmed } from "./phone-rules.ts";
import { phoneChangedEvent } from "./phone-view.ts";

/** `PUT /v1/me/phone`: a new, unconfirmed number; a confirmed one is only replaced by the change flow. */
export const setPhone = async (deps: UsersDependencies, auth: AuthContext, number: string) => {
  const profile = await loadProfile(deps, auth);
  if (profile.phoneStatus === "confirmed") throw phoneConfirmed();
  const view = { number, status: "unconfirmed" as const };
  if (profile.phone === number) return view;
  const now = deps.now();
  try {
    await deps.phones.setUnconfirmedPhone({
      userId: profile.userId,
      number,
      now,
      event: phoneChangedEvent(profile, view, { type: "user", userId: profile.userId }, now),
    });
  } catch (error) {
    if (error instanceof PhoneChanged) throw phoneConfirmed();
    throw error;
  }
  return view;
};
