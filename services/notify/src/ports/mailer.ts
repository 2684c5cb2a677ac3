import type { RenderedEmail } from "../templates/email-templates.ts";

/** A file sent with an email (a data export's CSV). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer | string;
}

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Why the message is sent; becomes a header and a metric dimension. */
  category: "security" | "account" | "billing" | "news" | "partner_reports";
  /** Files to attach (a data export's CSV). */
  attachments?: EmailAttachment[];
  /** Extra message headers (e.g. `List-Unsubscribe`); the category header is always added. */
  headers?: Record<string, string>;
}

/** Sends email; returns the provider's message id. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string | undefined }>;
  ping(): Promise<void>;
}
