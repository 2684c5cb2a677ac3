import type { FieldError } from "../http/problem.ts";

/**
 * What a free-form JSON document (such as a resource's `settings`) must be for the table to store
 * it as a DynamoDB map, and to read back the same value:
 * - numbers the SDK marshals (within ±(2^53 - 1)) and DynamoDB keeps (0, or 1e-130 and above in
 *   magnitude);
 * - object keys that are non-empty, well-formed text and not a name with a meaning in JavaScript
 *   objects (`__proto__`, `constructor`, `prototype`);
 * - nesting well within DynamoDB's 32 levels (the item and the attribute take some of them);
 * - strings of well-formed Unicode (DynamoDB stores UTF-8).
 */
export interface StorableJsonRules {
  maxDepth: number;
  maxKeyLength: number;
}

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MIN_MAGNITUDE = 1e-130;
// In a `u` regex a surrogate pair is one code point, so only lone surrogates match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const isWellFormed = (text: string) => !LONE_SURROGATE.test(text);

const numberProblem = (n: number): string | undefined => {
  // The SDK marshals JavaScript numbers only within ±(2^53 - 1), fractions included.
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    return "must be between -9007199254740991 and 9007199254740991";
  }
  if (n !== 0 && Math.abs(n) < MIN_MAGNITUDE) return "must be 0 or at least 1e-130 in magnitude";
  return undefined;
};

/** Every reason `value` cannot be stored, with the path to it (`prefix.a.0.b`); empty when it can. */
export const storableJsonIssues = (value: unknown, prefix: string, rules: StorableJsonRules): FieldError[] => {
  const issues: FieldError[] = [];
  // Iterative, so a document nested thousands deep costs no stack; it stops at the depth limit.
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: prefix, depth: 0 }];
  while (pending.length > 0 && issues.length < 20) {
    const { value: current, path, depth } = pending.pop() as (typeof pending)[number];
    if (typeof current === "number") {
      const problem = numberProblem(current);
      if (problem) issues.push({ path, message: problem });
    } else if (typeof current === "string") {
      if (!isWellFormed(current)) issues.push({ path, message: "must be well-formed Unicode text" });
    } else if (typeof current === "object" && current !== null) {
      if (depth >= rules.maxDepth) {
        issues.push({ path, message: `nests deeper than ${rules.maxDepth} levels` });
        continue;
      }
      const entries = Array.isArray(current)
        ? current.map((item, i) => [String(i), item] as const)
        : Object.entries(current);
      for (const [key, item] of entries) {
        const itemPath = `${path}.${key}`;
        if (!Array.isArray(current)) {
          if (key.length === 0) issues.push({ path: itemPath, message: "keys must not be empty" });
          else if (key.length > rules.maxKeyLength) {
            issues.push({ path: itemPath, message: `keys are limited to ${rules.maxKeyLength} characters` });
          } else if (RESERVED_KEYS.has(key)) issues.push({ path: itemPath, message: `"${key}" cannot be a key` });
          else if (!isWellFormed(key)) issues.push({ path: itemPath, message: "keys must be well-formed Unicode" });
        }
        pending.push({ value: item, path: itemPath, depth: depth + 1 });
      }
    } else if (typeof current !== "boolean" && current !== null) {
      issues.push({ path, message: "must be a JSON value" });
    }
  }
  return issues;
};
