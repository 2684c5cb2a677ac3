import { api } from "./api.ts";

/** The parts of a JSON Schema the generated tests read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  [key: string]: unknown;
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: JsonSchema;
}

/** One operation of the served OpenAPI document, as a generated test walks it. */
export interface DocumentedOperation {
  method: string;
  path: string;
  operationId: string;
  /** Needs a bearer token. */
  secured: boolean;
  /** Needs a machine client's token (the `machineToken` scheme) rather than a user's. */
  machine: boolean;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: JsonSchema;
  /** Pages through a list: takes a `cursor`. */
  paginated: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, any>>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every operation in `/openapi.json` of the running local runtime: tests need no route list. */
export const documentedOperations = async (): Promise<{
  document: OpenApiDocument;
  operations: DocumentedOperation[];
}> => {
  const { status, body: document } = await api<OpenApiDocument>("GET", "/openapi.json");
  if (status !== 200) throw new Error(`GET /openapi.json: ${status}`);
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, op]) => {
        const params = (op.parameters ?? []) as Parameter[];
        const queryParams = params.filter((p) => p.in === "query");
        return {
          method: method.toUpperCase(),
          path,
          operationId: op.operationId as string,
          secured: Array.isArray(op.security) && op.security.length > 0,
          machine: Array.isArray(op.security) && op.security.some((requirement) => "machineToken" in requirement),
          pathParams: params.filter((p) => p.in === "path"),
          queryParams,
          body: op.requestBody?.content?.["application/json"]?.schema as JsonSchema | undefined,
          paginated: queryParams.some((p) => p.name === "cursor"),
        };
      }),
  );
  return { document, operations };
};

/** The schema a `$ref` points at (`#/components/schemas/...`), or the schema itself. */
export const resolveSchema = (document: OpenApiDocument, schema: JsonSchema | undefined): JsonSchema | undefined => {
  if (!schema?.$ref) return schema;
  return document.components?.schemas?.[schema.$ref.replace("#/components/schemas/", "")];
};

/** Values for path parameters the test owns; the rest get one that satisfies the parameter's schema. */
export const pathValue = (param: Parameter, known: Record<string, string>): string => {
  const given = known[param.name];
  if (given !== undefined) return given;
  const candidates = ["01JABCDEFGHJKMNPQRSTVWXYZ0", "privacy-policy", "0123456789abcdef0123456789abcdef"];
  const { pattern, minLength = 0, maxLength = Number.POSITIVE_INFINITY } = param.schema;
  const fits = (value: string) =>
    value.length >= minLength && value.length <= maxLength && (!pattern || new RegExp(pattern, "u").test(value));
  return candidates.find(fits) ?? (candidates[0] as string);
};

/** The operation's path with its parameters filled in (encoded unless `raw`). */
export const concretePath = (
  operation: DocumentedOperation,
  known: Record<string, string>,
  override: { name?: string; raw?: string } = {},
): string =>
  operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    if (name === override.name && override.raw !== undefined) return override.raw;
    const param = operation.pathParams.find((p) => p.name === name);
    return encodeURIComponent(param ? pathValue(param, known) : "x");
  });
