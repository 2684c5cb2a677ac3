import type { BroadcastStore } from "../../ports/broadcast-store.ts";
import type { PreferenceStore } from "../../ports/preference-store.ts";
import type { ChannelSenders, RecipientStandings } from "../delivery/policed-mailer.ts";
import type { UnsubscribeTokens } from "../preferences/unsubscribe-tokens.ts";

export interface BroadcastDependencies {
  broadcasts: BroadcastStore;
  preferences: PreferenceStore;
  standings: RecipientStandings;
  senders: ChannelSenders;
  unsubscribeTokens: UnsubscribeTokens;
  /** Base of the API the unsubscribe link points at. */
  appBaseUrl: string;
  /** Subscribers per batch: one page of the index, one BatchGetItem per 25 of them. */
  batchSize: number;
  now: () => Date;
  newId: () => string;
}
