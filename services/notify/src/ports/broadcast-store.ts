import type { OutboxEntry } from "../../../../shared/src/events/outbox.ts";
import type { Channel } from "../domain/notification-preferences.ts";

/** Text in each locale; `en` is the fallback. */
export interface LocalizedText {
  en: string;
  ru?: string;
  pl?: string;
}

export interface Broadcast {
  broadcastId: string;
  category: "news";
  subject: LocalizedText;
  body: LocalizedText;
  status: "queued" | "sending" | "completed";
  nextBatch: number;
  recipients: number;
  sent: number;
  createdBy: string;
  createdAt: string;
  completedAt?: string;
}

/** An entry of the platform audit (ids only). */
export interface PlatformAuditRecord {
  entryId: string;
  action: string;
  actorUserId: string;
  targetType: string;
  targetId: string;
  ip: string;
  userAgent: string;
  requestId: string;
  at: string;
}

export interface BroadcastStore {
  /** The broadcast, its audit entry and the event queuing its first batch, in one transaction. */
  create(input: { broadcast: Broadcast; audit: PlatformAuditRecord; firstBatch: OutboxEntry }): Promise<void>;
  get(broadcastId: string): Promise<Broadcast | undefined>;
  /**
   * Claims the broadcast for one user (counting them as a recipient): false when they were
   * claimed before (a retried batch), so nobody gets a broadcast twice.
   */
  claim(broadcastId: string, userId: string, now: Date): Promise<boolean>;
  /** The claimed message went out: counted as sent. */
  markSent(broadcastId: string, userId: string, channels: Channel[], now: Date): Promise<void>;
  /** Sending failed: the claim is given back so the batch's retry sends it. */
  release(broadcastId: string, userId: string): Promise<void>;
  /**
   * Ends `batch`: queues the next one (or completes the broadcast when there is none). Does
   * nothing when the batch was already ended (a retry after the advance).
   */
  advance(broadcastId: string, batch: number, next: OutboxEntry | undefined, now: Date): Promise<void>;
}
