import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { endSession } from "./session-records.ts";

/** Ends one of the caller's own sessions; someone else's or an unknown id is 404. */
export const revokeSession = async (
  deps: UsersDependencies,
  auth: AuthContext,
  sessionId: string,
  client: ClientInfo,
) => {
  const ended = await endSession(deps, auth.userId, sessionId, { type: "session_revoked", client });
  if (!ended) throw problem.notFound("No such session.");
};
