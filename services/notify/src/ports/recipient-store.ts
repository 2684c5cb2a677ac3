import type { Locale } from "../templates/email-templates.ts";

/** Notify's own copy of what it needs to reach a user, kept current from users' events. */
export interface Recipient {
  userId: string;
  email?: string;
  fullName: string;
  locale: Locale;
}

export interface RecipientStore {
  save(recipient: Recipient, now: Date): Promise<void>;
  update(userId: string, changes: Partial<Omit<Recipient, "userId">>, now: Date): Promise<void>;
  get(userId: string): Promise<Recipient | undefined>;
}
