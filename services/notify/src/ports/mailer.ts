import type { RenderedEmail } from "../templates/email-templates.ts";

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Why the message is sent; becomes a header and a metric dimension. */
  category: "security" | "account" | "billing" | "news" | "partner_reports";
}

/** Sends email; returns the provider's message id. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string | undefined }>;
  ping(): Promise<void>;
}
