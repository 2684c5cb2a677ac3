import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboxMessage } from "../../local/dev-outbox.ts";
import { startIsolatedPlatform } from "../../local/isolated-platform.ts";
import { STRONG_PASSWORD, uniqueEmail } from "../harness/api.ts";
import { codeIn, uniquePhone } from "./phone-fixtures.ts";

/**
 * A second platform whose code lifetime, resend pause and SMS quotas are seconds and single digits,
 * so expiry, the pause running out and the quotas can be seen through HTTP without a fake clock.
 */
const settings = {
  PHONE_CODE_TTL_SECONDS: "2",
  PHONE_CODE_RESEND_SECONDS: "1",
  PHONE_CODES_PER_USER_PER_HOUR: "3",
  PHONE_CODES_PER_NUMBER_PER_DAY: "2",
};

describe("phone code lifetime, resend pause and quotas", () => {
  let instance: Awaited<ReturnType<typeof startIsolatedPlatform>>;
  const call = async (method: string, path: string, options: { body?: unknown; token?: string } = {}) => {
    const response = await fetch(`${instance.platform.apiUrl}${path}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: test responses are read loosely
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as any };
  };
  const messages = async (to: string) =>
    ((await call("GET", "/dev/outbox.json")).body.items as OutboxMessage[]).filter((m) => m.to === to).reverse();
  const waitFor = async <T>(read: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const value = await read();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("timed out");
  };
  /** Waits for the `index`-th SMS (oldest first) to `number`. */
  const sms = (number: string, index: number) =>
    waitFor(async () => (await messages(number)).filter((m) => m.channel === "sms")[index]);
  /** Waits until the wall clock passes an instant the API named (a code's expiry, the resend time). */
  const until = (iso: string) => waitFor(async () => (Date.now() > Date.parse(iso) + 50 ? true : undefined));

  const signedUpUser = async () => {
    const email = uniqueEmail("timing");
    const registered = await call("POST", "/v1/auth/register", {
      body: { email, password: STRONG_PASSWORD, fullName: "Timing", accountName: "Timing Co" },
    });
    const verification = await waitFor(async () => (await messages(email))[0]);
    const link = verification.links.find((l) => l.includes("/verify-email")) ?? "";
    await call("POST", "/v1/auth/verify-email", { body: { token: new URL(link).searchParams.get("token") } });
    const login = await call("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
    return { userId: registered.body.userId as string, token: login.body.accessToken as string };
  };

  beforeAll(async () => {
    Object.assign(process.env, settings);
    instance = await startIsolatedPlatform();
  }, 90_000);
  afterAll(async () => {
    await instance?.stop();
    for (const key of Object.keys(settings)) delete process.env[key];
  });

  it("an expired code is 410 code_expired", async () => {
    const { token } = await signedUpUser();
    const number = uniquePhone();
    await call("PUT", "/v1/me/phone", { token, body: { phone: number } });
    const sent = await call("POST", "/v1/me/phone/verification", { token });
    expect(sent.status).toBe(202);
    const code = codeIn(await sms(number, 0));
    await until(sent.body.expiresAt);
    const late = await call("POST", "/v1/me/phone/verification/confirm", { token, body: { code } });
    expect(late.status).toBe(410);
    expect(late.body.code).toBe("code_expired");
    expect((await call("GET", "/v1/me", { token })).body.phone.status).toBe("unconfirmed");
  });

  it("after the pause a new code may be sent; it replaces the previous one", async () => {
    const { token } = await signedUpUser();
    const number = uniquePhone();
    await call("PUT", "/v1/me/phone", { token, body: { phone: number } });
    const first = await call("POST", "/v1/me/phone/verification", { token });
    const early = await call("POST", "/v1/me/phone/verification", { token });
    expect(early.status).toBe(429);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await until(first.body.resendAfter);
    expect((await call("POST", "/v1/me/phone/verification", { token })).status).toBe(202);
    const [oldCode, newCode] = [codeIn(await sms(number, 0)), codeIn(await sms(number, 1))];
    if (oldCode !== newCode) {
      const stale = await call("POST", "/v1/me/phone/verification/confirm", { token, body: { code: oldCode } });
      expect(stale.status).toBe(422);
    }
    const confirmed = await call("POST", "/v1/me/phone/verification/confirm", { token, body: { code: newCode } });
    expect(confirmed.status).toBe(200);
  });

  it("limits the codes one user may have sent per hour, whatever the numbers", async () => {
    const { token } = await signedUpUser();
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      if (last) await until(last.body.resendAfter);
      await call("PUT", "/v1/me/phone", { token, body: { phone: uniquePhone() } });
      const response = await call("POST", "/v1/me/phone/verification", { token });
      if (attempt <= 3) {
        expect(response.status).toBe(202);
        last = response;
      } else {
        expect(response.status).toBe(429);
        expect(response.body.code).toBe("rate_limited");
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(1);
      }
    }
  });

  it("limits the codes one number receives per day, whoever asks", async () => {
    const number = uniquePhone();
    const users = [await signedUpUser(), await signedUpUser(), await signedUpUser()];
    const statuses: number[] = [];
    for (const { token } of users) {
      await call("PUT", "/v1/me/phone", { token, body: { phone: number } });
      statuses.push((await call("POST", "/v1/me/phone/verification", { token })).status);
    }
    expect(statuses).toEqual([202, 202, 429]);
    await sms(number, 1);
    expect((await messages(number)).filter((m) => m.channel === "sms")).toHaveLength(2);
  });
});
