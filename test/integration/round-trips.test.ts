import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIMED_MINIMUM_ROUND_TRIPS } from "../../bench/route-round-trips.ts";
import { BENCH_PASSWORD, type Call, signUp, signUpPlatformAdmin } from "../../bench/scenarios/sign-up.ts";
import { newsUnsubscribeLink } from "../../bench/scenarios/unsubscribe.ts";
import { startIsolatedPlatform } from "../../local/isolated-platform.ts";
import { type DynamoDbUsage, onDynamoDbUsage } from "../../shared/src/observability/dynamodb-usage.ts";
import { PROVIDER } from "../harness/openid-provider-browser.ts";

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

  // The routes bench/scenarios/openid.ts, telegram.ts, unsubscribe.ts and docs.ts drive, where at their claim.
  describe("provider sign-in, Telegram, unsubscribe", () => {
    /** Like `tripsOf`, and the service must have measured the request: a 0 means no table access, not no count. */
    const measuredTripsOf = async (routeKey: string, method: string, route: string, token?: string) => {
      const trips = await tripsOf(routeKey, method, route, token);
      expect(usageByRoute.has(routeKey), routeKey).toBe(true);
      return trips;
    };

    it("starts linking a provider identity with one write and lists the identities with one Query", async () => {
      expect(
        await measuredTripsOf(
          "POST /v1/me/identities/{provider}/link",
          "POST",
          `/v1/me/identities/${PROVIDER}/link`,
          owner.token,
        ),
      ).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.startIdentityLink.minimum);
      expect(await measuredTripsOf("GET /v1/me/identities", "GET", "/v1/me/identities", owner.token)).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.listIdentities.minimum,
      );
    });

    it("issues a Telegram deep link with one write", async () => {
      expect(await measuredTripsOf("POST /v1/me/telegram/link", "POST", "/v1/me/telegram/link", owner.token)).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.linkTelegram.minimum,
      );
    });

    it("opens a news email's unsubscribe page without the table", async () => {
      const link = await newsUnsubscribeLink({ call, apiUrl, platform: instance.platform });
      expect(await measuredTripsOf("GET /v1/notifications/unsubscribe", "GET", link)).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.unsubscribePage.minimum,
      );
    }, 60_000);

    it("lists the sub-accounts with the access check and one Query", async () => {
      const base = `/v1/accounts/${owner.accountId}/subaccounts`;
      await callCounted("POST /v1/accounts/{accountId}/subaccounts", "POST", base, {
        token: owner.token,
        body: { name: "Branch", externalId: "round-trips-branch" },
      });
      expect(await measuredTripsOf("GET /v1/accounts/{accountId}/subaccounts", "GET", base, owner.token)).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.listSubaccounts.minimum,
      );
    });

    it("deletes a machine client with one read of its record", async () => {
      const support = await signUpPlatformAdmin(call, apiUrl, instance.platform, "round-trips-support");
      const created = await callCounted("POST /v1/platform/machine-clients", "POST", "/v1/platform/machine-clients", {
        token: support.adminToken,
        body: { name: "round-trips", scopes: ["tenantry/access.check"] },
      });
      expect(
        await measuredTripsOf(
          "DELETE /v1/platform/machine-clients/{clientId}",
          "DELETE",
          `/v1/platform/machine-clients/${created.body.clientId}`,
          support.adminToken,
        ),
      ).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.platformDeleteMachineClient.minimum);
    }, 60_000);

    it("serves the documentation without the table", async () => {
      expect(await measuredTripsOf("GET /docs", "GET", "/docs")).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.apiReference.minimum);
      expect(await measuredTripsOf("GET /docs/api-reference.js", "GET", "/docs/api-reference.js")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.apiReferenceScript.minimum,
      );
      expect(await measuredTripsOf("GET /docs/events", "GET", "/docs/events")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.eventCatalog.minimum,
      );
      expect(await measuredTripsOf("GET /events.json", "GET", "/events.json")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.eventCatalogDocument.minimum,
      );
    });
  });
});
