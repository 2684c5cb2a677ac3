import type { z } from "zod";
import type { MachineScope } from "../identity/user-pool-definition.ts";
import type { RouteRateLimit } from "../rate-limit/policies.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call a route: anyone, any signed-in user (JWT authorizer), platform admins, or a
 * machine client (the provider's own apps, client-credentials tokens) holding the route's `scopes`.
 * User tokens are refused on machine routes and machine tokens on every other protected route.
 */
export type RouteAuth = "public" | "user" | "platform-admin" | "machine";

/**
 * A schema built the first time it is read (`onFirstUse(() => z.object(...))`), then the same
 * instance. The route table holds these, so loading it builds nothing: a cold start builds only the
 * request schemas of the route it serves, and response schemas are built only by the OpenAPI
 * generator (the build, tests). Read one by calling it: `route.request?.body?.()`.
 */
export type LazySchema<S extends z.ZodType = z.ZodType> = () => S;

/**
 * One HTTP operation, declared once and read by the Lambda dispatcher, the CDK HTTP API,
 * the local runtime and the OpenAPI generator alike. Declarative only: no handler code here,
 * so infrastructure code can import the route table without loading service code.
 */
export interface RouteSpec {
  operationId: string;
  method: HttpMethod;
  /** API Gateway style path, e.g. `/v1/accounts/{accountId}` */
  path: string;
  auth: RouteAuth;
  summary: string;
  tags: string[];
  request?: {
    params?: LazySchema<z.ZodObject>;
    query?: LazySchema<z.ZodObject>;
    body?: LazySchema;
    /**
     * An optional HTML-form body (`application/x-www-form-urlencoded`), for routes that mail
     * clients or plain HTML forms post to (RFC 8058 one-click unsubscribe). JSON is accepted too.
     */
    form?: LazySchema<z.ZodObject>;
  };
  /** Status of the success response and its body schema (read by the OpenAPI generator only). */
  success: { status: number; description: string; schema?: LazySchema };
  /** Problem responses this route documents beyond the common ones (400, 401, 413). */
  problems?: number[];
  /** A create that honours `Idempotency-Key`: a retry within 24 h gets the first response. */
  idempotent?: boolean;
  /** A sensitive operation: when the caller has MFA on, it needs a current TOTP code in `X-MFA-Code` (SPEC 6.1 step-up). */
  stepUp?: boolean;
  /** For `auth: "machine"`: every scope the machine token must carry (else `403 insufficient_scope`). */
  scopes?: MachineScope[];
  /** Limits enforced before the operation runs (per client address or per user); `429` beyond them. */
  rateLimits?: RouteRateLimit[];
}

/** `"GET /v1/me"`: the API Gateway v2 route key for a route. */
export const routeKeyOf = (route: Pick<RouteSpec, "method" | "path">): string => `${route.method} ${route.path}`;

export const defineRoutes = <const T extends readonly RouteSpec[]>(routes: T): T => routes;
