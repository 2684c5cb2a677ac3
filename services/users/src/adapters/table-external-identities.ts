import { isConditionFailure } from "../../../../shared/src/table/conditional-write.ts";
import { defined } from "../../../../shared/src/table/defined.ts";
import type { TableService } from "../../../../shared/src/table/entities.ts";
import { commit, TransactionCancelled } from "../../../../shared/src/table/transactions.ts";
import { type ExternalIdentityStore, IdentityTaken, ProviderAlreadyLinked } from "../ports/external-identities.ts";
import { securityActivityItem } from "./table-security-activity.ts";

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * External identities under the user's partition (IDENTITY#<provider>) with one claim item per
 * provider subject (EXTERNAL#<provider>#<subject>): both created in one transaction whose
 * conditions make a subject belong to one user and a user hold one identity per provider. A link
 * or unlink writes its security-activity entry in the same transaction.
 */
export const tableExternalIdentities = (table: TableService): ExternalIdentityStore => {
  const { externalIdentity, externalSubjectClaim, openIdAttempt, providerSignInProof } = table.entities;
  return {
    async saveAttempt(attempt) {
      await openIdAttempt.create(attempt).go({ response: "none" });
    },
    async consumeAttempt(stateHash, now) {
      try {
        const { data } = await openIdAttempt
          .remove({ stateHash })
          .where((attr, op) => op.gt(attr.expiresAt, epochSeconds(now)))
          .go({ response: "all_old" });
        if (!data) return undefined;
        return defined({
          stateHash: data.stateHash,
          provider: data.provider,
          purpose: data.purpose,
          userId: data.userId,
          sealedSecrets: data.sealedSecrets,
          expiresAt: data.expiresAt,
        });
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
    async ownerOf(provider, subject) {
      const { data } = await externalSubjectClaim.get({ provider, subject }).go({ consistent: true });
      return data?.userId;
    },
    async link(userId, identity, activity) {
      await commit(
        table.transaction.write(({ externalSubjectClaim, externalIdentity, user, securityActivity }) => [
          externalSubjectClaim
            .create({ provider: identity.provider, subject: identity.subject, userId })
            .commit({ response: "all_old" }),
          externalIdentity.create({ userId, ...identity }).commit({ response: "all_old" }),
          user.patch({ userId }).add({ externalIdentityCount: 1 }).commit(),
          securityActivity.create(securityActivityItem(activity)).commit(),
        ]),
        (cancelled) =>
          cancelled.failedCondition(0)
            ? new IdentityTaken()
            : cancelled.failedCondition(1)
              ? new ProviderAlreadyLinked()
              : undefined,
      );
    },
    async list(userId) {
      const { data } = await externalIdentity.query.byUser({ userId }).go({ pages: "all" });
      return data.map((item) =>
        defined({ provider: item.provider, subject: item.subject, email: item.email, linkedAt: item.linkedAt }),
      );
    },
    async unlink(userId, provider, activity) {
      const { data } = await externalIdentity.get({ userId, provider }).go({ consistent: true });
      if (!data) return "not-linked";
      try {
        await commit(
          table.transaction.write(({ externalIdentity, externalSubjectClaim, user, securityActivity }) => [
            externalIdentity
              .delete({ userId, provider })
              .where((attr, op) => op.exists(attr.subject))
              .commit(),
            externalSubjectClaim
              .delete({ provider, subject: data.subject })
              .where((attr, op) => op.eq(attr.userId, userId))
              .commit(),
            // Another way to sign in stays: a password, or another identity (counted with the links).
            user
              .patch({ userId })
              .add({ externalIdentityCount: -1 })
              .where(
                (attr, op) =>
                  `${op.notExists(attr.hasPassword)} OR ${op.eq(attr.hasPassword, true)} OR ${op.gt(attr.externalIdentityCount, 1)}`,
              )
              .commit(),
            securityActivity.create(securityActivityItem(activity)).commit(),
          ]),
        );
        return "unlinked";
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedCondition(2) && !error.failedCondition(0)) {
          return "last-sign-in-method";
        }
        // Unlinked by a concurrent request in between: nothing of it is left.
        if (error instanceof TransactionCancelled && error.failedCondition(0)) return "not-linked";
        throw error;
      }
    },
    async issueProof(proof) {
      await providerSignInProof.create(proof).go({ response: "none" });
    },
    async spendProof(proofHash, userId, now) {
      try {
        await providerSignInProof
          .remove({ proofHash })
          .where((attr, op) => `${op.eq(attr.userId, userId)} AND ${op.gt(attr.expiresAt, epochSeconds(now))}`)
          .go({ response: "none" });
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
};
