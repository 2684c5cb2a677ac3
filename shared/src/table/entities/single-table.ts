import { Entity, type EntityConfiguration, type Schema } from "electrodb";
import { tableDefinition } from "../definition.ts";

/** The ElectroDB service name every entity of the single table shares (it prefixes nothing: keys are templates). */
export const ELECTRODB_SERVICE = "tenantry";

/** The languages a user's messages can be in (profiles and notify's copy of them). */
export const LOCALES = ["en", "ru", "pl"] as const;

const { partitionKey, sortKey } = tableDefinition;

/**
 * The table's own key (no secondary index) from its two templates and the attributes they are
 * composed of: `primary("USER#${userId}", ["userId"], "PROFILE", [])`.
 */
export const primary = <const P extends readonly string[], const S extends readonly string[]>(
  pkTemplate: string,
  pkComposite: P,
  skTemplate: string,
  skComposite: S,
) => ({
  pk: { field: partitionKey, composite: pkComposite, template: pkTemplate, casing: "none" as const },
  sk: { field: sortKey, composite: skComposite, template: skTemplate, casing: "none" as const },
});

/**
 * An entity of the single table as a factory: `defineEntity(schema)(config)` is `new Entity(schema,
 * config)`, typed exactly alike. ElectroDB validates the model when it constructs an entity, the
 * main cost of a cold start that would build all of them, so the table service builds each one
 * only when a request first names it (`shared/src/table/entities.ts`).
 */
export const defineEntity =
  <A extends string, F extends string, C extends string, S extends Schema<A, F, C>>(schema: S) =>
  (config?: EntityConfiguration) =>
    new Entity<A, F, C, S>(schema, config);
