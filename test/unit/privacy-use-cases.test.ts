import { Logger } from "@aws-lambda-powertools/logger";
import { describe, expect, it } from "vitest";
import type { PrivacyRequest } from "../../services/privacy/src/domain/requests.ts";
import { PolicyChanged, type PolicyStore } from "../../services/privacy/src/ports/policy-store.ts";
import { type PrivacyStore, RequestChanged } from "../../services/privacy/src/ports/privacy-store.ts";
import type { PrivacyDependencies } from "../../services/privacy/src/use-cases/dependencies.ts";
import { cancelErasure } from "../../services/privacy/src/use-cases/erasure/cancel-erasure.ts";
import { publishVersion } from "../../services/privacy/src/use-cases/policies/publish-version.ts";
import type { AuthContext } from "../../shared/src/auth/auth-context.ts";
import { Problem } from "../../shared/src/http/problem.ts";
import { recordedMetrics } from "../harness/recorded-metrics.ts";

const auth: AuthContext = { userId: "u1", cognitoUsername: "u1", groups: [], isPlatformAdmin: false };
const meta = { requestId: "req-1", ip: "203.0.113.9", userAgent: "test" };

const deps = (overrides: { requests?: Partial<PrivacyStore>; policies?: Partial<PolicyStore> }) =>
  ({
    requests: overrides.requests as PrivacyStore,
    policies: overrides.policies as PolicyStore,
    directory: { contact: async () => ({ userId: "u1", fullName: "U", locale: "en" as const }) },
    providers: [],
    exportDelivery: { deliver: async () => ({ messageId: "m" }) },
    config: {} as PrivacyDependencies["config"],
    logger: new Logger({ logLevel: "SILENT" }),
    metrics: recordedMetrics().metrics,
    now: () => new Date("2026-11-22T10:00:00.000Z"),
    sleep: async () => undefined,
    newId: () => "id-1",
  }) satisfies PrivacyDependencies;

const erasure = (status: PrivacyRequest["status"], version = 1): PrivacyRequest => ({
  requestId: "e1",
  userId: "u1",
  kind: "erasure",
  status,
  version,
  attempts: 0,
  createdAt: "2026-11-01T00:00:00.000Z",
  updatedAt: "2026-11-01T00:00:00.000Z",
  legalDeadline: "2026-12-01T00:00:00.000Z",
});

const problemOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Problem);
  return error as Problem;
};

describe("cancelling an erasure", () => {
  it("is refused with 409 once erasing has started", async () => {
    const d = deps({ requests: { activeErasureOf: async () => erasure("erasing") } });
    const p = await problemOf(cancelErasure(d, auth));
    expect([p.status, p.code]).toEqual([409, "erasure_in_progress"]);
  });

  it("reads again when the job changed the request meanwhile, and decides on what it finds", async () => {
    const seen: number[] = [];
    const states = [erasure("scheduled", 1), erasure("blocked", 2)];
    const d = deps({
      requests: {
        activeErasureOf: async () => states.shift(),
        transition: async ({ request }) => {
          seen.push(request.version);
          if (request.version === 1) throw new RequestChanged();
        },
      },
    });
    expect(await cancelErasure(d, auth)).toMatchObject({ status: "cancelled" });
    expect(seen).toEqual([1, 2]);
  });

  it("gives up with 409 when the request keeps changing", async () => {
    const d = deps({
      requests: {
        activeErasureOf: async () => erasure("scheduled"),
        transition: async () => {
          throw new RequestChanged();
        },
      },
    });
    expect((await problemOf(cancelErasure(d, auth))).status).toBe(409);
  });
});

describe("publishing a version", () => {
  const policy = { policyId: "terms", title: "Terms", required: true, currentVersion: 1 };

  it("reads the policy again after a concurrent publish and takes the next number", async () => {
    const versions: number[] = [];
    let current = 1;
    const d = deps({
      policies: {
        getPolicy: async () => ({ ...policy, currentVersion: current }),
        publishVersion: async ({ version }) => {
          versions.push(version.version);
          if (versions.length === 1) {
            current = 2;
            throw new PolicyChanged();
          }
        },
      },
    });
    const published = await publishVersion(d, { ...auth, isPlatformAdmin: true }, meta, "terms", { summary: "s" });
    expect(published.version).toBe(3);
    expect(versions).toEqual([2, 3]);
  });

  it("answers 409 when other publishes keep winning", async () => {
    const d = deps({
      policies: {
        getPolicy: async () => policy,
        publishVersion: async () => {
          throw new PolicyChanged();
        },
      },
    });
    const p = await problemOf(publishVersion(d, auth, meta, "terms", { summary: "s" }));
    expect([p.status, p.code]).toEqual([409, "policy_changed"]);
  });
});
