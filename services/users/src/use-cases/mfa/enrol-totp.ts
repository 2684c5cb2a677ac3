import QRCode from "qrcode";
import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { otpauthUri } from "../../../../../shared/src/mfa/totp.ts";
import { TOTP_SECRET_PURPOSE } from "../../../../../shared/src/mfa/totp-factors.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { alreadyOn } from "./two-factor-notice.ts";

/**
 * Step 1 of turning TOTP on: Cognito makes the secret (AssociateSoftwareToken); the service keeps
 * a sealed copy to verify step-up codes itself, and returns what an authenticator app needs.
 */
export const enrolTotp = async (deps: UsersDependencies, auth: AuthContext, accessToken: string) => {
  const { profile, factor } = await deps.store.getProfileAndFactor(auth.userId);
  if (!profile) throw problem.unauthenticated("invalid_token", "This user no longer exists.");
  if (factor?.status === "enabled") throw alreadyOn();
  const secret = await deps.identity.associateTotp(accessToken);
  const stored = await deps.totpFactors.savePending({
    userId: auth.userId,
    sealedSecret: await deps.sealer.seal(secret, TOTP_SECRET_PURPOSE),
    now: deps.now(),
  });
  if (!stored) throw alreadyOn();
  const uri = otpauthUri({ secret, label: profile.email ?? profile.login ?? profile.userId, issuer: deps.totpIssuer });
  return { secret, otpauthUri: uri, qrSvg: await QRCode.toString(uri, { type: "svg", margin: 1 }) };
};
