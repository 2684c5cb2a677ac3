/** The users service's copy of the user's Telegram binding (notify owns it), shown on `GET /v1/me`. */
export interface TelegramProjection {
  /**
   * Records the binding as of `changedAt` (null: unlinked) unless a later change is already
   * recorded, since events may arrive out of order. A user without a profile is left alone.
   */
  record(userId: string, telegram: { username?: string; linkedAt: string } | null, changedAt: string): Promise<void>;
}
