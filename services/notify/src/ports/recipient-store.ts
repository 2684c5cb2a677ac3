import type { Locale } from "../templates/email-templates.ts";

/** A phone as notify knows it: `sms` needs `status === "confirmed"`. */
export interface RecipientPhone {
  number: string;
  status: "unconfirmed" | "confirmed";
}

export interface RecipientTelegram {
  chatId: string;
  username?: string;
  linkedAt: string;
}

/** Notify's own copy of what it needs to reach a user, kept current from users' events. */
export interface Recipient {
  userId: string;
  email?: string;
  fullName: string;
  locale: Locale;
  phone?: RecipientPhone;
  /** The Telegram chat the user linked (SPEC 6.6); the `telegram` channel needs it. */
  telegram?: RecipientTelegram;
}

export interface RecipientStore {
  save(recipient: Recipient, now: Date): Promise<void>;
  update(userId: string, changes: Partial<Omit<Recipient, "userId" | "phone" | "telegram">>, now: Date): Promise<void>;
  get(userId: string): Promise<Recipient | undefined>;
  /**
   * Records the phone as of `changedAt` (null removes it) unless a later change is already
   * recorded (events may arrive out of order). A user notify has no copy of yet gets one from
   * `contact`.
   */
  setPhone(
    userId: string,
    phone: RecipientPhone | null,
    changedAt: string,
    contact: Omit<Recipient, "userId" | "phone" | "telegram">,
    now: Date,
  ): Promise<void>;
}
