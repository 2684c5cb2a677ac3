import { randomInt } from "node:crypto";
import { generateSync } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLAIMED_MINIMUM_ROUND_TRIPS } from "../../bench/route-round-trips.ts";
import {
  BENCH_PASSWORD,
  type Call,
  inviteAndJoin,
  signUp,
  signUpPlatformAdmin,
} from "../../bench/scenarios/sign-up.ts";
import { newsUnsubscribeLink } from "../../bench/scenarios/unsubscribe.ts";
import { startIsolatedPlatform } from "../../local/isolated-platform.ts";
import { LOCAL_TELEGRAM_WEBHOOK_SECRET } from "../../local/platform.ts";
import { type DynamoDbUsage, onDynamoDbUsage } from "../../shared/src/observability/dynamodb-usage.ts";
import {
  linkThroughProvider,
  PROVIDER,
  signInThroughProvider,
  uniqueProviderLogin,
} from "../harness/openid-provider-browser.ts";
import { startTokenOf, TELEGRAM_SECRET_HEADER, textUpdate, uniqueChatId } from "../harness/telegram-updates.ts";

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

  // Users routes: profile, TOTP, password reset, phone and provider support. Nested, like the block above.
  describe("users", () => {
    let user: Awaited<ReturnType<typeof signUp>>;
    /** Calls a route with a body and headers; returns the round trips the service counted and the answer's body. */
    const counted = async (
      routeKey: string,
      method: string,
      route: string,
      options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
    ) => {
      usageByRoute.delete(routeKey);
      const { status, body } = await call(routeKey, method, route, options);
      expect(status).toBeLessThan(400);
      return { trips: usageByRoute.get(routeKey)?.roundTrips ?? 0, body };
    };
    /** The newest message of `channel` to `to` in the dev outbox that `pick` finds something in. */
    const delivered = async (to: string, pick: (message: { text: string; links: string[] }) => string | undefined) => {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        const { items } = (await (await fetch(`${apiUrl}/dev/outbox.json`)).json()) as {
          items: Array<{ to: string; text: string; links: string[] }>;
        };
        const found = items
          .filter((m) => m.to === to)
          .map(pick)
          .findLast((value) => value !== undefined);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`nothing reached ${to}`);
    };
    const smsCode = (number: string, other?: string) =>
      delivered(number, (m) => {
        const code = m.text?.match(/\b(\d{6})\b/)?.[1];
        return code !== other ? code : undefined;
      });

    beforeAll(async () => {
      user = await signUp(call, apiUrl, "round-trips-users");
    }, 60_000);

    it("reads and edits the profile with profile and factor in one BatchGetItem", async () => {
      expect((await counted("GET /v1/me", "GET", "/v1/me", { token: user.token })).trips).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.getMe.minimum,
      );
      const edit = await counted("PATCH /v1/me", "PATCH", "/v1/me", { token: user.token, body: { locale: "pl" } });
      expect(edit.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.updateMe.minimum);
    });

    it("turns TOTP on, signs in with it and turns it off at their minimum", async () => {
      const enrolled = await counted("POST /v1/me/mfa/totp", "POST", "/v1/me/mfa/totp", { token: user.token });
      expect(enrolled.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.enrolTotp.minimum);
      // Codes of consecutive time steps from the previous one on: each step is accepted once.
      let step = Math.floor(Date.now() / 30_000) - 1;
      const nextCode = () => generateSync({ secret: enrolled.body.secret as string, epoch: 30 * step++ });
      const confirmed = await counted("POST /v1/me/mfa/totp/verify", "POST", "/v1/me/mfa/totp/verify", {
        token: user.token,
        body: { code: nextCode() },
      });
      expect(confirmed.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.confirmTotp.minimum);

      const challenge = await call("POST /v1/auth/login", "POST", "/v1/auth/login", {
        body: { username: user.email, password: BENCH_PASSWORD },
      });
      const signedIn = await counted("POST /v1/auth/login/mfa", "POST", "/v1/auth/login/mfa", {
        body: { session: challenge.body.session, code: nextCode() },
      });
      expect(signedIn.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.loginWithTotp.minimum);

      const disabled = await counted("DELETE /v1/me/mfa/totp", "DELETE", "/v1/me/mfa/totp", {
        token: signedIn.body.accessToken,
        headers: { "x-mfa-code": nextCode() },
      });
      expect(disabled.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.disableTotp.minimum);
    });

    it("resets a password with the activity entry and the event in one write", async () => {
      await call("POST /v1/auth/password/forgot", "POST", "/v1/auth/password/forgot", {
        body: { username: user.email },
      });
      const token = await delivered(
        user.email,
        (m) =>
          m.links
            ?.map((link) => new URL(link))
            .find((url) => url.pathname === "/reset-password")
            ?.searchParams.get("token") ?? undefined,
      );
      const reset = await counted("POST /v1/auth/password/reset", "POST", "/v1/auth/password/reset", {
        body: { token, newPassword: BENCH_PASSWORD },
      });
      expect(reset.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.resetPassword.minimum);
    });

    it("verifies and changes a phone with profile and code in one BatchGetItem", async () => {
      const number = `+4861${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
      await call("PUT /v1/me/phone", "PUT", "/v1/me/phone", { token: user.token, body: { phone: number } });
      const sent = await counted("POST /v1/me/phone/verification", "POST", "/v1/me/phone/verification", {
        token: user.token,
      });
      expect(sent.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.sendPhoneVerification.minimum);
      const code = await smsCode(number);
      const confirmed = await counted(
        "POST /v1/me/phone/verification/confirm",
        "POST",
        "/v1/me/phone/verification/confirm",
        { token: user.token, body: { code } },
      );
      expect(confirmed.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.confirmPhoneVerification.minimum);

      const started = await counted("POST /v1/me/phone/change", "POST", "/v1/me/phone/change", { token: user.token });
      expect(started.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.startPhoneChange.minimum);
      const changeCode = await smsCode(number, code);
      const changed = await counted("POST /v1/me/phone/change/confirm", "POST", "/v1/me/phone/change/confirm", {
        token: user.token,
        body: { code: changeCode },
      });
      expect(changed.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.confirmPhoneChange.minimum);
    });

    it("lets provider support change an identity and remove a phone at their minimum", async () => {
      const admin = await signUpPlatformAdmin(call, apiUrl, instance.platform, "round-trips-support");
      const target = await signUp(call, apiUrl, "round-trips-target");
      const identity = await counted(
        "PATCH /v1/platform/users/{userId}",
        "PATCH",
        `/v1/platform/users/${target.userId}`,
        {
          token: admin.adminToken,
          body: { email: `moved-${target.email}`, fullName: "Round Trips Renamed" },
        },
      );
      expect(identity.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.platformUpdateUser.minimum);

      const number = `+4862${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;
      await call("PUT /v1/me/phone", "PUT", "/v1/me/phone", { token: target.token, body: { phone: number } });
      const removed = await counted(
        "DELETE /v1/platform/users/{userId}/phone",
        "DELETE",
        `/v1/platform/users/${target.userId}/phone`,
        { token: admin.adminToken },
      );
      expect(removed.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.platformRemoveUserPhone.minimum);
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

    it("links, signs in with and unlinks a provider identity at their claimed round trips", async () => {
      const person = await signUp(call, apiUrl, "round-trips-provider");
      const login = uniqueProviderLogin("round-trips");
      const trips = new Map<string, number>();
      // The route key of a concrete path: the provider's id is the `{provider}` parameter.
      const send = async (method: string, path: string, options?: { body?: unknown; token?: string }) => {
        const routeKey = `${method} ${path.replace(`/${PROVIDER}`, "/{provider}")}`;
        const { trips: counted, body } = await callCounted(routeKey, method, path, options);
        trips.set(routeKey, counted);
        return { status: 200, body };
      };
      await linkThroughProvider(send, person.token, login);
      expect(trips.get("POST /v1/me/identities/{provider}/link/callback")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.completeIdentityLink.minimum,
      );
      const signedIn = await signInThroughProvider(send, login);
      expect(trips.get("POST /v1/auth/providers/{provider}/sign-in")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.startProviderSignIn.minimum,
      );
      expect(trips.get("POST /v1/auth/providers/{provider}/sign-in/callback")).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.completeProviderSignIn.minimum,
      );
      expect(
        await measuredTripsOf(
          "DELETE /v1/me/identities/{provider}",
          "DELETE",
          `/v1/me/identities/${PROVIDER}`,
          signedIn.body.accessToken,
        ),
      ).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.unlinkIdentity.minimum);
    }, 60_000);

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

    it("unsubscribes from news with one BatchGetItem of recipient and preferences, then one transaction", async () => {
      const link = await newsUnsubscribeLink({ call, apiUrl, platform: instance.platform });
      const routeKey = "POST /v1/notifications/unsubscribe";
      usageByRoute.delete(routeKey);
      const response = await fetch(`${apiUrl}${link}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
      });
      expect(response.status).toBeLessThan(400);
      expect(usageByRoute.get(routeKey)?.roundTrips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.unsubscribe.minimum);
    }, 60_000);

    it("binds a Telegram chat with the token, the recipient and one transaction, and unlinks it in two", async () => {
      const user = await signUp(call, apiUrl, "round-trips-telegram");
      const link = await callCounted("POST /v1/me/telegram/link", "POST", "/v1/me/telegram/link", {
        token: user.token,
      });
      const webhook = "POST /v1/telegram/webhook";
      usageByRoute.delete(webhook);
      const update = textUpdate(uniqueChatId(), `/start ${startTokenOf(link.body.deepLink)}`);
      const bound = await call(webhook, "POST", "/v1/telegram/webhook", {
        body: update,
        // The secret this file's platform was started with (local/platform.ts reads it the same way).
        headers: { [TELEGRAM_SECRET_HEADER]: process.env.TELEGRAM_WEBHOOK_SECRET ?? LOCAL_TELEGRAM_WEBHOOK_SECRET },
      });
      expect(bound.status).toBe(200);
      expect(usageByRoute.get(webhook)?.roundTrips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.telegramWebhook.minimum);
      // Unlinking answers 404 unless the update above bound the chat.
      expect(await measuredTripsOf("DELETE /v1/me/telegram", "DELETE", "/v1/me/telegram", user.token)).toBe(
        CLAIMED_MINIMUM_ROUND_TRIPS.unlinkTelegram.minimum,
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

    it("deletes a machine client with step-up's one read of the caller's factor", async () => {
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

  // The routes bench/scenarios/ownership.ts and hierarchy.ts drive on accounts, and the machine-client
  // list. Step-up routes count the middleware's read of the caller's factor (no TOTP here: no code spent).
  describe("accounts ownership and lists", () => {
    let boss: Awaited<ReturnType<typeof signUp>>;
    let successor: { userId: string; token: string };
    let support: Awaited<ReturnType<typeof signUpPlatformAdmin>>;
    let base: string;

    beforeAll(async () => {
      boss = await signUp(call, apiUrl, "round-trips-ownership");
      base = `/v1/accounts/${boss.accountId}`;
      successor = await inviteAndJoin(call, boss.token, boss.accountId, "admin", "round-trips-successor");
      support = await signUpPlatformAdmin(call, apiUrl, instance.platform, "round-trips-ownership-support");
    }, 120_000);

    /** Like `callCounted`, and the service must have measured the request (a 0 means no table access). */
    const counted = async (routeKey: string, method: string, route: string, token: string, body?: unknown) => {
      const { trips, body: answer } = await callCounted(routeKey, method, route, { token, body });
      expect(usageByRoute.has(routeKey), routeKey).toBe(true);
      return { trips, body: answer };
    };

    it("lists a resource's access with the resource in the access check, the members page and their grants", async () => {
      const resource = await call("(setup) resource", "POST", `${base}/resources`, {
        token: boss.token,
        body: { type: "application", name: "Round trips app" },
      });
      const { trips, body } = await counted(
        "GET /v1/accounts/{accountId}/resources/{resourceId}/access",
        "GET",
        `${base}/resources/${resource.body.resourceId}/access`,
        boss.token,
      );
      expect(body.items.length).toBeGreaterThan(0);
      expect(trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.listResourceAccess.minimum);
    });

    it("revokes an invitation with the invitation in the access check, then one transaction", async () => {
      const invitation = await call("(setup) invitation", "POST", `${base}/invitations`, {
        token: boss.token,
        body: { email: `round-trips-revoked-${Date.now()}@example.test`, role: "viewer" },
      });
      const { trips } = await counted(
        "DELETE /v1/accounts/{accountId}/invitations/{invitationId}",
        "DELETE",
        `${base}/invitations/${invitation.body.invitationId}`,
        boss.token,
      );
      expect(trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.revokeInvitation.minimum);
    });

    it("reads a member's sub-account grants with the member in the access check, then one Query", async () => {
      const { trips, body } = await counted(
        "GET /v1/accounts/{accountId}/members/{userId}/subaccounts",
        "GET",
        `${base}/members/${successor.userId}/subaccounts`,
        boss.token,
      );
      expect(body.allByRole).toBe(true);
      expect(trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.getSubaccountGrants.minimum);
    });

    it("lists a granted member's accounts: their memberships and grants in one Query, the accounts, the parent's links", async () => {
      // Its own parent: the account deletion below is measured on an account without sub-accounts.
      const parent = await signUp(call, apiUrl, "round-trips-switcher");
      const parentBase = `/v1/accounts/${parent.accountId}`;
      const sub = await call("(setup) sub-account", "POST", `${parentBase}/subaccounts`, {
        token: parent.token,
        body: { name: "Granted branch", externalId: `round-trips-granted-${Date.now()}` },
      });
      await call("(setup) another sub-account", "POST", `${parentBase}/subaccounts`, {
        token: parent.token,
        body: { name: "Other branch", externalId: `round-trips-other-${Date.now()}` },
      });
      const granted = await inviteAndJoin(call, parent.token, parent.accountId, "standard", "round-trips-granted");
      await call("(setup) grant", "PUT", `${parentBase}/members/${granted.userId}/subaccounts`, {
        token: parent.token,
        body: { subaccountIds: [sub.body.accountId] },
      });
      const { trips, body } = await counted("GET /v1/me/accounts", "GET", "/v1/me/accounts", granted.token);
      const items = body.items as Array<{ accountId: string; via: string }>;
      expect(items.map((item) => [item.accountId, item.via]).sort()).toEqual(
        [
          [parent.accountId, "member"],
          [sub.body.accountId, "subaccount-grant"],
        ].sort(),
      );
      expect(trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.listMyAccounts.paths?.["granted member"]?.minimum);
    });

    it("hands ownership over and back (by provider support) at their claims", async () => {
      const handed = await counted(
        "POST /v1/accounts/{accountId}/owner-transfer",
        "POST",
        `${base}/owner-transfer`,
        boss.token,
        { userId: successor.userId },
      );
      expect(handed.body.ownerUserId).toBe(successor.userId);
      expect(handed.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.transferOwnership.minimum);
      const back = await counted(
        "POST /v1/platform/accounts/{accountId}/owner-transfer",
        "POST",
        `/v1/platform/accounts/${boss.accountId}/owner-transfer`,
        support.adminToken,
        { userId: boss.userId },
      );
      expect(back.body.ownerUserId).toBe(boss.userId);
      expect(back.trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.platformTransferOwnership.minimum);
    });

    it("deletes an account: step-up, the access check, its sub-account links, one transaction", async () => {
      const { trips } = await counted("DELETE /v1/accounts/{accountId}", "DELETE", base, boss.token);
      expect(trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.deleteAccount.minimum);
    });

    it("lists the machine clients from Cognito without the table", async () => {
      const { trips } = await counted(
        "GET /v1/platform/machine-clients",
        "GET",
        "/v1/platform/machine-clients",
        support.adminToken,
      );
      expect(trips).toBe(CLAIMED_MINIMUM_ROUND_TRIPS.platformListMachineClients.minimum);
    });
  });
});
