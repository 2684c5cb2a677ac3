import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CROSS_SERVICE_WRITES } from "../../shared/src/table/entities/cross-service-writes.ts";
import { tableEntities } from "../../shared/src/table/entities.ts";
import { type EntityName, entityOwners } from "./table-entity-files.ts";

const SERVICES_DIR = new URL("../../services/", import.meta.url);
const WRITE_METHODS = ["put", "create", "upsert", "update", "patch", "delete", "remove"];
const names = Object.keys(tableEntities) as EntityName[];

const sourceFiles = (dir: URL): URL[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(new URL(`${entry.name}/`, dir))
      : entry.name.endsWith(".ts")
        ? [new URL(entry.name, dir)]
        : [],
  );

/**
 * The entities a source file writes, found in its text: `<entity>.<write method>(`, whether the
 * entity is reached as `table.entities.user`, a transaction's `tx.user`, or a name destructured
 * from either (`const { user } = table.entities`, `transaction.write(({ user }) => ...)`, also
 * renamed: `{ user: profile }` there makes `profile.patch(` a write of `user`).
 */
const entitiesWritten = (source: string): Set<EntityName> => {
  const aliases = new Map<string, EntityName>(names.map((name) => [name, name]));
  const destructurings = [
    ...source.matchAll(/\{([^{}]*)\}\s*=\s*[\w.]*entities\b/g),
    ...source.matchAll(/transaction\.write\(\s*\(\s*\{([^{}]*)\}\s*\)\s*=>/g),
  ];
  for (const [, bindings] of destructurings) {
    for (const [, name, alias] of (bindings ?? "").matchAll(/(\w+)\s*:\s*(\w+)/g)) {
      if (names.includes(name as EntityName)) aliases.set(alias as string, name as EntityName);
    }
  }
  const call = new RegExp(`(?<![\\w$])(\\w+)\\s*\\.\\s*(?:${WRITE_METHODS.join("|")})\\s*\\(`, "g");
  const written = new Set<EntityName>();
  for (const [, receiver] of source.matchAll(call)) {
    const entity = aliases.get(receiver as string);
    if (entity) written.add(entity);
  }
  return written;
};

/** `service entity` for every entity a service writes that neither it nor `platform` owns. */
const crossServiceWrites = () => {
  const owners = entityOwners();
  const found = new Map<string, string[]>();
  for (const service of readdirSync(SERVICES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const file of sourceFiles(new URL(`${service.name}/src/`, SERVICES_DIR))) {
      for (const entity of entitiesWritten(readFileSync(file, "utf8"))) {
        if (owners[entity] === service.name || owners[entity] === "platform") continue;
        const key = `${service.name} ${entity}`;
        found.set(key, [...(found.get(key) ?? []), file.pathname.replace(SERVICES_DIR.pathname, "services/")]);
      }
    }
  }
  return found;
};

describe("who writes the table's items", () => {
  it("finds writes however the entity is reached", () => {
    const source = `
      const { user, membership: member } = table.entities;
      await user.patch({ userId }).set({}).go();
      table.transaction.write(({ account, identifier: claim }) => [claim.create({}).commit(), tx.resource
        .delete({}).commit()]);
      await member.query.byUser({ userId }).go();
      await table.entities.policy.get({}).go();
    `;
    expect([...entitiesWritten(source)].sort()).toEqual(["identifier", "resource", "user"]);
  });

  it("is the owning service, or platform, but for the declared exceptions", () => {
    const undeclared = [...crossServiceWrites()].filter(
      ([key]) => !CROSS_SERVICE_WRITES.some(({ service, entity }) => `${service} ${entity}` === key),
    );
    expect(Object.fromEntries(undeclared)).toEqual({});
  });

  it("declares no exception the code no longer makes", () => {
    const found = crossServiceWrites();
    const stale = CROSS_SERVICE_WRITES.filter(({ service, entity }) => !found.has(`${service} ${entity}`));
    expect(stale).toEqual([]);
  });
});
