import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import * as z from "zod";
import type { OperationExampleIndex } from "./operation-examples.ts";
import { Problem, problem, problemBody } from "./problem.ts";
import type { RouteSpec } from "./route.ts";
import { problemSchema } from "./schemas.ts";

const commonProblems: Record<number, string> = {
  400: "Invalid request (see `errors`)",
  401: "Missing or invalid credentials",
  413: "Body larger than 64 KiB",
};
const problemDescriptions: Record<number, string> = {
  403: "Forbidden (see `code`)",
  404: "Not found or no access",
  409: "Conflict with the current state (see `code`)",
  410: "Link expired, used or revoked",
  412: "Stale If-Match",
  415: "The body is not application/json",
  422: "Business rule violated (see `code`)",
  429: "Rate limited; see Retry-After",
  503: "A dependency is failing",
};

/** A typical problem per status, made by the same constructors the services throw. */
const exampleProblems: Record<number, Problem> = {
  400: problem.invalid("The request is invalid.", [{ path: "email", message: "Invalid email address" }]),
  401: problem.unauthenticated("invalid_token", "Send a valid access token as a Bearer token."),
  403: problem.forbidden("missing_right", "Your role in this account does not allow this."),
  404: problem.notFound(),
  409: problem.conflict("email_taken", "Another user already uses this email address."),
  410: problem.gone("link_expired", "This link has expired; ask for a new one."),
  412: problem.preconditionFailed(),
  413: problem.tooLarge(64 * 1024),
  415: new Problem(415, "unsupported_media_type", "Send the body as application/json."),
  422: problem.unprocessable("email_required", "Owners and admins need an email address."),
  429: problem.rateLimited(30),
  503: new Problem(503, "dependency_unavailable", "A dependency is failing; try again shortly."),
};
const stepUpProblem = problem.forbidden("mfa_required", "This operation needs a current code in X-MFA-Code.");

const IDEMPOTENCY_KEY_PATTERN = "^[\\x21-\\x7e]{1,255}$";
const ETAG_PATTERN = '^(\\*|(W/)?"\\d+")$';

/** Routes that honour `If-Match` document `412`; their reads and writes carry the resource's `ETag`. */
const honoursIfMatch = (route: RouteSpec) => route.problems?.includes(412) ?? false;

/** The problems a route can answer with: the common ones, its own, and those its flags imply. */
const problemStatusesOf = (route: RouteSpec): number[] => {
  const statuses = new Set([...Object.keys(commonProblems).map(Number), ...(route.problems ?? [])]);
  if (route.request?.body || route.request?.form) statuses.add(415);
  // A retry while the first request runs is 409; the same key with another body is 422.
  if (route.idempotent) for (const status of [409, 422]) statuses.add(status);
  if (route.stepUp) statuses.add(403);
  return [...statuses].sort((a, b) => a - b);
};

/** Request headers the middleware reads for a route, generated from its flags. */
const requestHeadersOf = (route: RouteSpec) => {
  const headers: Record<string, z.ZodType> = {};
  if (route.idempotent) {
    headers["Idempotency-Key"] = z
      .string()
      .meta({
        pattern: IDEMPOTENCY_KEY_PATTERN,
        description:
          "Any unique string (e.g. a UUID): a retry with the same key and body within 24 h gets the first response again (header Idempotent-Replayed: true); the same key with another body is 422",
      })
      .optional();
  }
  if (honoursIfMatch(route)) {
    headers["If-Match"] = z
      .string()
      .meta({
        pattern: ETAG_PATTERN,
        description: "The `ETag` you read: the change is refused with 412 if it moved on",
      })
      .optional();
  }
  if (route.stepUp) {
    headers["X-MFA-Code"] = z
      .string()
      .regex(/^\d{6}$/)
      .meta({
        description: "A current TOTP code; required when the caller has MFA on (else 403 mfa_required or mfa_invalid)",
      })
      .optional();
  }
  return Object.keys(headers).length > 0 ? z.object(headers) : undefined;
};

const etagHeader = {
  ETag: { description: "Version of the resource, for If-Match", schema: { type: "string" as const } },
};
const retryAfterHeader = {
  "Retry-After": {
    description: "Seconds to wait before trying again",
    schema: { type: "integer" as const, minimum: 0 },
  },
};

/**
 * The OpenAPI 3.1 document of the whole API, generated from the routes' zod schemas, with each
 * operation's example request and response (see `OperationExamples`) and an example problem per status.
 */
export const buildOpenApiDocument = (
  routes: readonly RouteSpec[],
  { examples, serverUrl }: { examples?: OperationExampleIndex; serverUrl?: string } = {},
) => {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  // A machine token's tokenUrl differs per stage (the user pool domain), so the scheme is a bearer
  // token whose requirement names the scopes (OpenAPI 3.1 allows that for non-OAuth schemes).
  const machine = registry.registerComponent("securitySchemes", "machineToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "An access token of a machine client (OAuth 2.0 client-credentials grant at the `tokenUrl` given when provider support created the client). User tokens are refused.",
  });
  const securityOf = (route: RouteSpec) => {
    if (route.auth === "public") return [];
    if (route.auth === "machine") return [{ [machine.name]: route.scopes ?? [] }];
    return [{ [bearer.name]: [] }];
  };
  // A read of a path whose writes honour If-Match returns the ETag to send back.
  const pathsWithEtag = new Set(routes.filter(honoursIfMatch).map((route) => route.path));

  for (const route of routes) {
    const headers = requestHeadersOf(route);
    const params = route.request?.params?.();
    const query = route.request?.query?.();
    const body = route.request?.body?.();
    const form = route.request?.form?.();
    const success = route.success.schema?.();
    const returnsEtag =
      success !== undefined && (honoursIfMatch(route) || (route.method === "GET" && pathsWithEtag.has(route.path)));
    registry.registerPath({
      method: route.method.toLowerCase() as "get",
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      ...(route.stepUp ? { description: "Step-up: needs `X-MFA-Code` when the caller has MFA on." } : {}),
      tags: route.tags,
      security: securityOf(route),
      // Sensitive operations (SPEC 6.1 step-up) are marked so clients know to ask for a TOTP code.
      ...(route.stepUp ? { "x-step-up": true } : {}),
      request: {
        ...(params ? { params } : {}),
        ...(query ? { query } : {}),
        ...(headers ? { headers } : {}),
        ...(body
          ? {
              body: {
                required: true,
                content: {
                  "application/json": { schema: body, example: examples?.[route.operationId]?.request },
                },
              },
            }
          : {}),
        ...(form
          ? {
              body: {
                required: false,
                content: {
                  "application/x-www-form-urlencoded": {
                    schema: form,
                    example: examples?.[route.operationId]?.request,
                  },
                  "application/json": { schema: form, example: examples?.[route.operationId]?.request },
                },
              },
            }
          : {}),
      },
      responses: {
        [route.success.status]: {
          description: route.success.description,
          ...(returnsEtag ? { headers: etagHeader } : {}),
          ...(success
            ? {
                content: {
                  "application/json": {
                    schema: success,
                    example: examples?.[route.operationId]?.response,
                  },
                },
              }
            : {}),
        },
        ...Object.fromEntries(
          problemStatusesOf(route).map((status) => [
            status,
            {
              description:
                status === 403 && route.stepUp
                  ? "Forbidden (see `code`; `mfa_required` or `mfa_invalid` when the step-up code is missing or wrong)"
                  : (commonProblems[status] ?? problemDescriptions[status] ?? "Problem"),
              ...(status === 429 ? { headers: retryAfterHeader } : {}),
              content: {
                "application/problem+json": {
                  schema: problemSchema(),
                  example: problemBody(
                    status === 403 && route.stepUp ? stepUpProblem : (exampleProblems[status] ?? problem.notFound()),
                  ),
                },
              },
            },
          ]),
        ),
      },
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Tenantry API",
      version: "1.0.0",
      description:
        "Accounts, sub-accounts, partner-managed accounts, members, roles, rights, invitations, privacy and notifications. " +
        "Errors are RFC 9457 `application/problem+json`. The domain events the platform publishes are in the " +
        "[event catalog](/docs/events) ([AsyncAPI 3.0](/events.json)).",
      license: { name: "Proprietary", url: "https://docs.tenantry.example/terms" },
    },
    // A relative URL: the document is served by the API it describes, on whatever host that is.
    servers: [{ url: serverUrl ?? "/", description: "This API" }],
  });
};
