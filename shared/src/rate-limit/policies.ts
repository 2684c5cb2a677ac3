import type { PlatformConfig } from "../config/platform-config.ts";

/**
 * The named limits a route can declare (`RouteSpec.rateLimits`), each read from settings so a
 * stage (or a test) can size it. A new route that needs a limit (phone code sending, MFA) adds a
 * name here with its settings and declares it on the route; the service handler enforces it.
 */
export const RATE_LIMIT_POLICIES = {
  "sign-in": (c: PlatformConfig) => ({ limit: c.SIGN_IN_CLIENT_LIMIT, windowSeconds: c.SIGN_IN_CLIENT_WINDOW_SECONDS }),
  "password-forgot": (c: PlatformConfig) => ({
    limit: c.PASSWORD_FORGOT_CLIENT_LIMIT,
    windowSeconds: c.PASSWORD_FORGOT_CLIENT_WINDOW_SECONDS,
  }),
  register: (c: PlatformConfig) => ({
    limit: c.REGISTER_CLIENT_LIMIT,
    windowSeconds: c.REGISTER_CLIENT_WINDOW_SECONDS,
  }),
  "invitation-preview": (c: PlatformConfig) => ({
    limit: c.INVITATION_PREVIEW_CLIENT_LIMIT,
    windowSeconds: c.INVITATION_PREVIEW_CLIENT_WINDOW_SECONDS,
  }),
} as const satisfies Record<string, (config: PlatformConfig) => { limit: number; windowSeconds: number }>;

export type RateLimitPolicyName = keyof typeof RATE_LIMIT_POLICIES;

/**
 * A limit a route declares: which policy, counted per what. `client-address` is the caller's
 * source IP as API Gateway sees it; `user` is the signed-in user (routes that need a token).
 */
export interface RouteRateLimit {
  policy: RateLimitPolicyName;
  per: "client-address" | "user";
}
