import { describe, expect, it } from "vitest";
import { emailTemplates } from "../../services/notify/src/templates/email-templates.ts";

describe("email templates", () => {
  const params = {
    fullName: "Zoë <script>",
    link: "https://app.example/verify-email?token=abc",
    expiresAt: "2026-11-24T10:00:00Z",
  };

  it.each([
    ["en", "Confirm your email address"],
    ["ru", "Подтвердите адрес электронной почты"],
    ["pl", "Potwierdź swój adres e-mail"],
  ] as const)("renders the verification email in %s with the link in both parts", (locale, subject) => {
    const email = emailTemplates.emailVerification(locale, params);
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(params.link);
    expect(email.html).toContain(`href="${params.link}"`);
  });

  it("escapes names in HTML", () => {
    const email = emailTemplates.passwordReset("en", params);
    expect(email.html).toContain("Zoë &lt;script&gt;");
    expect(email.html).not.toContain("<script>");
  });
});
