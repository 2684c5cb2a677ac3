import type { SecretSealer } from "../../../../shared/src/crypto/secret-sealer.ts";
import type { RecipientStore } from "../ports/recipient-store.ts";
import type { RestrictionStore } from "../ports/restriction-store.ts";
import type { Messenger } from "./delivery/policed-mailer.ts";

/** What notify's event consumers are given. */
export interface NotifyDependencies {
  /** Every message goes through it: the delivery decision picks its channels. */
  mailer: Messenger;
  sealer: SecretSealer;
  recipients: RecipientStore;
  appBaseUrl: string;
  now: () => Date;
}

export interface NotifyPrivacyDependencies extends NotifyDependencies {
  restrictions: RestrictionStore;
}
