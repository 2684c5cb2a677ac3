import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { checkTotpCode } from "../../../../../shared/src/mfa/totp.ts";
import { TOTP_SECRET_PURPOSE } from "../../../../../shared/src/mfa/totp-factors.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { recordActivity } from "../security-activity.ts";
import { alreadyOn, invalidCode, noticeTwoFactorChanged } from "./two-factor-notice.ts";

/** Step 2: the first code proves the app has the secret; Cognito then asks for TOTP at every sign-in. */
export const confirmTotp = async (
  deps: UsersDependencies,
  auth: AuthContext,
  accessToken: string,
  code: string,
  client: ClientInfo,
) => {
  const factor = await deps.totpFactors.get(auth.userId);
  if (factor?.status === "enabled") throw alreadyOn();
  if (!factor) throw problem.conflict("mfa_not_enrolled", "Start with POST /v1/me/mfa/totp to get a secret.");
  const now = deps.now();
  const check = checkTotpCode(await deps.sealer.open(factor.sealedSecret, TOTP_SECRET_PURPOSE), code, now);
  if (!check.valid || !(await deps.identity.enableTotp(accessToken, code))) throw invalidCode();
  // The enrolment code is spent too: it cannot serve as a step-up code a moment later.
  if (!(await deps.totpFactors.enable(factor, check.timeStep, now))) throw alreadyOn();
  await recordActivity(deps, auth.userId, "mfa_enabled", client);
  await noticeTwoFactorChanged(deps, auth.userId, true);
};
