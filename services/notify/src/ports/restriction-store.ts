import type { RestrictionScope } from "../domain/delivery-policy.ts";

export type { RestrictionScope };

/** Notify's copy of the restrictions users placed on their data, read by the delivery policy. */
export interface RestrictionStore {
  set(userId: string, scope: RestrictionScope, since: Date): Promise<void>;
  clear(userId: string, scope: RestrictionScope): Promise<void>;
  /** The scopes the user restricted (none: empty). */
  scopesOf(userId: string): Promise<RestrictionScope[]>;
}
