/** A required policy whose current version the user has not accepted. */
export interface PendingPolicy {
  policyId: string;
  title: string;
  version: number;
}

/**
 * The privacy service's read-only contract for other services: which required policies a user
 * still has to accept (shown as `actionRequired` on `GET /v1/me`).
 */
export interface PolicyStatusReader {
  pendingRequired(userId: string): Promise<PendingPolicy[]>;
}
