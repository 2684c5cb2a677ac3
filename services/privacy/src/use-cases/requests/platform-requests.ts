import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { RequestMeta } from "../../../../../shared/src/http/middleware.ts";
import { platformAudit } from "../caller.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { platformRequestView } from "./views.ts";

/** Provider support: every privacy request, newest first, with its legal deadline. Reading it is audited. */
export const platformRequests = async (
  deps: PrivacyDependencies,
  auth: AuthContext,
  meta: RequestMeta,
  page: { limit: number; cursor?: string },
) => {
  const now = deps.now();
  const result = await deps.requests.allRequests(page);
  await deps.policies.appendPlatformAudit(
    platformAudit(deps, auth, meta, {
      action: "privacy.requests_listed",
      targetType: "privacy-requests",
      targetId: "*",
      changes: { count: result.items.length },
    }),
  );
  return { items: result.items.map((r) => platformRequestView(r, now)), nextCursor: result.nextCursor };
};
