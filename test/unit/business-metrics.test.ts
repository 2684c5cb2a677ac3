import { afterEach, describe, expect, it, vi } from "vitest";
import { InvitationConflict } from "../../services/accounts/src/domain/invitation.ts";
import type { AccountsDependencies } from "../../services/accounts/src/use-cases/dependencies.ts";
import { acceptInvitation } from "../../services/accounts/src/use-cases/invitations/accept-invitation.ts";
import { EmailTaken } from "../../services/users/src/ports/user-store.ts";
import type { UsersDependencies } from "../../services/users/src/use-cases/dependencies.ts";
import { register } from "../../services/users/src/use-cases/sign-up/register.ts";
import { Problem } from "../../shared/src/http/problem.ts";
import { powertoolsBusinessMetrics } from "../../shared/src/observability/powertools-business-metrics.ts";
import { recordedMetrics } from "../harness/recorded-metrics.ts";
import { INVITATION_TOKEN, pendingInvitation } from "./invitation-fixtures.ts";

const NOW = new Date("2026-11-22T12:00:00Z");
const PASSWORD = "correct horse battery staple";

interface EmfEntry {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string; Unit: string }>;
    }>;
  };
  [key: string]: unknown;
}

/** Powertools writes EMF to the global console in dev mode; with metrics switched back on, we read it there. */
const capturedEmf = () => {
  vi.stubEnv("POWERTOOLS_DEV", "true");
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  return () => log.mock.calls.map(([line]) => JSON.parse(String(line)) as EmfEntry);
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("business metrics through Powertools (EMF on stdout)", () => {
  it("publishes each counted event at once, in the platform's namespace, by service and stage", () => {
    const emitted = capturedEmf();
    const metrics = powertoolsBusinessMetrics({ serviceName: "users", stage: "dev" });
    metrics.count("signUps");
    const [entry, ...rest] = emitted();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ SignUps: 1, service: "users", stage: "dev" });
    expect(entry?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: "tenantry",
        Dimensions: [expect.arrayContaining(["service", "stage"])],
        Metrics: [{ Name: "SignUps", Unit: "Count" }],
      },
    ]);
  });

  it("publishes figures measured together as one entry with their units", () => {
    const emitted = capturedEmf();
    powertoolsBusinessMetrics({ serviceName: "privacy", stage: "prod" }).record({
      exportsSent: 3,
      privacyJobFailures: 0,
      oldestDuePrivacyRequestAge: 42,
    });
    const [entry, ...rest] = emitted();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      ExportsSent: 3,
      PrivacyJobFailures: 0,
      OldestDuePrivacyRequestAge: 42,
      service: "privacy",
      stage: "prod",
    });
    expect(entry?._aws.CloudWatchMetrics[0]?.Metrics).toEqual(
      expect.arrayContaining([
        { Name: "ExportsSent", Unit: "Count" },
        { Name: "OldestDuePrivacyRequestAge", Unit: "Seconds" },
      ]),
    );
  });

  it("stays silent in dev mode (the local runtime) by Powertools' own setting", () => {
    vi.stubEnv("POWERTOOLS_DEV", "true");
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    powertoolsBusinessMetrics({ serviceName: "users", stage: "local" }).count("signUps");
    expect(log).not.toHaveBeenCalled();
  });
});

describe("sign-ups", () => {
  const depsFor = (registerOwner: () => Promise<void>) => {
    const recorded = recordedMetrics();
    const deleted: string[] = [];
    const deps = {
      store: { findLogin: async () => undefined, registerOwner },
      identity: {
        createUser: async () => ({ userId: "U1" }),
        deleteUser: async (username: string) => void deleted.push(username),
      },
      sealer: { seal: async () => "sealed" },
      config: { EMAIL_VERIFICATION_TTL_HOURS: 24 },
      metrics: recorded.metrics,
      now: () => NOW,
      newId: () => "01JABCDEFGHJKMNPQRSTVWXYZ0",
    } as unknown as UsersDependencies;
    return { deps, recorded, deleted };
  };
  const input = { email: "new@example.test", password: PASSWORD, fullName: "New", accountName: "New Co" };

  it("counts a registration once it is stored", async () => {
    const { deps, recorded } = depsFor(async () => undefined);
    await register(deps, input);
    expect(recorded.entries).toEqual([{ signUps: 1 }]);
  });

  it("counts nothing when the registration loses the race for its email", async () => {
    const { deps, recorded, deleted } = depsFor(async () => {
      throw new EmailTaken();
    });
    await expect(register(deps, input)).rejects.toMatchObject({ status: 409 });
    expect(deleted).toHaveLength(1);
    expect(recorded.entries).toEqual([]);
  });
});

describe("invitations accepted", () => {
  const TOKEN = INVITATION_TOKEN;
  const depsFor = (accept: () => Promise<void>, signedIn: boolean) => {
    const recorded = recordedMetrics();
    const deps = {
      now: () => NOW,
      newId: () => "01JABCDEFGHJKMNPQRSTVWXYZ1",
      metrics: recorded.metrics,
      invitations: {
        openLink: async (_tokenHash: string, readerUserId?: string) => ({
          invitation: pendingInvitation(NOW),
          account: { accountId: "A1", name: "Acme", status: "active" },
          ...(readerUserId
            ? { reader: { userId: "U3", fullName: "Existing", email: "x@example.test", locale: "en" } }
            : {}),
        }),
        peopleOf: async () => ({ inviter: undefined, inviteeUserId: undefined }),
        accept,
      },
      identity: {
        createUser: async () => ({ userId: "U2" }),
        deleteUser: async () => undefined,
        markEmailVerified: async () => undefined,
      },
      verifyAccessToken: async () =>
        signedIn ? { sub: "U3", username: "u3", "cognito:groups": [], token_use: "access" } : undefined,
    } as unknown as AccountsDependencies;
    return { deps, recorded };
  };
  const meta = { requestId: "r1", ip: "203.0.113.9", userAgent: "test" };

  it("counts an acceptance by a new user and by a signed-in user", async () => {
    const newUser = depsFor(async () => undefined, false);
    await acceptInvitation(newUser.deps, TOKEN, { password: PASSWORD }, { authorization: undefined, meta });
    expect(newUser.recorded.entries).toEqual([{ invitationsAccepted: 1 }]);

    const existing = depsFor(async () => undefined, true);
    await acceptInvitation(existing.deps, TOKEN, undefined, { authorization: "Bearer x", meta });
    expect(existing.recorded.entries).toEqual([{ invitationsAccepted: 1 }]);
  });

  it("counts nothing when the link was used concurrently or the user is already a member", async () => {
    for (const reason of ["not_pending", "already_member"] as const) {
      const { deps, recorded } = depsFor(async () => {
        throw new InvitationConflict(reason);
      }, true);
      await expect(
        acceptInvitation(deps, TOKEN, undefined, { authorization: "Bearer x", meta }),
      ).rejects.toBeInstanceOf(Problem);
      expect(recorded.entries).toEqual([]);
    }
  });
});
