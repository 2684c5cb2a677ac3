import { generateSync } from "otplib";
import { api, type TestUser } from "../harness/api.ts";

const PERIOD_MS = 30_000;
const stepNow = () => Math.floor(Date.now() / PERIOD_MS);
const codeAtStep = (secret: string, step: number) => generateSync({ secret, epoch: step * 30 });

/**
 * A test's authenticator app. The server accepts a code once per time step, and steps one either
 * side of now; `nextCode` hands out a code for a step not used yet, waiting (by polling the clock)
 * only when the steps within reach are spent.
 */
export class Authenticator {
  private lastStep = Number.NEGATIVE_INFINITY;
  constructor(readonly secret: string) {}

  /** A code for the step before now: leaves the current and the next step for later codes. */
  earliestCode(): string {
    const step = Math.max(stepNow() - 1, this.lastStep + 1);
    this.lastStep = step;
    return codeAtStep(this.secret, step);
  }

  async nextCode(): Promise<string> {
    while (this.lastStep + 1 > stepNow() + 1) await new Promise((resolve) => setTimeout(resolve, 200));
    const step = Math.max(stepNow(), this.lastStep + 1);
    this.lastStep = step;
    return codeAtStep(this.secret, step);
  }

  /** A code the server has already accepted (for replay tests). */
  spentCode(): string {
    return codeAtStep(this.secret, this.lastStep);
  }

  /** A correct code for a step long past. */
  expiredCode(): string {
    return codeAtStep(this.secret, stepNow() - 4);
  }
}

/** Enrols and confirms TOTP for a signed-in user; returns their authenticator. */
export const turnOnTotp = async (user: Pick<TestUser, "accessToken">): Promise<Authenticator> => {
  const enrolled = await api("POST", "/v1/me/mfa/totp", { token: user.accessToken });
  if (enrolled.status !== 200) throw new Error(`enrol: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  const device = new Authenticator(enrolled.body.secret);
  const confirmed = await api("POST", "/v1/me/mfa/totp/verify", {
    token: user.accessToken,
    body: { code: device.earliestCode() },
  });
  if (confirmed.status !== 204) throw new Error(`verify: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return device;
};

/** Password then TOTP: the full sign-in of a user with MFA on. */
export const signInWithTotp = async (username: string, password: string, device: Authenticator) => {
  const first = await api("POST", "/v1/auth/login", { body: { username, password } });
  if (first.status !== 200 || first.body.challenge !== "totp") {
    throw new Error(`login: ${first.status} ${JSON.stringify(first.body)}`);
  }
  const second = await api("POST", "/v1/auth/login/mfa", {
    body: { session: first.body.session, code: await device.nextCode() },
  });
  if (second.status !== 200) throw new Error(`login/mfa: ${second.status} ${JSON.stringify(second.body)}`);
  return second.body as { accessToken: string; idToken: string; refreshToken: string; expiresIn: number };
};
