import { existsSync, readFileSync } from "node:fs";
import { tableEntities } from "../../shared/src/table/entities.ts";

/** The owners an entity's folder may name: a service, or `platform` for cross-cutting items. */
export const OWNERS = ["users", "accounts", "privacy", "notify", "platform"] as const;
export type Owner = (typeof OWNERS)[number];
export type EntityName = keyof typeof tableEntities;

export const ENTITIES_DIR = new URL("../../shared/src/table/entities/", import.meta.url);

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/**
 * Who owns each entity, read from where its definition lives: `entities/<owner>/<entity>.ts`,
 * the file that defines the ElectroDB entity of that name. Throws for an entity in no such file.
 */
export const entityOwners = (): Record<EntityName, Owner> => {
  const owners = {} as Record<EntityName, Owner>;
  for (const name of Object.keys(tableEntities) as EntityName[]) {
    const found = OWNERS.filter((owner) => {
      const file = new URL(`${owner}/${kebab(name)}.ts`, ENTITIES_DIR);
      return existsSync(file) && readFileSync(file, "utf8").includes(`entity: "${name}"`);
    });
    if (found.length !== 1) {
      throw new Error(`entity ${name} must be defined in exactly one entities/<owner>/${kebab(name)}.ts`);
    }
    owners[name] = found[0] as Owner;
  }
  return owners;
};
