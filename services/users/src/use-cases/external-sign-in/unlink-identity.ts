import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { Problem, problem } from "../../../../../shared/src/http/problem.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";

/** Unlinks (the `identity_unlinked` entry in the same transaction), unless it is the user's last way to sign in (no password, no other identity). */
export const unlinkIdentity = async (
  deps: UsersDependencies,
  auth: AuthContext,
  providerId: string,
  client: ClientInfo,
) => {
  const outcome = await deps.externalIdentities.unlink(
    auth.userId,
    providerId,
    activityEntry(deps, auth.userId, "identity_unlinked", client),
  );
  if (outcome === "not-linked") throw problem.notFound("No identity of this provider is linked to you.");
  if (outcome === "last-sign-in-method") {
    throw new Problem(
      409,
      "last_sign_in_method",
      "This is your only way to sign in: set a password or link another provider first.",
    );
  }
};
