import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

export interface FieldError {
  path: string;
  message: string;
}

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/**
 * An expected failure with an HTTP meaning. Domain code throws it; the HTTP middleware renders
 * it as RFC 9457 `application/problem+json`.
 */
export class Problem extends Error {
  override name = "Problem";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

/** The RateLimit header fields of a response under a quota (also sent on answers that were let through). */
export const rateLimitHeaders = (state: { limit: number; remaining: number; resetSeconds: number }) => ({
  "RateLimit-Limit": String(state.limit),
  "RateLimit-Remaining": String(Math.max(0, state.remaining)),
  "RateLimit-Reset": String(Math.max(0, state.resetSeconds)),
});

/** Named constructors for the problems the platform returns. */
export const problem = {
  invalid: (detail: string, errors?: FieldError[]) => new Problem(400, "invalid_request", detail, errors),
  unauthenticated: (code: "invalid_credentials" | "invalid_token" | "missing_token", detail: string) =>
    new Problem(401, code, detail),
  forbidden: (code: string, detail: string) => new Problem(403, code, detail),
  notFound: (detail = "The resource does not exist or you have no access to it.") =>
    new Problem(404, "not_found", detail),
  conflict: (code: string, detail: string) => new Problem(409, code, detail),
  gone: (code: string, detail: string) => new Problem(410, code, detail),
  preconditionFailed: (detail = "The resource changed since you read it; fetch it again.") =>
    new Problem(412, "stale_etag", detail),
  tooLarge: (limit: number) => new Problem(413, "body_too_large", `Request bodies are limited to ${limit} bytes.`),
  unprocessable: (code: string, detail: string, errors?: FieldError[]) => new Problem(422, code, detail, errors),
  /**
   * `429` with `Retry-After` and the IETF draft RateLimit header fields (draft-ietf-httpapi-ratelimit-headers,
   * the widely implemented `RateLimit-Limit` / `-Remaining` / `-Reset` form; Reset in seconds).
   */
  rateLimited: (retryAfterSeconds: number, limit?: number) =>
    new Problem(429, "rate_limited", `Too many attempts; retry in ${retryAfterSeconds} seconds.`, undefined, {
      "Retry-After": String(retryAfterSeconds),
      ...(limit === undefined ? {} : rateLimitHeaders({ limit, remaining: 0, resetSeconds: retryAfterSeconds })),
    }),
};

export const problemBody = (p: Problem) => ({
  type: `https://docs.tenantry.example/problems/${p.code}`,
  title: titles[p.status] ?? "Error",
  status: p.status,
  detail: p.detail,
  code: p.code,
  ...(p.errors ? { errors: p.errors } : {}),
});

export const problemResponse = (p: Problem): APIGatewayProxyStructuredResultV2 => ({
  statusCode: p.status,
  headers: { "content-type": "application/problem+json", ...p.headers },
  body: JSON.stringify(problemBody(p)),
});
