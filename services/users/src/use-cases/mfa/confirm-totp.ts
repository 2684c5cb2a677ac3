import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { checkTotpCode } from "../../../../../shared/src/mfa/totp.ts";
import { TOTP_SECRET_PURPOSE } from "../../../../../shared/src/mfa/totp-factors.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";
import { alreadyOn, invalidCode, twoFactorNotice } from "./two-factor-notice.ts";

/**
 * Step 2: the first code proves the app has the secret; Cognito then asks for TOTP at every sign-in.
 * The profile (for the notice) and the factor are one read; turning the factor on, the log entry and
 * the notice are one transaction.
 */
export const confirmTotp = async (
  deps: UsersDependencies,
  auth: AuthContext,
  accessToken: string,
  code: string,
  client: ClientInfo,
) => {
  const { profile, factor } = await deps.store.getProfileAndFactor(auth.userId);
  if (factor?.status === "enabled") throw alreadyOn();
  if (!factor) throw problem.conflict("mfa_not_enrolled", "Start with POST /v1/me/mfa/totp to get a secret.");
  const now = deps.now();
  const check = checkTotpCode(await deps.sealer.open(factor.sealedSecret, TOTP_SECRET_PURPOSE), code, now);
  if (!check.valid || !(await deps.identity.enableTotp(accessToken, code))) throw invalidCode();
  const notice = twoFactorNotice(deps, profile, true);
  // The enrolment code is spent too: it cannot serve as a step-up code a moment later.
  const enabled = await deps.twoFactor.enable({
    factor,
    timeStep: check.timeStep,
    now,
    activity: activityEntry(deps, auth.userId, "mfa_enabled", client),
    ...(notice ? { notice } : {}),
  });
  if (!enabled) throw alreadyOn();
};
