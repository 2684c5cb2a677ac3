import type { z } from "zod";
import type { LazySchema, RouteSpec } from "./route.ts";

type RequestExample<R extends RouteSpec> = R["request"] extends { body: LazySchema<infer B extends z.ZodType> }
  ? { request: z.input<B> }
  : R["request"] extends { form: LazySchema<infer F extends z.ZodType> }
    ? { request: z.input<F> }
    : unknown;
type ResponseExample<R extends RouteSpec> = R["success"] extends { schema: LazySchema<infer S extends z.ZodType> }
  ? { response: z.input<S> }
  : unknown;
type HasBodyOrSchema<R extends RouteSpec> = R["request"] extends { body: LazySchema }
  ? true
  : R["request"] extends { form: LazySchema }
    ? true
    : R["success"] extends { schema: LazySchema }
      ? true
      : false;

/**
 * An example request body and success response per operation that has them, keyed by operationId.
 * The compiler insists on one for every route with a body or a response schema (so a new route
 * cannot go undocumented), and a unit test parses each with the route's own schemas.
 */
export type OperationExamples<Routes extends readonly RouteSpec[]> = {
  [R in Routes[number] as HasBodyOrSchema<R> extends true ? R["operationId"] : never]: RequestExample<R> &
    ResponseExample<R>;
};

/** Any service's examples, as the OpenAPI generator reads them. */
export type OperationExampleIndex = Record<string, { request?: unknown; response?: unknown }>;
