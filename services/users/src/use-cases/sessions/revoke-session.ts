import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { recordActivity } from "../security-activity.ts";
import { endSession } from "./session-records.ts";

/** Ends one of the caller's own sessions; someone else's or an unknown id is 404. */
export const revokeSession = async (
  deps: UsersDependencies,
  auth: AuthContext,
  sessionId: string,
  client: ClientInfo,
) => {
  if (!(await endSession(deps, auth.userId, sessionId))) throw problem.notFound("No such session.");
  await recordActivity(deps, auth.userId, "session_revoked", client);
};
