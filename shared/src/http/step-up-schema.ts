import { z } from "zod";

/** The header a step-up route documents (SPEC 6.1): required when the caller has TOTP on. */
export const stepUpHeaders = z.object({
  "x-mfa-code": z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .meta({
      description:
        "A current code from the caller's authenticator app; required when MFA is on (403 mfa_required / mfa_invalid).",
    }),
});
