import { problem } from "./problem.ts";

/** Weak validators from an item's version counter. */
export const etagOf = (version: number) => `W/"${version}"`;

/** The version an `If-Match` header expects, undefined when absent; `*` matches any. */
export const expectedVersion = (headers: Record<string, string | undefined>): number | undefined => {
  const header = headers["if-match"];
  if (header === undefined || header.trim() === "*") return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match)
    throw problem.invalid("If-Match must be an ETag this API returned.", [
      { path: "headers.if-match", message: "malformed ETag" },
    ]);
  return Number(match[1]);
};
