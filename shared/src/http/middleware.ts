import type middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type { z } from "zod";
import { type AuthContext, authContextFromClaims } from "../auth/auth-context.ts";
import { type MachineIdentity, machineIdentityFromContext } from "../auth/machine-token-verifier.ts";
import type { ServiceLogger } from "../observability/logger.ts";
import type { CursorCodec } from "./cursor.ts";
import { type FieldError, Problem, problem, problemResponse } from "./problem.ts";
import type { RouteSpec } from "./route.ts";

/** The API Gateway v2 event as the JWT authorizer leaves it (claims present on protected routes). */
export type HttpEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2["requestContext"] & {
    authorizer?: {
      jwt?: { claims: Record<string, string | number | boolean | string[]> };
      /** Set by the machine routes' Lambda authorizer (simple responses). */
      lambda?: Record<string, unknown>;
    };
  };
};

export interface RequestMeta {
  requestId: string;
  ip: string;
  userAgent: string;
}

/** What a handler receives once the middleware has parsed, validated and authenticated. */
export interface ParsedRequest {
  body: unknown;
  params: unknown;
  query: unknown;
  auth: AuthContext | undefined;
  /** The calling machine client, on `auth: "machine"` routes. */
  machine?: MachineIdentity;
  headers: Record<string, string | undefined>;
  meta: RequestMeta;
}

export interface OperationResult {
  status?: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim (HTML, CSV...): set the content-type header with it. */
  text?: string;
  headers?: Record<string, string>;
}

type Request = middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2, Error, Context> & {
  internal: { rawBody?: unknown; responseHeaders?: unknown };
};

/** The parsed request of each event in flight, handed from the middleware to the handler. */
const parsedRequests = new WeakMap<HttpEvent, ParsedRequest>();
export const parsedRequestOf = (event: HttpEvent): ParsedRequest => {
  const parsed = parsedRequests.get(event);
  if (!parsed) throw new Error("The input validation middleware did not run for this event");
  return parsed;
};

/** Renders `Problem`s as RFC 9457 responses and anything unexpected as a logged 500. */
export const problemErrors = ({ logger }: { logger: ServiceLogger }) => ({
  onError: async (request: Request) => {
    const error = request.error;
    if (error instanceof Problem) {
      const response = problemResponse(error);
      // Headers a middleware set for every answer (e.g. RateLimit state), under the problem's own.
      const extra = request.internal.responseHeaders as Record<string, string> | undefined;
      request.response = extra ? { ...response, headers: { ...extra, ...response.headers } } : response;
      return;
    }
    logger.error("Unhandled error", { routeKey: request.event.routeKey, error });
    request.response = problemResponse(
      new Problem(500, "internal_error", "Something went wrong on our side; try again later."),
    );
  },
});

/** Rejects bodies larger than the limit with 413 before anything parses them. */
export const bodySizeLimit = ({ maxBytes = 64 * 1024 }: { maxBytes?: number } = {}) => ({
  before: async (request: Request) => {
    const { body, isBase64Encoded } = request.event;
    if (!body) return;
    const size = isBase64Encoded ? Buffer.from(body, "base64").byteLength : Buffer.byteLength(body);
    if (size > maxBytes) throw problem.tooLarge(maxBytes);
  },
});

/**
 * Parses a JSON body (or, on a route that takes a form, an urlencoded one); a body that is not
 * JSON (or not declared as JSON) is a 4xx, never a 500.
 */
export const jsonBody = (route?: RouteSpec) => ({
  before: async (request: Request) => {
    const { body, isBase64Encoded, headers } = request.event;
    if (body === undefined || body === "") return;
    const contentType = headers?.["content-type"] ?? headers?.["Content-Type"] ?? "";
    const text = isBase64Encoded ? Buffer.from(body, "base64").toString("utf8") : body;
    if (route?.request?.form && /^application\/x-www-form-urlencoded\b/i.test(contentType)) {
      request.internal.rawBody = Object.fromEntries(new URLSearchParams(text));
      return;
    }
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
      throw new Problem(415, "unsupported_media_type", "Send the body as application/json.");
    }
    try {
      request.internal.rawBody = JSON.parse(text);
    } catch {
      throw new Problem(400, "invalid_json", "The body is not valid JSON.");
    }
  },
});

const fieldErrors = (error: z.ZodError, prefix: string): FieldError[] =>
  error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].join(".");
    if (issue.code === "unrecognized_keys") {
      return { path, message: `unknown field(s): ${issue.keys.join(", ")}` };
    }
    return { path, message: issue.message };
  });

const isEmptyObject = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * Validates path parameters, query and body with the route's zod schemas; unknown fields are errors.
 * The schemas are built with the route's chain, on its first request: a cold start builds only these.
 */
export const inputValidation = (route: RouteSpec) => {
  const schemas = {
    params: route.request?.params?.(),
    query: route.request?.query?.(),
    body: route.request?.body?.(),
    form: route.request?.form?.(),
  };
  return {
    before: async (request: Request) => {
      const errors: FieldError[] = [];
      const parse = (schema: z.ZodType | undefined, value: unknown, where: string) => {
        if (!schema) return value;
        const result = schema.safeParse(value);
        if (result.success) return result.data;
        errors.push(...fieldErrors(result.error, where));
        return undefined;
      };
      const query = request.event.queryStringParameters ?? {};
      if (!schemas.query && Object.keys(query).length > 0) {
        errors.push({ path: "query", message: `unknown parameter(s): ${Object.keys(query).join(", ")}` });
      }
      const { rawBody } = request.internal;
      // Generated clients send `{}` to body-less operations; that is no body (SPEC 5).
      if (!schemas.body && !schemas.form && rawBody !== undefined && !isEmptyObject(rawBody)) {
        errors.push({ path: "body", message: "this operation takes no body (send none, or {})" });
      }
      const params = parse(schemas.params, request.event.pathParameters ?? {}, "params");
      const parsedQuery = parse(schemas.query, query, "query");
      const body = schemas.body
        ? parse(schemas.body, rawBody, "body")
        : schemas.form
          ? parse(schemas.form, rawBody ?? {}, "body")
          : undefined;
      if (errors.length > 0) throw problem.invalid("The request is not valid; see errors.", errors);

      const headers = request.event.headers ?? {};
      parsedRequests.set(request.event, {
        body,
        params,
        query: parsedQuery,
        auth: undefined,
        headers,
        meta: {
          requestId: request.event.requestContext.requestId,
          ip: request.event.requestContext.http.sourceIp,
          userAgent: request.event.requestContext.http.userAgent ?? headers["user-agent"] ?? "",
        },
      });
    },
  };
};

/** Turns verified JWT claims into the auth context; enforces platform-admin routes and machine scopes. */
export const authentication = (route: RouteSpec) => ({
  before: async (request: Request) => {
    if (route.auth === "public") return;
    if (route.auth === "machine") {
      const machine = machineIdentityFromContext(request.event.requestContext.authorizer?.lambda);
      if (!machine)
        throw problem.unauthenticated("invalid_token", "Send a machine client's access token as a Bearer token.");
      const missing = (route.scopes ?? []).filter((scope) => !machine.scopes.includes(scope));
      if (missing.length > 0) {
        throw problem.forbidden("insufficient_scope", `This needs a token with the scope(s): ${missing.join(", ")}.`);
      }
      parsedRequestOf(request.event).machine = machine;
      return;
    }
    const claims = request.event.requestContext.authorizer?.jwt?.claims;
    const auth = claims ? authContextFromClaims(claims) : undefined;
    if (!auth) throw problem.unauthenticated("invalid_token", "Send a valid access token as a Bearer token.");
    if (route.auth === "platform-admin" && !auth.isPlatformAdmin) {
      throw problem.forbidden("platform_admin_required", "Only provider support can do this.");
    }
    parsedRequestOf(request.event).auth = auth;
  },
});

/** Whether a route pages through a list: its query takes a `cursor`. */
export const isPaginated = (route: RouteSpec): boolean => Boolean(route.request?.query?.().shape.cursor);

/**
 * A list's cursors are sealed for the list they page through: the route, its path parameters and
 * the caller. A cursor from another list, account or caller, or an edited one, is `400
 * invalid_cursor` before the store sees it (SPEC 5), whatever the route.
 */
export const listCursors = (codec: () => CursorCodec) => {
  const listOf = (event: HttpEvent) =>
    [
      event.routeKey,
      JSON.stringify(Object.entries(event.pathParameters ?? {}).sort(([a], [b]) => a.localeCompare(b))),
      String(event.requestContext.authorizer?.jwt?.claims.sub ?? ""),
    ].join("\n");
  return {
    before: async (request: Request) => {
      const query = parsedRequestOf(request.event).query as { cursor?: unknown } | undefined;
      if (typeof query?.cursor === "string") query.cursor = codec().open(query.cursor, listOf(request.event));
    },
    /** The result with its `nextCursor` sealed for the same list. */
    seal: (result: OperationResult, event: HttpEvent): OperationResult => {
      const body = result.body as { nextCursor?: unknown } | undefined;
      if (typeof body?.nextCursor !== "string") return result;
      return { ...result, body: { ...body, nextCursor: codec().seal(body.nextCursor, listOf(event)) } };
    },
  };
};

/** Renders a handler's result as JSON with the route's success status unless it chose another. */
export const jsonResponse = (result: OperationResult, defaultStatus: number): APIGatewayProxyStructuredResultV2 => {
  const status = result.status ?? defaultStatus;
  if (result.text !== undefined) return { statusCode: status, headers: result.headers ?? {}, body: result.text };
  if (result.body === undefined) return { statusCode: status, headers: result.headers ?? {}, body: "" };
  return {
    statusCode: status,
    headers: { "content-type": "application/json", ...result.headers },
    body: JSON.stringify(result.body),
  };
};
