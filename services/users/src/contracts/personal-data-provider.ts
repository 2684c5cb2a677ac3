import {
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { allPages, deleteItems } from "../../../../shared/src/privacy/delete-items.ts";
import type {
  PersonalDataProvider,
  PersonalDataValue,
  UserDirectory,
} from "../../../../shared/src/privacy/personal-data.ts";
import { avatarUrlOf } from "../../../../shared/src/profile/avatar-url.ts";
import type { BatchLoader } from "../../../../shared/src/table/batch-get.ts";
import { conditionHeld, isConditionFailure } from "../../../../shared/src/table/conditional-write.ts";
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
  loader,
}: {
  table: TableService;
  userPoolId: string;
  avatarPublicBaseUrl: string;
  /** Needed to erase; the privacy function, which only collects, is wired without it. */
  avatarStorage?: Pick<AvatarStorage, "removeUnder">;
  cognito?: CognitoIdentityProviderClient;
  /** Coalesces the single-item reads of concurrent exports into BatchGetItem calls (the privacy job's). */
  loader?: BatchLoader;
}): PersonalDataProvider & UserDirectory => {
  /** Pending SMS codes: the number each went to and when; never the code's hash. */
  const pendingCodesOf = async (userId: string) =>
    (await phoneCode.query.byUser({ userId }).go({ attributes: ["purpose", "number", "issuedAt", "validUntil"] })).data;
  /** The same through the job's loader (whose folded read has whole items; the export names the fields it shows). */
  const pendingCodesToExport = async (userId: string) =>
    loader ? loader.query(phoneCode, phoneCode.query.byUser({ userId })) : pendingCodesOf(userId);
  const {
    user,
    identifier,
    phoneCode,
    totpFactor,
    userSession,
    refreshTokenRef,
    securityActivity,
    externalIdentity,
    externalSubjectClaim,
  } = table.entities;
  // Through the loader, the user's partition is one Query for every provider's questions of an export.
  const externalIdentitiesOf = (userId: string) =>
    loader
      ? loader.query(externalIdentity, externalIdentity.query.byUser({ userId }))
      : allPages((cursor) => externalIdentity.query.byUser({ userId }).go({ cursor }));
  type Profile = NonNullable<Awaited<ReturnType<ReturnType<typeof user.get>["go"]>>["data"]>;
  type Factor = Awaited<ReturnType<ReturnType<typeof totpFactor.get>["go"]>>["data"];
  const profileOf = async (userId: string) =>
    loader
      ? ((await loader.load(user, { userId })) as Profile | undefined)
      : ((await user.get({ userId }).go()).data ?? undefined);
  const factorOf = async (userId: string) =>
    loader
      ? ((await loader.load(totpFactor, { userId })) as Factor | undefined)
      : (await totpFactor.get({ userId }).go()).data;
  const sessionsOf = (userId: string) =>
    loader
      ? loader.query(userSession, userSession.query.byUser({ userId }))
      : allPages((cursor) => userSession.query.byUser({ userId }).go({ cursor }));
  const activityOf = (userId: string) =>
    loader
      ? loader.query(securityActivity, securityActivity.query.byUser({ userId }), { order: "desc" })
      : allPages((cursor) => securityActivity.query.byUser({ userId }).go({ cursor, order: "desc" }));

  /** Two-factor status (never the secret), sessions and the security log: the users service's security data. */
  const securitySections = async (userId: string) => {
    const [factor, sessions, activity] = await Promise.all([factorOf(userId), sessionsOf(userId), activityOf(userId)]);
    return [
      {
        section: "mfa",
        rows: [{ totp: factor?.status === "enabled", enabledAt: factor?.enabledAt ?? null }],
      },
      {
        section: "sessions",
        rows: sessions.map((s) => ({
          createdAt: s.createdAt,
          lastUsedAt: s.lastUsedAt,
          ip: s.ip,
          userAgent: s.userAgent,
        })),
      },
      {
        section: "security_activity",
        rows: activity.map((a) => ({ type: a.type, at: a.at, ip: a.ip, userAgent: a.userAgent })),
      },
    ];
  };

  /** The Cognito user (attributes, status, MFA), undefined when the pool has none by that name. */
  const signInIdentityOf = async (cognitoUsername: string) => {
    try {
      const found = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: cognitoUsername }));
      return flatten({
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
      return undefined;
    }
  };

  /** Sessions (with their refresh-token pointers), the security log and the TOTP factor. */
  const eraseSecurityData = async (userId: string) => {
    const sessions = await sessionsOf(userId);
    let erased = await deleteItems(
      refreshTokenRef,
      sessions.map((s) => ({ tokenHash: s.refreshTokenHash })),
    );
    erased += await deleteItems(
      userSession,
      sessions.map((s) => ({ userId, sessionId: s.sessionId })),
    );
    erased += await deleteItems(
      securityActivity,
      (await activityOf(userId)).map((a) => ({ userId, activityId: a.activityId })),
    );
    await totpFactor.delete({ userId }).go({ response: "none" });
    return erased + 1;
  };

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
      // Independent reads: in parallel, so an export waits for the slowest, not for their sum; the
      // partition's are asked at once with the profile, so they join one wave of the loader.
      const partitionReads = Promise.all([
        pendingCodesToExport(userId),
        externalIdentitiesOf(userId),
        securitySections(userId),
      ]);
      // Not awaited when the user is gone; its failure then says nothing new.
      partitionReads.catch(() => undefined);
      const profile = await profileOf(userId);
      if (!profile) return [];
      const identifiers = [
        ...(profile.email ? [{ kind: "email", value: profile.email }] : []),
        ...(profile.login ? [{ kind: "login", value: profile.login }] : []),
      ];
      const [identity, [pendingCodes, linkedIdentities, security]] = await Promise.all([
        signInIdentityOf(profile.cognitoUsername),
        partitionReads,
      ]);
      return [
        {
          section: "profile",
          rows: [flatten({ ...profile, avatarUrl: avatarUrlOf(avatarPublicBaseUrl, profile.avatarKey) })],
        },
        { section: "login_identifiers", rows: identifiers },
        {
          section: "phone_verification_codes",
          rows: pendingCodes.map((code) => ({
            purpose: code.purpose,
            number: code.number,
            sentAt: new Date(code.issuedAt).toISOString(),
            validUntil: new Date(code.validUntil).toISOString(),
          })),
        },
        ...(identity ? [{ section: "sign_in_identity", rows: [identity] }] : []),
        {
          section: "external_identities",
          rows: linkedIdentities.map((linked) => ({
            provider: linked.provider,
            subject: linked.subject,
            email: linked.email ?? null,
            linkedAt: linked.linkedAt,
          })),
        },
        ...security,
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
        // Only while it still names this user: never free an identifier someone else holds.
        const freed = await conditionHeld(
          identifier
            .delete(key)
            .where((attr, op) => op.eq(attr.userId, userId))
            .go({ response: "none" }),
        );
        if (freed) erased += 1;
      }
      // Pending SMS codes name the phone number; TTL would remove them only a day later.
      for (const { purpose } of await pendingCodesOf(userId)) {
        await phoneCode.delete({ userId, purpose }).go({ response: "none" });
        erased += 1;
      }
      erased += await eraseSecurityData(userId);
      for (const linked of await externalIdentitiesOf(userId)) {
        try {
          // The subject's claim only while it names this user (as with the login identifiers).
          await externalSubjectClaim
            .delete({ provider: linked.provider, subject: linked.subject })
            .where((attr, op) => op.eq(attr.userId, userId))
            .go({ response: "none" });
          erased += 1;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
        await externalIdentity.delete({ userId, provider: linked.provider }).go({ response: "none" });
        erased += 1;
      }
      await user.delete({ userId }).go({ response: "none" });
      return erased + 1;
    },
  };
};
