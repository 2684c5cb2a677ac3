import type { AuthContext } from "../../../../../shared/src/auth/auth-context.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import { IdentityTaken, ProviderAlreadyLinked } from "../../ports/external-identities.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";
import { finishAttempt, type ProviderCallback, providerOf } from "./authorization-attempts.ts";

/** Links the verified identity to the signed-in user; a subject belongs to one user only. */
export const completeLink = async (
  deps: UsersDependencies,
  auth: AuthContext,
  providerId: string,
  callback: ProviderCallback,
  client: ClientInfo,
) => {
  const provider = providerOf(deps, providerId);
  const identity = await finishAttempt(deps, provider, "link", callback, auth.userId);
  const linked = {
    provider: provider.id,
    subject: identity.subject,
    ...(identity.email ? { email: identity.email } : {}),
    linkedAt: deps.now().toISOString(),
  };
  try {
    await deps.externalIdentities.link(
      auth.userId,
      linked,
      activityEntry(deps, auth.userId, "identity_linked", client),
    );
  } catch (error) {
    if (error instanceof IdentityTaken) {
      // Linking the identity one already has is a no-op, not a conflict.
      const existing = (await deps.externalIdentities.list(auth.userId)).find((item) => item.provider === provider.id);
      if (existing?.subject === identity.subject) return existing;
      throw problem.conflict("identity_taken", "This external identity is already linked to another user.");
    }
    if (error instanceof ProviderAlreadyLinked) {
      throw problem.conflict(
        "provider_already_linked",
        "Another identity of this provider is linked to you; unlink it first.",
      );
    }
    throw error;
  }
  return linked;
};
