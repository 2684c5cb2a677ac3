import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { emailTemplates } from "../../templates/email-templates.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";
import { linkWithSealedToken } from "./sealed-link.ts";

/** The email verification link, to the address it verifies. */
export const sendVerification = async (
  deps: NotifyDependencies,
  data: EventDetail<"EmailVerificationRequested">["data"],
) => {
  const email = emailTemplates.emailVerification(data.locale, {
    fullName: data.fullName,
    link: await linkWithSealedToken(deps, data.verificationToken, SEAL_PURPOSE.emailVerification, "/verify-email"),
    expiresAt: data.verificationExpiresAt,
  });
  await deps.mailer.send({
    ...email,
    to: data.email,
    recipientUserId: data.userId,
    category: "security",
    boundTo: "email",
  });
};
