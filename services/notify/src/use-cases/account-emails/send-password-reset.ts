import { SEAL_PURPOSE } from "../../../../../shared/src/crypto/secret-sealer.ts";
import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { emailTemplates } from "../../templates/email-templates.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";
import { linkWithSealedToken } from "./sealed-link.ts";

/** The password reset link, to the address the reset was asked for. */
export const sendPasswordReset = async (deps: NotifyDependencies, event: EventDetail<"PasswordResetRequested">) => {
  const { data } = event;
  const email = emailTemplates.passwordReset(data.locale, {
    fullName: data.fullName,
    link: await linkWithSealedToken(deps, data.resetToken, SEAL_PURPOSE.passwordReset, "/reset-password"),
    expiresAt: data.resetExpiresAt,
  });
  await deps.mailer.send({
    ...email,
    to: data.email,
    recipientUserId: data.userId,
    category: "security",
    boundTo: "email",
  });
};
