import QRCode from "qrcode";
import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { checkTotpCode, otpauthUri } from "../../../../shared/src/mfa/totp.ts";
import { TOTP_SECRET_PURPOSE } from "../../../../shared/src/mfa/totp-factors.ts";
import type { ClientInfo, UsersDependencies } from "./dependencies.ts";
import { recordActivity } from "./user-sessions.ts";

const alreadyOn = () => problem.conflict("mfa_already_enabled", "Two-factor sign-in is already on; turn it off first.");
const invalidCode = () =>
  problem.forbidden("mfa_invalid", "The authenticator code is wrong, expired or already used; wait for the next one.");

/** Tells the user by email (en/ru/pl) that two-factor sign-in changed: a security notice. */
const noticeTwoFactorChanged = async (deps: UsersDependencies, userId: string, enabled: boolean) => {
  const profile = await deps.store.getProfile(userId);
  if (!profile?.email) return;
  await deps.store.appendEvent(
    outboxItem({
      type: "TwoFactorChanged",
      now: deps.now(),
      actor: { type: "user", userId },
      data: { userId, email: profile.email, fullName: profile.fullName, locale: profile.locale, enabled },
    }),
  );
};

/**
 * Step 1 of turning TOTP on: Cognito makes the secret (AssociateSoftwareToken); the service keeps
 * a sealed copy to verify step-up codes itself, and returns what an authenticator app needs.
 */
export const enrolTotp = async (deps: UsersDependencies, auth: AuthContext, accessToken: string) => {
  const [profile, factor] = await Promise.all([deps.store.getProfile(auth.userId), deps.totpFactors.get(auth.userId)]);
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
