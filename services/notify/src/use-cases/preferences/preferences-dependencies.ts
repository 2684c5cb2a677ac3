import type { PreferenceStore } from "../../ports/preference-store.ts";
import type { RecipientStore } from "../../ports/recipient-store.ts";
import type { UnsubscribeTokens } from "./unsubscribe-tokens.ts";

export interface PreferencesDependencies {
  preferences: PreferenceStore;
  recipients: RecipientStore;
  now: () => Date;
}

export interface UnsubscribeDependencies extends PreferencesDependencies {
  unsubscribeTokens: UnsubscribeTokens;
}
