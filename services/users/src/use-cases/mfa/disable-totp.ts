import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { recordActivity } from "../security-activity.ts";
import { noticeTwoFactorChanged } from "./two-factor-notice.ts";

/** Turning TOTP off; the route is a step-up route, so the caller already gave a current code. */
export const disableTotp = async (
  deps: UsersDependencies,
  auth: AuthContext,
  accessToken: string,
  client: ClientInfo,
) => {
  const factor = await deps.totpFactors.get(auth.userId);
  if (factor?.status !== "enabled") throw problem.conflict("mfa_not_enabled", "Two-factor sign-in is not on.");
  await deps.identity.disableTotp(accessToken);
  await deps.totpFactors.remove(auth.userId);
  await recordActivity(deps, auth.userId, "mfa_disabled", client);
  await noticeTwoFactorChanged(deps, auth.userId, false);
};
