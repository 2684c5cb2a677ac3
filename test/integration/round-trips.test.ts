import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIMED_MINIMUM_ROUND_TRIPS } from "../../bench/route-round-trips.ts";
import { BENCH_PASSWORD, type Call, signUp } from "../../bench/scenarios/sign-up.ts";
import { startIsolatedPlatform } from "../../local/isolated-platform.ts";
import { type DynamoDbUsage, onDynamoDbUsage } from "../../shared/src/observability/dynamodb-usage.ts";

/**
 * Routes already at their claimed minimum of DynamoDB round trips (bench/route-round-trips.ts) stay
 * there: exact counts, never wall-clock. The services meter their calls in-process, so this file runs
 * its own platform (as the bench does) to hear them. Add a route here when it reaches its minimum.
 */
describe("DynamoDB round trips per route", () => {
  let instance: Awaited<ReturnType<typeof startIsolatedPlatform>>;
  let apiUrl: string;
  const usageByRoute = new Map<string, DynamoDbUsage>();
  let stopListening: () => void;
  let owner: Awaited<ReturnType<typeof signUp>>;

  const call: Call = async (_label, method, route, options = {}) => {
    const response = await fetch(`${apiUrl}${route}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: text && text.startsWith("{") ? JSON.parse(text) : text };
  };

  /** Calls a route and returns the round trips the service counted for it (0 when it never touched the table). */
  const tripsOf = async (routeKey: string, method: string, route: string, token?: string) =>
    (await callCounted(routeKey, method, route, { token })).trips;

  /** Like `tripsOf`, with a body, and the answer's body too. */
  const callCounted = async (
    routeKey: string,
    method: string,
    route: string,
    options: { body?: unknown; token?: string } = {},
  ) => {
    usageByRoute.delete(routeKey);
    const { status, body } = await call(routeKey, method, route, options);
    expect(status).toBeLessThan(400);
    return { trips: usageByRoute.get(routeKey)?.roundTrips ?? 0, body };
  };

  beforeAll(async () => {
    instance = await startIsolatedPlatform({ PRIVACY_JOB_EVERY_SECONDS: "0" });
    apiUrl = instance.platform.apiUrl;
    stopListening = onDynamoDbUsage((label, usage) => {
      usageByRoute.set(label, usage);
    });
    owner = await signUp(call, apiUrl, "round-trips");
  }, 180_000);

  afterAll(async () => {
    stopListening?.();
    await instance?.stop();
  }, 60_000);

  it("answers the static routes without the table", async () => {
    expect(await tripsOf("GET /v1/health", "GET", "/v1/health")).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.health.minimum);
    expect(await tripsOf("GET /v1/rights", "GET", "/v1/rights", owner.token)).toBe(
      CLAIMED_MINIMUM_ROUND_TRIPS.getRightsCatalog.minimum,
    );
    expect(await tripsOf("GET /v1/auth/providers", "GET", "/v1/auth/providers")).toBe(
      CLAIMED_MINIMUM_ROUND_TRIPS.listSignInProviders.minimum,
    );
    expect(await tripsOf("GET /openapi.json", "GET", "/openapi.json")).toBe(
      CLAIMED_MINIMUM_ROUND_TRIPS.openApiDocument.minimum,
    );
  });

  it("signs in, revokes a session and signs out at their minimum", async () => {
    const credentials = { body: { username: owner.email, password: BENCH_PASSWORD } };
    const signIn = await callCounted("POST /v1/auth/login", "POST", "/v1/auth/login", credentials);
    expect(signIn.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.login.minimum);

    const second = await callCounted("POST /v1/auth/login", "POST", "/v1/auth/login", credentials);
    const { body: sessions } = await call("GET /v1/me/sessions", "GET", "/v1/me/sessions", {
      token: second.body.accessToken,
    });
    const other = (sessions.items as Array<{ sessionId: string; current: boolean }>).find((s) => !s.current);
    expect(
      await tripsOf(
        "DELETE /v1/me/sessions/{sessionId}",
        "DELETE",
        `/v1/me/sessions/${other?.sessionId}`,
        second.body.accessToken,
      ),
    ).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.revokeSession.minimum);

    const signedOut = await callCounted("POST /v1/auth/logout", "POST", "/v1/auth/logout", {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(signedOut.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.logout.minimum);
  });

  // Privacy and notify routes. Nested, not a second platform: the services keep their clients per process.
  describe("privacy and notify", () => {
    let user: Awaited<ReturnType<typeof signUp>>;
    /** Calls a route as `user`, with a body, and returns the round trips the service counted for it. */
    const userTripsOf = async (routeKey: string, method: string, route: string, body?: unknown) => {
      usageByRoute.delete(routeKey);
      const { status } = await call(routeKey, method, route, { token: user.token, body });
      expect(status).toBeLessThan(400);
      return usageByRoute.get(routeKey)?.roundTrips ?? 0;
    };

    beforeAll(async () => {
      user = await signUp(call, apiUrl, "round-trips-privacy");
    }, 60_000);

    it("changes notification preferences with one read of recipient and preferences, then one write", async () => {
      expect(
        await userTripsOf("PUT /v1/me/notifications", "PUT", "/v1/me/notifications", {
          preferences: { news: { email: true } },
        }),
      ).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.changeNotificationPreferences.minimum);
      expect(await userTripsOf("GET /v1/me/notifications", "GET", "/v1/me/notifications")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.getNotificationPreferences.minimum,
      );
    });

    it("restricts and lifts processing at their claimed round trips", async () => {
      const scope = { scope: "marketing" };
      expect(await userTripsOf("POST /v1/me/privacy/restriction", "POST", "/v1/me/privacy/restriction", scope)).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.restrictProcessing.minimum,
      );
      expect(await userTripsOf("GET /v1/me/privacy/restriction", "GET", "/v1/me/privacy/restriction")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.getRestrictions.minimum,
      );
      expect(
        await userTripsOf("DELETE /v1/me/privacy/restriction", "DELETE", "/v1/me/privacy/restriction", scope),
      ).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.liftRestriction.minimum);
      expect(await userTripsOf("GET /v1/me/privacy/requests", "GET", "/v1/me/privacy/requests")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.listMyPrivacyRequests.minimum,
      );
    });
  });

  // Accounts member routes: the target member read in the access check's BatchGetItem.
  describe("accounts members", () => {
    let admin: Awaited<ReturnType<typeof signUp>>;
    let member: { userId: string; path: string };
    const memberPath = "/v1/accounts/{accountId}/members/{userId}";

    beforeAll(async () => {
      admin = await signUp(call, apiUrl, "round-trips-members");
      const base = `/v1/accounts/${admin.accountId}`;
      const created = await call("(setup) managed member", "POST", `${base}/members`, {
        token: admin.token,
        body: { login: `trips-${Date.now()}`, password: "Bench-Password-2026", fullName: "Managed", role: "standard" },
      });
      expect(created.status).toBe(201);
      member = { userId: created.body.userId, path: `${base}/members/${created.body.userId}` };
    }, 60_000);

    const ownerCall = (routeKey: string, method: string, route: string, body?: unknown) =>
      callCounted(routeKey, method, route, { token: admin.token, body });

    it("reads, changes and re-rights a member at their claimed round trips", async () => {
      expect((await ownerCall(`GET ${memberPath}`, "GET", member.path)).trips).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.getMember.minimum,
      );
      expect((await ownerCall(`PATCH ${memberPath}`, "PATCH", member.path, { role: "viewer" })).trips).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.updateMember.minimum,
      );
      expect(
        (await ownerCall(`PATCH ${memberPath}/rights`, "PATCH", `${member.path}/rights`, { "audit.read": true })).trips,
      ).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.setMemberRights.minimum);
    });

    it("makes a password-reset link for a managed member at its claimed round trips", async () => {
      const { trips, body } = await ownerCall(
        `POST ${memberPath}/password-reset-link`,
        "POST",
        `${member.path}/password-reset-link`,
        {},
      );
      expect(body.link).toContain("/reset-password");
      expect(trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.createPasswordResetLink.minimum);
    });

    it("lists the caller's accounts at its claimed round trips", async () => {
      expect((await ownerCall("GET /v1/me/accounts", "GET", "/v1/me/accounts")).trips).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.listMyAccounts.minimum,
      );
    });

    it("removes a member at its claimed round trips", async () => {
      expect((await ownerCall(`DELETE ${memberPath}`, "DELETE", member.path)).trips).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.removeMember.minimum,
      );
    });
  });
});
