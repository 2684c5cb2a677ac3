import type middy from "@middy/core";
import type { TotpFactors } from "../mfa/totp-factors.ts";
import { parsedRequestOf } from "./middleware.ts";
import { problem } from "./problem.ts";

export const MFA_CODE_HEADER = "x-mfa-code";

/**
 * SPEC 6.1 step-up for routes declared `stepUp`: when the caller has TOTP on, the request must
 * carry a current code in `X-MFA-Code`; it is spent (one code once per user per time step).
 * Costs one read of the caller's factor, and one conditional write when a code is given.
 */
export const stepUpVerification = ({ factors, now }: { factors: TotpFactors; now: () => Date }) => ({
  before: async (request: middy.Request) => {
    const parsed = parsedRequestOf(request.event as never);
    if (!parsed.auth) throw problem.unauthenticated("invalid_token", "Send a valid access token as a Bearer token.");
    const factor = await factors.get(parsed.auth.userId);
    if (factor?.status !== "enabled") return;
    const code = parsed.headers[MFA_CODE_HEADER];
    if (!code) {
      throw problem.forbidden(
        "mfa_required",
        "This operation needs a current code from your authenticator app in X-MFA-Code.",
      );
    }
    if ((await factors.spendCode(factor, code.trim(), now())) !== "accepted") {
      throw problem.forbidden(
        "mfa_invalid",
        "The authenticator code is wrong, expired or already used; wait for the next one.",
      );
    }
  },
});
