import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createResourceRequest } from "../../services/accounts/src/schemas.ts";
import { storableJsonIssues } from "../../shared/src/table/storable-json.ts";

const rules = { maxDepth: 16, maxKeyLength: 100 };
const issuesOf = (json: string) => storableJsonIssues(JSON.parse(json), "settings", rules);
const nested = (depth: number, open: string, close: string, inner = "1") =>
  `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

describe("JSON the table can store and read back unchanged", () => {
  it.each([
    ["an integer beyond 2^53", '{"a": 9007199254740993}', "settings.a"],
    ["a negative integer beyond 2^53", '{"a": [-9007199254740993]}', "settings.a.0"],
    ["1e300", '{"a": 1e300}', "settings.a"],
    ["a fraction beyond 2^53", '{"a": 1.5e17}', "settings.a"],
    ["1e-300", '{"a": {"b": 1e-300}}', "settings.a.b"],
    ["an empty key", '{"": 1}', "settings."],
    ["a key named constructor", '{"a": {"constructor": 1}}', "settings.a.constructor"],
    ["a key named __proto__", '{"__proto__": {"polluted": true}}', "settings.__proto__"],
    ["a lone surrogate", '{"a": "\\ud800"}', "settings.a"],
    ["an over-long key", `{"${"k".repeat(101)}": 1}`, `settings.${"k".repeat(101)}`],
  ])("refuses %s, naming its path", (_label, json, path) => {
    expect(issuesOf(json).map((issue) => issue.path)).toEqual([path]);
  });

  it("refuses nesting deeper than the limit, 3,000 nested arrays included, without exhausting the stack", () => {
    expect(issuesOf(`{"a": ${nested(33, '{"b":', "}")}}`)[0]?.message).toMatch(/deeper than 16/);
    expect(issuesOf(`{"a": ${nested(3000, "[", "]", "")}}`)[0]?.message).toMatch(/deeper than 16/);
    expect(issuesOf(`{"a": ${nested(14, "[", "]")}}`)).toEqual([]);
  });

  it("accepts what DynamoDB stores exactly", () => {
    const json =
      '{"a": {"b": [1, -2.5, 0, 1e-100, 123456.789, 9007199254740991, "text 🚀", null, true, [], {}]}, "Ключ": ""}';
    expect(issuesOf(json)).toEqual([]);
  });

  it("is what resource settings are validated with, reported under body paths", () => {
    const result = createResourceRequest().safeParse({
      type: "project",
      name: "Pixel",
      settings: JSON.parse('{"ok": 1, "bad": {"n": 1e300}, "": 2}'),
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(
      expect.arrayContaining(["settings.bad.n", "settings."]),
    );
  });
});

describe("the rules match what the DynamoDB marshaller does", () => {
  // Numbers at the edges the rules draw, mixed into arbitrary JSON documents.
  const edgeNumber = fc.constantFrom(
    0,
    -0,
    1e-130,
    1e-131,
    1e-300,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
    1.5e17,
    1e300,
  );
  const value = fc.letrec((tie) => ({
    json: fc.oneof(
      { depthSize: "small" },
      fc.constant(null),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      edgeNumber,
      fc.string({ unit: "binary" }),
      fc.array(tie("json"), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.string(), fc.constantFrom("", "constructor", "__proto__")), tie("json"), {
        maxKeys: 4,
      }),
    ),
  })).json;
  const settings = fc.dictionary(fc.string({ maxLength: 10 }), value, { maxKeys: 5 });

  it("whatever passes is stored and read back unchanged; numbers refused would fail or change", () => {
    fc.assert(
      fc.property(settings, (document) => {
        const parsed = JSON.parse(JSON.stringify(document)) as Record<string, unknown>;
        const issues = storableJsonIssues(parsed, "settings", rules);
        if (issues.length > 0) return;
        const stored = marshall({ settings: parsed }, { convertEmptyValues: false });
        expect(unmarshall(stored).settings).toEqual(parsed);
      }),
      { numRuns: 500, seed: 9 },
    );
  });

  it("every number the rules refuse is one the marshaller refuses or DynamoDB cannot hold", () => {
    fc.assert(
      fc.property(fc.oneof(edgeNumber, fc.double({ noNaN: true, noDefaultInfinity: true })), (n) => {
        if (storableJsonIssues({ n }, "s", rules).length === 0) return;
        const refusedBySdk = (() => {
          try {
            marshall({ n });
            return false;
          } catch {
            return true;
          }
        })();
        // DynamoDB keeps magnitudes from 1e-130; the SDK passes smaller ones on for the service to refuse.
        expect(refusedBySdk || (n !== 0 && Math.abs(n) < 1e-130)).toBe(true);
      }),
      { numRuns: 500, seed: 9 },
    );
  });
});
