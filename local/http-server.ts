import http from "node:http";
import type { Duplex } from "node:stream";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ulid } from "ulid";
import type { ServiceName } from "../shared/src/events/registry.ts";
import { corsHeadersFor, isPreflight } from "../shared/src/http/cors.ts";
import { Problem, problem, problemResponse } from "../shared/src/http/problem.ts";
import { type RouteSpec, routeKeyOf } from "../shared/src/http/route.ts";
import type { ServiceLambdaHandler } from "../shared/src/http/service-handler.ts";
import { localLambdaContext } from "./event-path.ts";

type Authorize = (authorization: string | undefined) => Promise<Record<string, unknown> | undefined>;
/**
 * The deployed API's two authorizers: the JWT authorizer (claims of a user's access token) on
 * user and platform-admin routes, and the machine routes' Lambda authorizer (its context).
 */
export interface LocalAuthorizers {
  jwt: Authorize;
  machine: Authorize;
}
/** A local-only endpoint (`/dev/...`): never part of the deployed API. */
export type DevEndpoint = (
  request: http.IncomingMessage,
  body: string,
) => Promise<{ status: number; contentType: string; body: string }>;

/**
 * The health route's answer while the local runtime is still provisioning and seeding: a script
 * that waits for health (CI, test harnesses, a person with curl) then finds the demo users there.
 * In AWS a function that runs is ready, so this state exists only here.
 */
const STILL_STARTING: APIGatewayProxyStructuredResultV2 = {
  statusCode: 503,
  headers: { "content-type": "application/json", "retry-after": "1", "cache-control": "no-store" },
  body: JSON.stringify({ status: "starting" }),
};

/** Bodies past this are cut off here, as API Gateway would; the 64 KiB rule is the service's own. */
const MAX_GATEWAY_BODY = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteSpec;
  service: ServiceName;
  pattern: RegExp;
  paramNames: string[];
}

const compile = (route: RouteSpec, service: ServiceName): CompiledRoute => {
  const paramNames: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{(\w+)\\?\}/g, (_match, name: string) => {
    paramNames.push(name);
    return "([^/]+)";
  });
  return { route, service, pattern: new RegExp(`^${source}$`), paramNames };
};

/** Decoded path parameters, or undefined when one is not valid percent-encoded UTF-8 (as API Gateway refuses it). */
const decodePathParameters = (names: string[], raw: Array<string | undefined>) => {
  try {
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(raw[i] ?? "")]));
  } catch {
    return undefined;
  }
};

/**
 * Requests Node's HTTP parser refuses before any handler runs (a request line or headers past
 * `maxHeaderSize`, a malformed request) still get a problem+json answer instead of a bare status.
 */
const answerClientError = (error: NodeJS.ErrnoException, socket: Duplex) => {
  if (!socket.writable) return;
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const rejected = tooLarge
    ? new Problem(431, "request_header_too_large", "The URL or the headers are too large.")
    : problem.invalid("The HTTP request is malformed.");
  const { statusCode, body } = problemResponse(rejected);
  const payload = String(body);
  socket.end(
    `HTTP/1.1 ${statusCode} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
      `content-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` +
      `connection: close\r\n\r\n${payload}`,
  );
};

const send = (res: http.ServerResponse, result: APIGatewayProxyStructuredResultV2) => {
  res.writeHead(result.statusCode ?? 200, result.headers as http.OutgoingHttpHeaders);
  res.end(result.body ?? "");
};

const readBody = (req: http.IncomingMessage) =>
  new Promise<string | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_GATEWAY_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_GATEWAY_BODY ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

/**
 * The local HTTP API: matches requests against the shared route table, applies the JWT
 * authorizer on protected routes, and invokes the owning service's Lambda handler with an
 * API Gateway v2 event, exactly as the deployed HTTP API does. CORS as the HTTP API's
 * `corsPreflight` does it: a preflight from an allowed origin is answered here on any path, and
 * every answer to an allowed origin carries its CORS headers; other origins get none.
 */
export const createHttpServer = ({
  services,
  handlers,
  authorizers,
  devEndpoints,
  isReady,
  allowedOrigins,
}: {
  services: ReadonlyArray<{ name: ServiceName; routes: readonly RouteSpec[] }>;
  handlers: Map<ServiceName, ServiceLambdaHandler>;
  authorizers: LocalAuthorizers;
  devEndpoints: Record<string, DevEndpoint>;
  /** False while the runtime provisions and seeds: the health route then answers `starting`. */
  isReady: () => boolean;
  /** Origins whose pages may call the API (the stage's `allowedOrigins` in AWS). */
  allowedOrigins: readonly string[];
}) => {
  const routes = services.flatMap((service) => service.routes.map((route) => compile(route, service.name)));

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const preflight = isPreflight(req.method, req.headers);
      const cors = corsHeadersFor(req.headers.origin, allowedOrigins, preflight);
      // Set before any answer is written: writeHead merges them with the answer's own headers.
      for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
      if (preflight && "access-control-allow-origin" in cors) {
        res.writeHead(204).end();
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        send(res, problemResponse(new Problem(413, "body_too_large", "Request body too large.")));
        return;
      }
      const dev = devEndpoints[`${req.method} ${url.pathname}`];
      if (dev) {
        const result = await dev(req, body);
        res.writeHead(result.status, { "content-type": result.contentType });
        res.end(result.body);
        return;
      }
      const matches = routes
        .map((candidate) => ({ candidate, match: candidate.pattern.exec(url.pathname) }))
        .filter((m) => m.match);
      const hit = matches.find((m) => m.candidate.route.method === req.method);
      if (!hit?.match) {
        if (matches.length === 0) {
          send(res, problemResponse(new Problem(404, "not_found", "No such route.")));
          return;
        }
        // A known path: say which methods it has (RFC 9110 15.5.6), and answer OPTIONS with them.
        const allow = [...new Set(matches.map((m) => m.candidate.route.method)), "OPTIONS"].join(", ");
        if (req.method === "OPTIONS") {
          send(res, { statusCode: 204, headers: { allow }, body: "" });
          return;
        }
        const wrongMethod = new Problem(405, "method_not_allowed", `This path supports ${allow}.`, undefined, {
          allow,
        });
        send(res, problemResponse(wrongMethod));
        return;
      }
      const { route, service, paramNames } = hit.candidate;
      if (route.operationId === "health" && !isReady()) {
        send(res, STILL_STARTING);
        return;
      }
      let claims: Record<string, unknown> | undefined;
      if (route.auth !== "public") {
        const authorize = route.auth === "machine" ? authorizers.machine : authorizers.jwt;
        claims = await authorize(req.headers.authorization);
        if (!claims) {
          send(res, problemResponse(new Problem(401, "invalid_token", "Send a valid access token as a Bearer token.")));
          return;
        }
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(",") : (value ?? ""),
        ]),
      );
      const query = Object.fromEntries(url.searchParams.entries());
      const pathParameters = decodePathParameters(paramNames, hit.match.slice(1));
      if (!pathParameters) {
        send(
          res,
          problemResponse(
            problem.invalid("The path is not valid.", [{ path: "params", message: "malformed percent-encoding" }]),
          ),
        );
        return;
      }
      const now = new Date();
      const event = {
        version: "2.0",
        routeKey: routeKeyOf(route),
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ""),
        headers,
        ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
        ...(paramNames.length > 0 ? { pathParameters } : {}),
        ...(body.length > 0 ? { body } : {}),
        isBase64Encoded: false,
        requestContext: {
          accountId: "000000000000",
          apiId: "local",
          domainName: headers.host ?? "localhost",
          domainPrefix: "local",
          http: {
            method: route.method,
            path: url.pathname,
            protocol: `HTTP/${req.httpVersion}`,
            sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
            userAgent: headers["user-agent"] ?? "",
          },
          requestId: ulid(),
          routeKey: routeKeyOf(route),
          stage: "$default",
          time: now.toISOString(),
          timeEpoch: now.getTime(),
          ...(claims
            ? { authorizer: route.auth === "machine" ? { lambda: claims } : { jwt: { claims, scopes: null } } }
            : {}),
        },
      };
      const handler = handlers.get(service);
      if (!handler) throw new Error(`No handler for service ${service}`);
      const result = await handler(event as never, localLambdaContext(service));
      send(res, result ?? { statusCode: 502, body: "" });
    } catch (error) {
      console.error("local API error:", error);
      send(res, problemResponse(new Problem(500, "internal_error", "The local runtime failed to handle the request.")));
    }
  });
  server.on("clientError", answerClientError);
  return server;
};
