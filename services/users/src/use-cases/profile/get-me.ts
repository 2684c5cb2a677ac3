import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { loadOwnProfile, profileView } from "./profile-view.ts";

/** The profile, with what the user must do before going on (required policies to accept). */
export const getMe = async (deps: UsersDependencies, auth: AuthContext) => {
  const [{ profile, isOwner, totp }, pendingPolicies] = await Promise.all([
    loadOwnProfile(deps, auth),
    deps.policyStatus.pendingRequired(auth.userId),
  ]);
  return {
    ...profileView(deps, profile, isOwner, auth, totp),
    actionRequired: pendingPolicies.map((policy) => ({ type: "accept_policy" as const, ...policy })),
  };
};
