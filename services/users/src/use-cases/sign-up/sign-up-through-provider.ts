import { randomBytes } from "node:crypto";
import type { OpenIdProviderConfig } from "../../../../../shared/src/config/openid-providers.ts";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { VerifiedExternalIdentity } from "../../domain/external-sign-in.ts";
import { IdentityTaken } from "../../ports/external-identities.ts";
import { EmailTaken, type UserProfile } from "../../ports/user-store.ts";
import type { ClientInfo, UsersDependencies } from "../dependencies.ts";
import { activityEntry } from "../security-activity.ts";
import { ownerAccountEvents, registerOwnerOrUndo } from "./new-owner.ts";

/**
 * Sign-up through a provider that allows it, with the address it vouched for (already verified,
 * so no verification link): the Cognito user gets a password nobody knows, and in one transaction
 * the login record, profile, account, owner membership, the external identity, its
 * `identity_linked` entry and the events.
 * Losing a race for the address or the identity removes the Cognito user again.
 */
export const signUpThroughProvider = async (
  deps: UsersDependencies,
  provider: OpenIdProviderConfig,
  identity: VerifiedExternalIdentity,
  email: string,
  client: ClientInfo,
): Promise<UserProfile> => {
  const now = deps.now();
  const cognitoUsername = deps.newId().toLowerCase();
  const { userId } = await deps.identity.createUser({ username: cognitoUsername, email, password: unusablePassword() });
  await deps.identity.markEmailVerified(cognitoUsername, email);
  const accountId = deps.newId();
  const fullName = identity.name?.trim() || email;
  const accountName = fullName;
  const profile: UserProfile = {
    userId,
    cognitoUsername,
    email,
    fullName,
    locale: "en",
    emailVerified: true,
    hasPassword: false,
    externalIdentityCount: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await registerOwnerOrUndo(
    deps,
    cognitoUsername,
    async () => ({
      profile,
      account: { accountId, name: accountName },
      externalIdentity: {
        provider: provider.id,
        subject: identity.subject,
        email,
        linkedAt: now.toISOString(),
      },
      activity: activityEntry(deps, userId, "identity_linked", client),
      events: ownerAccountEvents({ now, userId, accountId, accountName }),
    }),
    (error) => {
      if (error instanceof EmailTaken) {
        return problem.conflict(
          "identity_not_linked",
          "A user with this email exists: sign in and link this provider.",
        );
      }
      if (error instanceof IdentityTaken) {
        return problem.conflict("identity_taken", "This external identity is already linked to another user.");
      }
      return undefined;
    },
  );
  return profile;
};

/** A password no one knows, for a user who signs in through a provider only (Cognito wants one). */
const unusablePassword = () => `${randomBytes(32).toString("base64url")}Aa1!`;
