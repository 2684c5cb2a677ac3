export type RestrictionScope = "marketing" | "processing";

/** Notify's copy of the restrictions users placed on their data; either scope means no marketing. */
export interface RestrictionStore {
  set(userId: string, scope: RestrictionScope, since: Date): Promise<void>;
  clear(userId: string, scope: RestrictionScope): Promise<void>;
  /** Whether marketing (news, broadcasts) may be sent to the user. */
  allowsMarketing(userId: string): Promise<boolean>;
}
