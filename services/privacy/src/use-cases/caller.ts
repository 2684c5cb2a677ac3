import type { AuthContext } from "../../../../shared/src/auth/auth-context.ts";
import type { RequestMeta } from "../../../../shared/src/http/middleware.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import type { PlatformAuditRecord } from "../ports/policy-store.ts";
import type { PrivacyDependencies } from "./dependencies.ts";

/** The caller as the users service knows them; a token outliving its (erased) user is refused. */
export const requireUser = async (deps: PrivacyDependencies, auth: AuthContext) => {
  const contact = await deps.directory.contact(auth.userId);
  if (!contact) throw problem.unauthenticated("invalid_token", "This user no longer exists.");
  return contact;
};

/** An entry of the platform audit: what provider support did, from where (ids only). */
export const platformAudit = (
  deps: PrivacyDependencies,
  auth: AuthContext,
  meta: RequestMeta,
  entry: { action: string; targetType: string; targetId: string; changes?: Record<string, unknown> },
  now = deps.now(),
): PlatformAuditRecord => ({
  entryId: deps.newId(),
  actorUserId: auth.userId,
  ...entry,
  ip: meta.ip,
  userAgent: meta.userAgent.slice(0, 512),
  requestId: meta.requestId,
  at: now.toISOString(),
});
