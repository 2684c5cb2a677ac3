import type { MessageCategory } from "../domain/delivery-policy.ts";
import type { Channel } from "../domain/notification-preferences.ts";
import type { RenderedEmail } from "../templates/email-templates.ts";

/** A file sent with an email (a data export's CSV). */
export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer | string;
}

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** The recipient's user id when they are a user: the delivery policy reads their standing by it. */
  recipientUserId?: string;
  /** Why the message is sent; decides whether it may be sent (delivery policy) and becomes a header. */
  category: MessageCategory;
  /** Files to attach (a data export's CSV). */
  attachments?: EmailAttachment[];
  /**
   * The message belongs to this one address (a verification link for it, an export the user
   * asked for): sent there whatever the preferences (see `decideDelivery`).
   */
  boundTo?: Channel;
  /** Extra message headers (e.g. `List-Unsubscribe`); the category header is always added. */
  headers?: Record<string, string>;
}

/** Sends email; returns the provider's message id, or why the delivery policy held it back. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string | undefined; suppressed?: string }>;
  ping(): Promise<void>;
}
