import type { EntityConfiguration, Schema } from "electrodb";
import { Entity } from "electrodb/src/entity.js";
import { tableDefinition } from "../definition.ts";

/** The ElectroDB service name every entity of the single table shares (it prefixes nothing: keys are templates). */
export const ELECTRODB_SERVICE = "tenantry";

/** The languages a user's messages can be in (profiles and notify's copy of them). */
export const LOCALES = ["en", "ru", "pl"] as const;

const { partitionKey, sortKey, indexes } = tableDefinition;

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
 * A key on the `byUser` index: partition `USER#${userId}`, the sort key from its template and the
 * attributes it is composed of. Every entity on it shares the user's partition, so one Query of
 * it reads a user's memberships, sub-account grants and resource access together; their sort
 * keys start with different words, so no two entities' keys meet.
 */
export const byUser = <const S extends readonly string[]>(skTemplate: string, skComposite: S) => ({
  index: indexes.byUser.indexName,
  pk: {
    field: indexes.byUser.partitionKey,
    composite: ["userId"] as const,
    template: "USER#${userId}",
    casing: "none" as const,
  },
  sk: { field: indexes.byUser.sortKey, composite: skComposite, template: skTemplate, casing: "none" as const },
});

/**
 * An entity of the single table as a factory: `defineEntity(model)(config)` is `new Entity(model,
 * config)`, typed exactly alike, and `.model` is the model itself. Our ElectroDB is patched not to
 * validate a model as it constructs the entity (jsonschema's bytes and evaluation on every cold
 * start): a unit test validates every model once with ElectroDB's own validator instead
 * (`test/unit/table-models.test.ts`). Constructing one still parses its keys and indexes, so the
 * table service builds each entity only when a request first names it (`../entities.ts`).
 */
export const defineEntity = <A extends string, F extends string, C extends string, S extends Schema<A, F, C>>(
  model: S,
) => Object.assign((config?: EntityConfiguration) => new Entity<A, F, C, S>(model, config), { model });
