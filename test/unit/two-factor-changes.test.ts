import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import type { TwoFactorChanges } from "../../services/users/src/ports/two-factor-changes.ts";
import type { UserProfile } from "../../services/users/src/ports/user-store.ts";
import type { UsersDependencies } from "../../services/users/src/use-cases/dependencies.ts";
import { confirmTotp } from "../../services/users/src/use-cases/mfa/confirm-totp.ts";
import { disableTotp } from "../../services/users/src/use-cases/mfa/disable-totp.ts";
import type { AuthContext } from "../../shared/src/auth/auth-context.ts";
import { newTotpSecret } from "../../shared/src/mfa/totp.ts";
import type { TotpFactor } from "../../shared/src/mfa/totp-factors.ts";

const NOW = new Date("2026-03-01T12:00:05Z");
const secret = newTotpSecret();
const code = generateSync({ secret, epoch: Math.floor(NOW.getTime() / 1000) });
const auth = { userId: "u1" } as AuthContext;
const client = { ip: "203.0.113.9", userAgent: "test" };
const profile: UserProfile = {
  userId: "u1",
  cognitoUsername: "c1",
  email: "ann@example.com",
  fullName: "Ann",
  locale: "pl",
  emailVerified: true,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
};

/**
 * One read of profile and factor, and the table's rule on the write: turning on needs the factor
 * still pending with the same secret, turning off needs it still on. `meanwhile` changes the
 * factor between the read and the write, as a concurrent request would.
 */
const setup = (
  factor: TotpFactor | undefined,
  options: { email?: boolean; meanwhile?: (state: { factor: TotpFactor | undefined }) => void } = {},
) => {
  const state = { factor, committed: [] as Array<Parameters<TwoFactorChanges["disable"]>[0]> };
  const twoFactor: TwoFactorChanges = {
    async enable(input) {
      options.meanwhile?.(state);
      const current = state.factor;
      if (current?.status !== "pending" || current.sealedSecret !== input.factor.sealedSecret) return false;
      state.factor = { ...current, status: "enabled", lastUsedStep: input.timeStep };
      state.committed.push({ userId: current.userId, ...input });
      return true;
    },
    async disable(input) {
      options.meanwhile?.(state);
      if (state.factor?.status !== "enabled") return false;
      state.factor = undefined;
      state.committed.push(input);
      return true;
    },
  };
  const deps = {
    store: {
      async getProfileAndFactor() {
        const { email: _, ...withoutEmail } = profile;
        return {
          profile: options.email === false ? withoutEmail : profile,
          factor: state.factor && { ...state.factor },
        };
      },
    },
    twoFactor,
    sealer: { open: async (sealed: string) => sealed },
    identity: { enableTotp: async () => true, disableTotp: async () => undefined },
    now: () => NOW,
  } as unknown as UsersDependencies;
  return { deps, state };
};

const pending: TotpFactor = { userId: "u1", status: "pending", sealedSecret: secret };
const enabled: TotpFactor = { userId: "u1", status: "enabled", sealedSecret: secret, lastUsedStep: 1 };

describe("turning TOTP on and off (fake store)", () => {
  it("turns a pending factor on with its log entry and the notice in one write", async () => {
    const { deps, state } = setup({ ...pending });
    await confirmTotp(deps, auth, "access", code, client);
    expect(state.factor?.status).toBe("enabled");
    expect(state.committed).toHaveLength(1);
    expect(state.committed[0]?.activity).toMatchObject({ userId: "u1", type: "mfa_enabled", ip: client.ip });
    expect(JSON.parse(state.committed[0]?.notice?.detail ?? "{}").data).toMatchObject({
      email: profile.email,
      locale: "pl",
      enabled: true,
    });
  });

  it("sends no notice to a user without email, and still records the change", async () => {
    const { deps, state } = setup({ ...enabled }, { email: false });
    await disableTotp(deps, auth, "access", client);
    expect(state.committed[0]?.notice).toBeUndefined();
    expect(state.committed[0]?.activity.type).toBe("mfa_disabled");
  });

  it("answers already on when another request turned the factor on between the read and the write", async () => {
    const { deps, state } = setup(
      { ...pending },
      {
        meanwhile: (current) => {
          current.factor = { ...enabled };
        },
      },
    );
    await expect(confirmTotp(deps, auth, "access", code, client)).rejects.toMatchObject({
      code: "mfa_already_enabled",
    });
    expect(state.committed).toEqual([]);
  });

  it("refuses to turn off a factor that is not on, also when it went off between the read and the write", async () => {
    await expect(disableTotp(setup({ ...pending }).deps, auth, "access", client)).rejects.toMatchObject({
      status: 409,
      code: "mfa_not_enabled",
    });
    const raced = setup(
      { ...enabled },
      {
        meanwhile: (current) => {
          current.factor = undefined;
        },
      },
    );
    await expect(disableTotp(raced.deps, auth, "access", client)).rejects.toMatchObject({ code: "mfa_not_enabled" });
    expect(raced.state.committed).toEqual([]);
  });
});
