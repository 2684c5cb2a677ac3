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
    const result = createResourceRequest.safeParse({
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
