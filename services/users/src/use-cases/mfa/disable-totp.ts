import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";
import { notOn, twoFactorNotice } from "./two-factor-notice.ts";

/**
 * Turning TOTP off; the route is a step-up route, so the caller already gave a current code. The
 * profile (for the notice) and the factor are one read; removing the factor (only while it is on),
 * the log entry and the notice are one transaction.
 */
export const disableTotp = async (
  deps: UsersDependencies,
  auth: AuthContext,
  accessToken: string,
  client: ClientInfo,
) => {
  const { profile, factor } = await deps.store.getProfileAndFactor(auth.userId);
  if (factor?.status !== "enabled") throw notOn();
  const notice = twoFactorNotice(deps, profile, false);
  await deps.identity.disableTotp(accessToken);
  const disabled = await deps.twoFactor.disable({
    userId: auth.userId,
    activity: activityEntry(deps, auth.userId, "mfa_disabled", client),
    ...(notice ? { notice } : {}),
  });
  if (!disabled) throw notOn();
};
