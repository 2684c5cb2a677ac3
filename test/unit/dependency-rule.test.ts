import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cruise, type IForbiddenRuleType } from "dependency-cruiser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The rule file `npm test` runs, tried on a small tree that breaks each rule once. */
const rules = createRequire(import.meta.url)("../../.dependency-cruiser.cjs") as { forbidden: IForbiddenRuleType[] };

const tree: Record<string, string> = {
  "services/alpha/src/internal.ts": "export const secret = 1;\n",
  "services/alpha/src/contracts/door.ts": 'import { secret } from "../internal.ts";\nexport const door = secret;\n',
  "services/beta/src/through-the-door.ts":
    'import { door } from "../../alpha/src/contracts/door.ts";\nexport const ok = door;\n',
  "services/beta/src/reaches-in.ts":
    'import { secret } from "../../alpha/src/internal.ts";\nexport const bad = secret;\n',
  "shared/src/knows-a-service.ts":
    'import { door } from "../../services/alpha/src/contracts/door.ts";\nexport const bad = door;\n',
  "services/gamma/src/one.ts": 'import { two } from "./two.ts";\nexport const one = () => two;\n',
  "services/gamma/src/two.ts": 'import { one } from "./one.ts";\nexport const two = () => one;\n',
};

let root: string;
let violations: Array<{ rule: string; from: string; to: string }>;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "dependency-rule-"));
  for (const [file, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const result = await cruise(["services", "shared"], {
    baseDir: root,
    validate: true,
    ruleSet: { forbidden: rules.forbidden },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  });
  const output = result.output as {
    summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
  };
  violations = output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the dependency rule", () => {
  it("refuses an import of another service's internals", () => {
    expect(violations).toContainEqual({
      rule: "service-through-its-contracts-only",
      from: "services/beta/src/reaches-in.ts",
      to: "services/alpha/src/internal.ts",
    });
  });

  it("lets a service in through another's contracts/ folder, and a contract reach its own service", () => {
    expect(violations.filter((v) => v.from === "services/beta/src/through-the-door.ts")).toEqual([]);
    expect(violations.filter((v) => v.from === "services/alpha/src/contracts/door.ts")).toEqual([]);
  });

  it("refuses shared code importing a service, even through its contracts", () => {
    expect(violations).toContainEqual({
      rule: "shared-knows-no-service",
      from: "shared/src/knows-a-service.ts",
      to: "services/alpha/src/contracts/door.ts",
    });
  });

  it("refuses an import cycle", () => {
    expect(violations.some((v) => v.rule === "no-import-cycles" && v.from.startsWith("services/gamma/"))).toBe(true);
  });
});
