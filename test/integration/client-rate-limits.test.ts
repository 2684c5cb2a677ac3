import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIsolatedPlatform } from "../../local/isolated-platform.ts";
import { STRONG_PASSWORD } from "../harness/api.ts";

/**
 * A platform of its own with tiny limits (fixed windows of a year, so no window rolls over
 * during the run). Each test calls from its own loopback address (127.0.0.x), which the local
 * runtime reports as the client's source IP, as API Gateway does.
 */
const LIMITS = {
  SIGN_IN_CLIENT_LIMIT: "6",
  PASSWORD_FORGOT_CLIENT_LIMIT: "3",
  REGISTER_CLIENT_LIMIT: "3",
  INVITATION_PREVIEW_CLIENT_LIMIT: "3",
  SIGN_IN_CLIENT_WINDOW_SECONDS: "31536000",
  PASSWORD_FORGOT_CLIENT_WINDOW_SECONDS: "31536000",
  REGISTER_CLIENT_WINDOW_SECONDS: "31536000",
  INVITATION_PREVIEW_CLIENT_WINDOW_SECONDS: "31536000",
  SIGN_IN_LOCKOUT_FREE_ATTEMPTS: "3",
  SIGN_IN_LOCKOUT_BASE_SECONDS: "600",
  SIGN_IN_LOCKOUT_MAX_SECONDS: "3600",
};

let instance: Awaited<ReturnType<typeof startIsolatedPlatform>>;
beforeAll(async () => {
  instance = await startIsolatedPlatform(LIMITS);
}, 90_000);
afterAll(async () => {
  await instance?.stop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** One request from `from` (a loopback address) to the isolated platform. */
const call = (from: string, method: string, path: string, body?: unknown): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const url = new URL(path, instance.platform.apiUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      {
        host: "127.0.0.1",
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress: from,
        headers: payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {},
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : "" }),
        );
      },
    );
    request.on("error", reject);
    request.end(payload);
  });

let nextHost = 10;
/** A client address no other test uses. */
const newClient = () => `127.0.0.${nextHost++}`;
const someone = () => `spray-${Math.random().toString(36).slice(2, 10)}@example.test`;

const expectRateLimited = (answer: Answer, limit: number) => {
  expect(answer.status).toBe(429);
  expect(answer.body.code).toBe("rate_limited");
  expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
  expect(answer.headers["ratelimit-limit"]).toBe(String(limit));
  expect(answer.headers["ratelimit-remaining"]).toBe("0");
  expect(answer.headers["ratelimit-reset"]).toBe(answer.headers["retry-after"]);
};

/** Registers and verifies a user on the isolated platform, from `from`. */
const registeredUser = async (from: string) => {
  const email = someone();
  const registered = await call(from, "POST", "/v1/auth/register", {
    email,
    password: STRONG_PASSWORD,
    fullName: "Limited Person",
    accountName: "Limited Co",
  });
  expect(registered.status).toBe(201);
  let token: string | null = null;
  for (let polls = 0; !token && polls < 300; polls += 1) {
    const outbox = await call(from, "GET", "/dev/outbox.json");
    const link = outbox.body.items
      .filter((m: { to: string }) => m.to === email)
      .flatMap((m: { links: string[] }) => m.links)
      .find((l: string) => l.includes("/verify-email"));
    token = link ? new URL(link).searchParams.get("token") : null;
    if (!token) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect((await call(from, "POST", "/v1/auth/verify-email", { token })).status).toBe(204);
  return { email, userId: registered.body.userId as string, accountId: registered.body.accountId as string };
};

describe("per-client-address limits", () => {
  it("stops one address spraying sign-ins at many usernames, and leaves other addresses alone", async () => {
    const sprayer = newClient();
    const answers: Answer[] = [];
    for (let i = 0; i < 7; i += 1) {
      answers.push(await call(sprayer, "POST", "/v1/auth/login", { username: someone(), password: "Wrong-Pass-123" }));
    }
    expect(answers.slice(0, 6).map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(answers[0]?.headers["ratelimit-limit"]).toBe("6");
    expect(answers[0]?.headers["ratelimit-remaining"]).toBe("5");
    expectRateLimited(answers[6] as Answer, 6);

    const elsewhere = await call(newClient(), "POST", "/v1/auth/login", {
      username: someone(),
      password: "x-123456789",
    });
    expect(elsewhere.status).toBe(401);
  });

  it("limits forgot-password, registration and invitation preview per address", async () => {
    const client = newClient();
    const forgot = [];
    for (let i = 0; i < 4; i += 1)
      forgot.push(await call(client, "POST", "/v1/auth/password/forgot", { username: someone() }));
    expect(forgot.slice(0, 3).map((a) => a.status)).toEqual([202, 202, 202]);
    expectRateLimited(forgot[3] as Answer, 3);

    const registrar = newClient();
    const registrations = [];
    for (let i = 0; i < 4; i += 1) {
      registrations.push(
        await call(registrar, "POST", "/v1/auth/register", {
          email: someone(),
          password: STRONG_PASSWORD,
          fullName: "Sprayed",
          accountName: "Sprayed Co",
        }),
      );
    }
    expect(registrations.slice(0, 3).map((a) => a.status)).toEqual([201, 201, 201]);
    expectRateLimited(registrations[3] as Answer, 3);

    const previewer = newClient();
    const previews = [];
    for (let i = 0; i < 4; i += 1) previews.push(await call(previewer, "GET", `/v1/invitations/guess-${i}-abcdefgh`));
    expect(previews.slice(0, 3).every((a) => a.status !== 429)).toBe(true);
    expectRateLimited(previews[3] as Answer, 3);
  });
});

describe("progressive per-account sign-in lockout", () => {
  it("locks the username after the free attempts, even for the right password, and a success starts over", async () => {
    const setup = newClient();
    const user = await registeredUser(setup);
    const attacker = newClient();
    const wrong = () => call(attacker, "POST", "/v1/auth/login", { username: user.email, password: "Wrong-Pass-123" });
    const right = (from: string) =>
      call(from, "POST", "/v1/auth/login", { username: user.email, password: STRONG_PASSWORD });

    // Two wrong, then the right one: the count starts over, so three more wrong ones are let through.
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(401);
    expect((await right(setup)).status).toBe(200);
    expect([(await wrong()).status, (await wrong()).status, (await wrong()).status]).toEqual([401, 401, 401]);

    // The third attempt without a success locked the username for the base time (600 s here).
    const locked = await right(setup);
    expectRateLimited(locked, 3);
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(590);
    expect(Number(locked.headers["retry-after"])).toBeLessThanOrEqual(600);
  });

  it("counts parallel attempts: of 20 at once past the free ones, none slips through the lockout", async () => {
    const username = someone();
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(`127.0.1.${i + 1}`, "POST", "/v1/auth/login", { username, password: "Wrong-Pass-123" }),
      ),
    );
    const statuses = attempts.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(17);
  });
});
