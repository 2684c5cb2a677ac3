import type { PlatformConfig } from "../config/platform-config.ts";
import type { HttpEvent } from "../http/middleware.ts";
import { rateLimitHeaders } from "../http/problem.ts";
import type { RouteSpec } from "../http/route.ts";
import { type RateLimiter, type RateLimitState, rateLimitBucket } from "./fixed-window-limiter.ts";
import { RATE_LIMIT_POLICIES } from "./policies.ts";

export interface RouteRateLimiting {
  limiter: RateLimiter;
  config: PlatformConfig;
}

type Request = {
  event: HttpEvent;
  response?: { headers?: Record<string, string | number | boolean> } | null | undefined;
  internal: Record<string, unknown>;
};

const subjectOf = (event: HttpEvent, per: "client-address" | "user"): string | undefined => {
  if (per === "client-address") return event.requestContext.http.sourceIp;
  const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
  return typeof sub === "string" ? sub : undefined;
};

/**
 * Enforces the limits a route declares (one conditional write each, before the operation runs):
 * over a limit is `429` with `Retry-After` and RateLimit headers; an answer let through carries
 * the RateLimit headers of its tightest limit.
 */
export const routeRateLimits = (route: RouteSpec, { limiter, config }: RouteRateLimiting) => ({
  before: async (request: Request) => {
    const states: RateLimitState[] = [];
    for (const { policy, per } of route.rateLimits ?? []) {
      const subject = subjectOf(request.event, per);
      if (!subject) continue;
      const { limit, windowSeconds } = RATE_LIMIT_POLICIES[policy](config);
      states.push(
        await limiter.consume({ bucket: rateLimitBucket(`${policy}:${per}`, subject), limit, windowSeconds }),
      );
    }
    const tightest = states.sort((a, b) => a.remaining - b.remaining)[0];
    // Picked up by `jsonResponse`'s caller and by `problemErrors`, so failures carry them too.
    if (tightest) request.internal.responseHeaders = rateLimitHeaders(tightest);
  },
  after: async (request: Request) => {
    const headers = request.internal.responseHeaders as Record<string, string> | undefined;
    if (!headers || !request.response) return;
    request.response.headers = { ...request.response.headers, ...headers };
  },
});
