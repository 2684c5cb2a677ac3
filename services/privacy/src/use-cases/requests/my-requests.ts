import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { PrivacyDependencies } from "../dependencies.ts";
import { requestView } from "./views.ts";

/** The signed-in user's privacy requests, newest first. */
export const myRequests = async (
  deps: PrivacyDependencies,
  auth: AuthContext,
  page: { limit: number; cursor?: string },
) => {
  const result = await deps.requests.requestsOf(auth.userId, page);
  return { items: result.items.map(requestView), nextCursor: result.nextCursor };
};
