import fc from "fast-check";
import { type JsonSchema, type OpenApiDocument, resolveSchema } from "./openapi-operations.ts";

/** One request a generated test sends, with what it is meant to break. */
export interface MalformedCase {
  label: string;
  /** Raw body text (sent as JSON unless `contentType` says otherwise). */
  body?: string;
  contentType?: string;
}

const typesOf = (schema: JsonSchema): string[] => [schema.type ?? []].flat();

/** A value the schema accepts as far as the test can tell (formats and patterns best effort). */
export const sampleOf = (document: OpenApiDocument, raw: JsonSchema | undefined, depth = 0): unknown => {
  const schema = resolveSchema(document, raw) ?? {};
  if (schema.enum?.length) return schema.enum[0];
  const type = typesOf(schema)[0];
  if (type === "object" || schema.properties) {
    if (depth > 4) return {};
    return Object.fromEntries(
      (schema.required ?? []).map((name) => [name, sampleOf(document, schema.properties?.[name], depth + 1)]),
    );
  }
  if (type === "array") return [];
  if (type === "boolean") return true;
  if (type === "integer" || type === "number") return typeof schema.minimum === "number" ? schema.minimum : 1;
  if (type === "null") return null;
  if (schema.format === "email") return "fuzz@example.test";
  if (schema.format === "uri") return "https://example.test/";
  return "x".repeat(Math.max(1, schema.minLength ?? 1));
};

/** A value of another JSON type than the schema wants. */
const wrongTypeFor = (schema: JsonSchema): unknown => {
  const types = typesOf(schema);
  if (types.includes("string")) return types.includes("number") ? [] : 12345;
  if (types.includes("object")) return "not an object";
  if (types.includes("array")) return { not: "an array" };
  return "not a number or boolean";
};

const DEEP = "<deeply nested arrays>";
const nestedArrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/**
 * Arbitrary JSON (fast-check, fixed seed: the same bodies every run). `{}` is left out: it is valid
 * on body-less operations, and random keys never satisfy the strict request schemas, so no
 * arbitrary body is a valid request that really runs.
 */
const arbitraryJsonBodies = (count: number): MalformedCase[] =>
  fc
    .sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: count * 2, seed: 20_260_901 })
    .filter((value) => JSON.stringify(value) !== "{}")
    .slice(0, count)
    .map((value, i) => ({ label: `arbitrary JSON #${i}`, body: JSON.stringify(value) }));

/**
 * Bodies that must each be refused with a 4xx problem: not JSON, not an object, each property of
 * a plausible body with the wrong type, an unknown field, a huge string, deep nesting. `{}` is
 * not here: on a body-less operation it is valid (it runs), so tests send it separately.
 */
export const malformedBodies = (document: OpenApiDocument, bodySchema: JsonSchema | undefined): MalformedCase[] => {
  const cases: MalformedCase[] = [
    { label: "non-JSON", body: '{"unterminated": ' },
    { label: "JSON array", body: "[]" },
    { label: "JSON null", body: "null" },
    { label: "JSON string", body: '"text"' },
    { label: "deeply nested arrays", body: nestedArrays(5000) },
    { label: "form-encoded", body: "a=1&b=2", contentType: "application/x-www-form-urlencoded" },
    { label: "huge body", body: JSON.stringify({ padding: "x".repeat(70 * 1024) }) },
  ];
  cases.push(...arbitraryJsonBodies(4));
  const schema = resolveSchema(document, bodySchema);
  if (!schema) {
    cases.push({ label: "a body on a body-less operation", body: '{"unexpected": true}' });
    return cases;
  }
  const base = sampleOf(document, schema) as Record<string, unknown>;
  cases.push({ label: "unknown field", body: JSON.stringify({ ...base, unknownFieldForFuzz: 1 }) });
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const resolved = resolveSchema(document, property) ?? {};
    cases.push({ label: `${name}: wrong type`, body: JSON.stringify({ ...base, [name]: wrongTypeFor(resolved) }) });
    const deep = JSON.stringify({ ...base, [name]: DEEP }).replace(JSON.stringify(DEEP), nestedArrays(3000));
    cases.push({ label: `${name}: deep nesting`, body: deep });
    if (typesOf(resolved).includes("string")) {
      cases.push({ label: `${name}: huge string`, body: JSON.stringify({ ...base, [name]: "é".repeat(20_000) }) });
      cases.push({ label: `${name}: control characters`, body: JSON.stringify({ ...base, [name]: "a\r\nb\u0000" }) });
    }
  }
  return cases;
};

/** Path parameter values no route can use. */
export const malformedPathValues: Array<{ label: string; raw: string }> = [
  { label: "lone percent", raw: "%" },
  { label: "truncated percent-encoding", raw: "%E0%A4%A" },
  { label: "invalid UTF-8", raw: "%C0%AF" },
  { label: "NUL", raw: "%00" },
  { label: "very long", raw: "a".repeat(8000) },
  { label: "unicode", raw: encodeURIComponent("ünïcødé-😀-漢字") },
  { label: "spaces and quotes", raw: encodeURIComponent(`' OR "1"="1`) },
];

/** Cursors nobody was given: unsigned store keys, garbage, a tag on an edited position. */
export const tamperedCursors = (ids: { accountId: string; userId: string }): string[] => {
  const key = (value: Record<string, string>) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return [
    key({ pk: `ACCOUNT#${ids.accountId}` }),
    key({ pk: `USER#${ids.userId}`, sk: "x" }),
    `${key({ pk: `ACCOUNT#${ids.accountId}`, sk: "MEMBER#" })}.${"A".repeat(22)}`,
    "%%%",
    "😀".repeat(10),
  ];
};
