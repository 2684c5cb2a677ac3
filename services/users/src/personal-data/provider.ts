import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type {
  PersonalDataProvider,
  PersonalDataValue,
  UserDirectory,
} from "../../../../shared/src/privacy/personal-data.ts";
import { avatarUrlOf } from "../../../../shared/src/profile/avatar-url.ts";
import { isConditionFailure } from "../../../../shared/src/table/conditional-write.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { avatarPrefixesOf } from "../domain/avatar.ts";
import type { AvatarStorage } from "../ports/avatar-storage.ts";

const isUserNotFound = (error: unknown) => (error as Error).name === "UserNotFoundException";

const flatten = (record: Record<string, unknown>): Record<string, PersonalDataValue> =>
  Object.fromEntries(
    Object.entries(record)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        key,
        value === null || ["string", "number", "boolean"].includes(typeof value)
          ? (value as PersonalDataValue)
          : JSON.stringify(value),
      ]),
  );

/**
 * What the users service holds about a person: the profile (with the avatar's public URL), the
 * login identifiers, the Cognito user (attributes, status, MFA, linked identities) and the avatar
 * objects in the bucket. Reads only the users service's items.
 */
export const usersPersonalData = ({
  table,
  userPoolId,
  avatarPublicBaseUrl,
  avatarStorage,
  cognito = new CognitoIdentityProviderClient({}),
}: {
  table: TableService;
  userPoolId: string;
  avatarPublicBaseUrl: string;
  /** Needed to erase; the privacy function, which only collects, is wired without it. */
  avatarStorage?: Pick<AvatarStorage, "removeUnder">;
  cognito?: CognitoIdentityProviderClient;
}): PersonalDataProvider & UserDirectory => {
  const { user, identifier } = table.entities;
  const profileOf = async (userId: string) => (await user.get({ userId }).go()).data ?? undefined;

  return {
    service: "users",

    async contact(userId) {
      const profile = await profileOf(userId);
      if (!profile) return undefined;
      return {
        userId,
        fullName: profile.fullName,
        locale: profile.locale,
        ...(profile.email ? { email: profile.email } : {}),
      };
    },

    async collect(userId) {
      const profile = await profileOf(userId);
      if (!profile) return [];
      const identifiers = [
        ...(profile.email ? [{ kind: "email", value: profile.email }] : []),
        ...(profile.login ? [{ kind: "login", value: profile.login }] : []),
      ];
      let identity: Record<string, PersonalDataValue> | undefined;
      try {
        const found = await cognito.send(
          new AdminGetUserCommand({ UserPoolId: userPoolId, Username: profile.cognitoUsername }),
        );
        identity = flatten({
          username: found.Username,
          status: found.UserStatus,
          enabled: found.Enabled,
          createdAt: found.UserCreateDate?.toISOString(),
          updatedAt: found.UserLastModifiedDate?.toISOString(),
          preferredMfa: found.PreferredMfaSetting ?? null,
          mfaMethods: found.UserMFASettingList ?? [],
          ...Object.fromEntries((found.UserAttributes ?? []).map((a) => [`attribute.${a.Name}`, a.Value])),
        });
      } catch (error) {
        if (!isUserNotFound(error)) throw error;
      }
      return [
        {
          section: "profile",
          rows: [flatten({ ...profile, avatarUrl: avatarUrlOf(avatarPublicBaseUrl, profile.avatarKey) })],
        },
        { section: "login_identifiers", rows: identifiers },
        ...(identity ? [{ section: "sign_in_identity", rows: [identity] }] : []),
      ];
    },

    async erasureBlockers() {
      return [];
    },

    /**
     * Avatar objects and the Cognito user first, then the login identifiers, the profile last: the
     * profile is what a rerun after a crash finds the rest by.
     */
    async erase(userId) {
      if (!avatarStorage) throw new Error("usersPersonalData was wired without the avatar bucket: it cannot erase");
      const profile = await profileOf(userId);
      if (!profile) return 0;
      // Every object under the user's prefixes: the avatar, unconfirmed uploads, leftovers of races.
      let erased = await avatarStorage.removeUnder(avatarPrefixesOf(userId));
      try {
        await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: profile.cognitoUsername }));
        erased += 1;
      } catch (error) {
        if (!isUserNotFound(error)) throw error;
      }
      const identifiers = [
        ...(profile.email ? [{ kind: "email" as const, value: profile.email }] : []),
        ...(profile.login ? [{ kind: "login" as const, value: profile.login }] : []),
      ];
      for (const key of identifiers) {
        try {
          // Only while it still names this user: never free an identifier someone else holds.
          await identifier
            .delete(key)
            .where((attr, op) => op.eq(attr.userId, userId))
            .go({ response: "none" });
          erased += 1;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
      await user.delete({ userId }).go({ response: "none" });
      return erased + 1;
    },
  };
};
