import type { SecretSealer } from "../crypto/secret-sealer.ts";
import { isConditionFailure } from "../table/conditional-write.ts";
import type { TableService } from "../table/entities.ts";
import { checkTotpCode } from "./totp.ts";

/** The purpose a TOTP secret is sealed for: only that purpose opens it. */
export const TOTP_SECRET_PURPOSE = "totp-secret";

export interface TotpFactor {
  userId: string;
  status: "pending" | "enabled";
  sealedSecret: string;
  lastUsedStep?: number;
  enabledAt?: string;
}

export type CodeVerdict = "accepted" | "invalid";

/**
 * A user's TOTP factor in the table, shared by every service because step-up codes are checked
 * wherever a sensitive route lives. Reading the state is one GetItem; accepting a code is one
 * conditional write that moves `lastUsedStep` forward, so of any number of concurrent requests
 * with the same code exactly one wins.
 */
export const tableTotpFactors = (table: TableService, sealer: SecretSealer) => {
  const { totpFactor } = table.entities;
  return {
    async get(userId: string): Promise<TotpFactor | undefined> {
      const found = (await totpFactor.get({ userId }).go({ consistent: true })).data;
      return found ?? undefined;
    },

    /** Stores a new secret awaiting its first code; false when TOTP is already on (never overwritten). */
    async savePending({ userId, sealedSecret, now }: { userId: string; sealedSecret: string; now: Date }) {
      try {
        await totpFactor
          .put({ userId, sealedSecret, status: "pending", updatedAt: now.toISOString() })
          .where((attr, op) => `${op.notExists(attr.userId)} OR ${op.eq(attr.status, "pending")}`)
          .go({ response: "none" });
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    /** Checks `code` against an enabled factor and spends its time step; "invalid" for wrong, expired or replayed. */
    async spendCode(factor: TotpFactor, code: string, now: Date): Promise<CodeVerdict> {
      const secret = await sealer.open(factor.sealedSecret, TOTP_SECRET_PURPOSE);
      const check = checkTotpCode(secret, code, now, factor.lastUsedStep);
      if (!check.valid) return "invalid";
      try {
        await totpFactor
          .patch({ userId: factor.userId })
          .set({ lastUsedStep: check.timeStep })
          .where(
            (attr, op) =>
              `${op.eq(attr.sealedSecret, factor.sealedSecret)} AND (${op.notExists(attr.lastUsedStep)} OR ${op.lt(attr.lastUsedStep, check.timeStep)})`,
          )
          .go({ response: "none" });
        return "accepted";
      } catch (error) {
        if (isConditionFailure(error)) return "invalid";
        throw error;
      }
    },
  };
};
export type TotpFactors = ReturnType<typeof tableTotpFactors>;
