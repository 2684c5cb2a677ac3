import middy from "@middy/core";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyStructuredResultV2, Context, EventBridgeEvent } from "aws-lambda";
import type { z } from "zod";
import type { AuthContext } from "../auth/auth-context.ts";
import type { MachineIdentity } from "../auth/machine-token-verifier.ts";
import { onFirstUse } from "../cold-start/on-first-use.ts";
import { platformConfig } from "../config/platform-config.ts";
import type { EventConsumers } from "../events/consumer.ts";
import { dispatchEvent } from "../events/consumer.ts";
import type { TotpFactors } from "../mfa/totp-factors.ts";
import { measureDynamoDbUsage } from "../observability/dynamodb-usage.ts";
import type { ServiceLogger } from "../observability/logger.ts";
import { type RouteRateLimiting, routeRateLimits } from "../rate-limit/route-rate-limits.ts";
import { cursorCodec } from "./cursor.ts";
import { type IdempotencyStore, idempotentCreates } from "./idempotency.ts";
import {
  authentication,
  bodySizeLimit,
  type HttpEvent,
  inputValidation,
  isPaginated,
  jsonBody,
  jsonResponse,
  listCursors,
  type OperationResult,
  type ParsedRequest,
  parsedRequestOf,
  problemErrors,
  type RequestMeta,
} from "./middleware.ts";
import { problem, problemResponse } from "./problem.ts";
import { type LazySchema, type RouteSpec, routeKeyOf } from "./route.ts";
import { stepUpVerification } from "./step-up.ts";

type Part<R extends RouteSpec, K extends "body" | "params" | "query"> = R["request"] extends infer Req
  ? Req extends { [P in K]: LazySchema<infer S extends z.ZodType> }
    ? z.output<S>
    : undefined
  : undefined;

/** The typed request a route's operation receives. */
export interface OperationRequest<R extends RouteSpec> {
  body: Part<R, "body">;
  params: Part<R, "params">;
  query: Part<R, "query">;
  auth: R["auth"] extends "public" | "machine" ? AuthContext | undefined : AuthContext;
  /** The calling machine client, on machine routes. */
  machine: R["auth"] extends "machine" ? MachineIdentity : undefined;
  headers: Record<string, string | undefined>;
  meta: RequestMeta;
}

export type Operation<R extends RouteSpec> = (request: OperationRequest<R>) => Promise<OperationResult>;

/** One operation per route, keyed by operationId: the compiler insists every route has one. */
export type Operations<Routes extends readonly RouteSpec[]> = {
  [R in Routes[number] as R["operationId"]]: Operation<R>;
};

export interface ServiceHandlerOptions<Routes extends readonly RouteSpec[]> {
  routes: Routes;
  operations: NoInfer<Operations<Routes>>;
  consumers?: EventConsumers;
  /** Needed when any route is `idempotent`. */
  idempotency?: IdempotencyStore;
  /** Needed when any route declares `rateLimits`. */
  rateLimiting?: RouteRateLimiting;
  /** Needed when any route is `stepUp`: the callers' TOTP factors. */
  stepUp?: { factors: TotpFactors; now: () => Date };
  logger: ServiceLogger;
  /** Seals list cursors. @default the HMAC key `CURSOR_SIGNING_KEY` of the platform configuration */
  cursorSigningKey?: string;
}

type LambdaEvent = HttpEvent | EventBridgeEvent<string, unknown>;

/** A service's Lambda entry: HTTP API requests and EventBridge events. */
export type ServiceLambdaHandler = (
  event: LambdaEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

const isHttpEvent = (event: LambdaEvent): event is HttpEvent =>
  typeof (event as HttpEvent).requestContext?.http?.method === "string";

/** Fails the cold start when a route needs something the service did not give (cheap: no chain is built). */
const checkRoutes = (options: ServiceHandlerOptions<readonly RouteSpec[]>, operations: Record<string, unknown>) => {
  for (const route of options.routes) {
    if (!operations[route.operationId]) throw new Error(`No operation implements ${route.operationId}`);
    if (route.rateLimits?.length && !options.rateLimiting)
      throw new Error(`${route.operationId} declares rate limits but no limiter was given`);
    if (route.stepUp && !options.stepUp)
      throw new Error(`${route.operationId} needs step-up but no TOTP factors were given`);
    if (route.idempotent && !options.idempotency)
      throw new Error(`${route.operationId} is idempotent but no idempotency store was given`);
  }
};

/**
 * The single Lambda handler of a service: API Gateway requests are routed by route key to a
 * middy chain per route, built on the route's first request (a cold start pays only for the
 * route it serves); EventBridge events go to the consumers.
 */
export const createServiceHandler = <Routes extends readonly RouteSpec[]>(options: ServiceHandlerOptions<Routes>) => {
  const { logger } = options;
  // Read on first use, so services without lists need no key to start.
  const cursors = listCursors(
    onFirstUse(() => cursorCodec(options.cursorSigningKey ?? platformConfig().CURSOR_SIGNING_KEY)),
  );
  const operations = options.operations as unknown as Record<string, (req: ParsedRequest) => Promise<OperationResult>>;
  checkRoutes(options, operations);

  const chainOf = (route: RouteSpec) => {
    const operation = operations[route.operationId] as (req: ParsedRequest) => Promise<OperationResult>;
    const chain = middy<HttpEvent, APIGatewayProxyStructuredResultV2>()
      .use(problemErrors({ logger }))
      .use(httpHeaderNormalizer())
      .use(bodySizeLimit())
      .use(jsonBody(route))
      .use(inputValidation(route))
      .use(authentication(route));
    const paginated = isPaginated(route);
    if (paginated) chain.use({ before: cursors.before });
    if (route.rateLimits?.length && options.rateLimiting) chain.use(routeRateLimits(route, options.rateLimiting));
    if (route.stepUp && options.stepUp) chain.use(stepUpVerification(options.stepUp));
    if (route.idempotent && options.idempotency) chain.use(idempotentCreates({ store: options.idempotency }));
    return chain.handler(async (event) => {
      const parsed = parsedRequestOf(event);
      logger.appendKeys({ requestId: parsed.meta.requestId, operation: route.operationId });
      const result = await operation(parsed);
      return jsonResponse(paginated ? cursors.seal(result, event) : result, route.success.status);
    });
  };
  const routesByKey = new Map(options.routes.map((route) => [routeKeyOf(route), route]));
  const chains = new Map<string, ReturnType<typeof chainOf>>();
  const chainFor = (routeKey: string) => {
    const built = chains.get(routeKey);
    if (built) return built;
    const route = routesByKey.get(routeKey);
    if (!route) return undefined;
    const chain = chainOf(route);
    chains.set(routeKey, chain);
    return chain;
  };

  const handler: ServiceLambdaHandler = async (event, context) => {
    if (isHttpEvent(event)) {
      const chain = chainFor(event.routeKey);
      if (!chain) return problemResponse(problem.notFound("No such route."));
      try {
        return await measureDynamoDbUsage(event.routeKey, () => chain(event, context));
      } finally {
        logger.resetKeys();
      }
    }
    if (options.consumers) {
      await dispatchEvent(event, options.consumers, logger);
      return undefined;
    }
    throw new Error(`Unsupported event for this service: ${JSON.stringify(Object.keys(event))}`);
  };
  return handler;
};
