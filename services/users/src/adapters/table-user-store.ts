import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { TotpFactor } from "../../../../shared/src/mfa/totp-factors.ts";
import { batchGetMixed } from "../../../../shared/src/table/batch-get.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import { memberSearchText, type TableService } from "../../../../shared/src/table/entities.ts";
import { commit } from "../../../../shared/src/table/transactions.ts";
import { IdentityTaken } from "../ports/external-identities.ts";
import {
  EmailTaken,
  type LinkPurpose,
  LinkUnusable,
  type MembershipOfUser,
  type UserProfile,
  type UserStore,
} from "../ports/user-store.ts";
import { securityActivityItem } from "./table-security-activity.ts";

/** The profile as the use cases see it: attributes the item lacks are absent, not undefined. */
export const profileOf = (item: unknown) => (item ? (defined(item as UserProfile) as UserProfile) : undefined);

/** The user store on the single table, through the shared ElectroDB entities. */
export const tableUserStore = (table: TableService, client: DynamoDBDocumentClient, tableName: string): UserStore => {
  const { user, identifier, membership, linkToken, totpFactor } = table.entities;

  return {
    async findLogin(kind, value) {
      const { data } = await identifier.get({ kind, value }).go();
      return data ? { userId: data.userId, cognitoUsername: data.cognitoUsername } : undefined;
    },

    async getProfile(userId) {
      const { data } = await user.get({ userId }).go();
      return profileOf(data);
    },

    async getProfileAndFactor(userId) {
      const [profile, factor] = await batchGetMixed(
        client,
        tableName,
        [
          { entity: user, key: { userId } },
          { entity: totpFactor, key: { userId } },
        ],
        { consistent: true },
      );
      return defined({ profile: profileOf(profile), factor: (factor ?? undefined) as TotpFactor | undefined });
    },

    async registerOwner({ profile, account: newAccount, verification, externalIdentity, activity, events }) {
      const now = profile.createdAt;
      await commit(
        table.transaction.write(
          ({
            identifier,
            user,
            account,
            membership,
            linkToken,
            outboxEvent,
            externalSubjectClaim,
            externalIdentity: identity,
            securityActivity,
          }) => [
            identifier
              .create({
                kind: "email",
                value: profile.email ?? "",
                userId: profile.userId,
                cognitoUsername: profile.cognitoUsername,
              })
              .commit(),
            user.create(profile).commit(),
            account
              .create({
                accountId: newAccount.accountId,
                name: newAccount.name,
                kind: "standard",
                status: "active",
                billingAccountId: newAccount.accountId,
                ownerUserId: profile.userId,
                adminsCanGrantAdmin: true,
                version: 1,
                subaccountsVersion: 0,
                createdAt: now,
                updatedAt: now,
              })
              .commit(),
            membership
              .create({
                accountId: newAccount.accountId,
                userId: profile.userId,
                role: "owner",
                status: "active",
                fullName: profile.fullName,
                email: profile.email,
                searchText: memberSearchText(profile),
                addedBy: profile.userId,
                version: 1,
                createdAt: now,
                updatedAt: now,
              })
              .commit(),
            ...(verification
              ? [
                  linkToken
                    .create({
                      tokenHash: verification.tokenHash,
                      purpose: "email-verification",
                      userId: profile.userId,
                      expiresAt: verification.expiresAt,
                    })
                    .commit(),
                ]
              : []),
            ...events.map((event) => outboxEvent.create(event).commit()),
            ...(activity ? [securityActivity.create(securityActivityItem(activity)).commit()] : []),
            // Last, so the indexes of the items above stay what the error handling below expects.
            ...(externalIdentity
              ? [
                  externalSubjectClaim
                    .create({
                      provider: externalIdentity.provider,
                      subject: externalIdentity.subject,
                      userId: profile.userId,
                    })
                    .commit({ response: "all_old" }),
                  identity.create({ userId: profile.userId, ...externalIdentity }).commit(),
                ]
              : []),
          ],
        ),
        (cancelled) => {
          if (cancelled.failedCondition(0)) return new EmailTaken();
          if (externalIdentity && cancelled.failedCondition(cancelled.codes.length - 2)) return new IdentityTaken();
          return undefined;
        },
      );
    },

    async issueLinkToken({ tokenHash, purpose, userId, expiresAt, event }) {
      await commit(
        table.transaction.write(({ linkToken, outboxEvent }) => [
          linkToken.create({ tokenHash, purpose, userId, expiresAt }).commit(),
          outboxEvent.create(event).commit(),
        ]),
      );
    },

    async findLinkToken(tokenHash) {
      const { data } = await linkToken.get({ tokenHash }).go();
      if (!data?.userId || (data.purpose !== "email-verification" && data.purpose !== "password-reset"))
        return undefined;
      return defined({
        userId: data.userId,
        purpose: data.purpose,
        expiresAt: data.expiresAt,
        usedAt: data.usedAt,
      });
    },

    async useLinkToken({ tokenHash, purpose, now, markEmailVerified, event }) {
      const nowSeconds = Math.floor(now.getTime() / 1000);
      await commit(
        table.transaction.write(({ linkToken, user, outboxEvent }) => [
          linkToken
            .patch({ tokenHash })
            .set({ usedAt: now.toISOString() })
            .where(
              (attr, op) =>
                `${op.notExists(attr.usedAt)} AND ${op.eq(attr.purpose, purpose as LinkPurpose | "invitation" | "telegram-link")} AND ${op.gt(attr.expiresAt, nowSeconds)}`,
            )
            .commit(),
          ...(markEmailVerified
            ? [
                user
                  .patch({ userId: markEmailVerified })
                  .set({ emailVerified: true, updatedAt: now.toISOString() })
                  .commit(),
              ]
            : []),
          ...(event ? [outboxEvent.create(event).commit()] : []),
        ]),
        (cancelled) => (cancelled.failedCondition(0) ? new LinkUnusable() : undefined),
      );
    },

    async recordPasswordReset({ userId, markPasswordSet, now, activity, event }) {
      await commit(
        table.transaction.write(({ user, securityActivity, outboxEvent }) => [
          ...(markPasswordSet
            ? [user.patch({ userId }).set({ hasPassword: true, updatedAt: now.toISOString() }).commit()]
            : []),
          securityActivity.create(securityActivityItem(activity)).commit(),
          ...(event ? [outboxEvent.create(event).commit()] : []),
        ]),
      );
    },

    async restoreLinkToken(tokenHash) {
      await linkToken.update({ tokenHash }).remove(["usedAt"]).go({ response: "none" });
    },

    async updateProfile(profile, changes, event, now) {
      const updated = { ...profile, ...defined(changes), updatedAt: now.toISOString() };
      await commit(
        table.transaction.write(({ user, outboxEvent }) => [
          user
            .patch({ userId: profile.userId })
            .set({ ...defined(changes), updatedAt: updated.updatedAt })
            .commit(),
          outboxEvent.create(event).commit(),
        ]),
      );
      return updated;
    },

    async membershipsOf(userId) {
      const memberships: MembershipOfUser[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: MembershipOfUser[]; cursor: string | null } = await membership.query
          .byUser({ userId })
          .go({ cursor, attributes: ["accountId", "role", "status"] });
        memberships.push(...page.data);
        cursor = page.cursor;
      } while (cursor);
      return memberships;
    },

    async ping() {
      await identifier.get({ kind: "login", value: "health-check" }).go();
    },
  };
};
