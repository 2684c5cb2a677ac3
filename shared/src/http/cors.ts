import * as z from "zod";
import type { HttpMethod } from "./route.ts";

/**
 * Cross-origin access to the API for browser portals on another origin: one definition read by
 * the HTTP API (CDK `corsPreflight`) and the local runtime. Tokens travel in `Authorization`, never
 * in cookies, so credentials stay off and no origin can ride on a user's session.
 */
export const corsPolicy = {
  /** Request headers the API reads beyond the CORS-safelisted ones. */
  allowHeaders: ["authorization", "content-type", "accept-language", "if-match", "idempotency-key", "x-mfa-code"],
  /** Response headers a portal needs to read: versions, rate limits, replays. */
  exposeHeaders: [
    "etag",
    "location",
    "retry-after",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "idempotent-replayed",
  ],
  allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"] satisfies HttpMethod[],
  /** How long a browser may reuse a preflight answer (Chromium caps it at 2 hours). */
  maxAgeSeconds: 600,
} as const;

/** An origin as browsers send it: scheme, host and optional port, nothing after. */
export const originSchema = z
  .url({ protocol: /^https?$/ })
  .refine((value) => URL.canParse(value) && new URL(value).origin === value, {
    message: "must be an origin like https://app.example.com (no path, no trailing slash)",
  });

/** A comma-separated list of origins (an environment variable); empty means none. */
export const originListSchema = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ""),
  )
  .pipe(z.array(originSchema));

/** A preflight: the browser asks before a request that is not CORS-safelisted. */
export const isPreflight = (method: string | undefined, headers: Record<string, string | string[] | undefined>) =>
  method === "OPTIONS" && headers.origin !== undefined && headers["access-control-request-method"] !== undefined;

/**
 * The CORS headers of an answer to a request from `origin`: none when the origin is not allowed
 * (the browser then refuses to hand the response to the page). `Vary: Origin` always, since the
 * answer differs by origin and a shared cache must not hand one origin's answer to another.
 */
export const corsHeadersFor = (
  origin: string | undefined,
  allowedOrigins: readonly string[],
  preflight: boolean,
): Record<string, string> => {
  if (origin === undefined || !allowedOrigins.includes(origin)) return { vary: "origin" };
  const allowed = { vary: "origin", "access-control-allow-origin": origin };
  return preflight
    ? {
        ...allowed,
        "access-control-allow-methods": corsPolicy.allowMethods.join(", "),
        "access-control-allow-headers": corsPolicy.allowHeaders.join(", "),
        "access-control-max-age": String(corsPolicy.maxAgeSeconds),
      }
    : { ...allowed, "access-control-expose-headers": corsPolicy.exposeHeaders.join(", ") };
};
