import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * A module past ~300 lines is usually several things; split it by what each part is about.
 * Declarative tables are the exception: one entry per route, schema, example or event.
 */
const LIMIT = 300;
const DECLARATIVE_TABLES = /(^|\/)(routes|schemas|examples)\.ts$|^shared\/src\/events\/registry\.ts$/;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const sourceFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return entry.name.endsWith(".ts") ? [relative] : [];
  });

describe("module size", () => {
  it(`keeps every module in services/ and shared/ within ${LIMIT} lines, but the declarative tables`, () => {
    const oversized = [...sourceFiles("services"), ...sourceFiles("shared")]
      .filter((file) => !DECLARATIVE_TABLES.test(file))
      .map((file) => ({ file, lines: readFileSync(path.join(root, file), "utf8").split("\n").length - 1 }))
      .filter(({ lines }) => lines > LIMIT);
    expect(oversized).toEqual([]);
  });
});
