// Owner: platform — no one service: cross-cutting machinery every service (or shared code) writes.
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const idempotencyRecordEntity = defineEntity({
  model: { entity: "idempotencyRecord", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    /** Who and where: a hash of the caller and the route, so two users' keys never collide. */
    scope: { type: "string", required: true, readOnly: true },
    key: { type: "string", required: true, readOnly: true },
    /** Unused: the request's fingerprint travels sealed inside `response`. */
    requestHash: { type: "string", readOnly: true },
    status: { type: ["in_progress", "completed"] as const, required: true },
    /** The first response and the request's fingerprint, sealed (envelope under KMS): links in it stay secret. */
    response: { type: "string" },
    leaseUntil: { type: "number", required: true },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byKey: primary("IDEMPOTENCY#${scope}#${key}", ["scope", "key"], "IDEMPOTENCY", []),
  },
});

export type IdempotencyRecordItem = EntityItem<ReturnType<typeof idempotencyRecordEntity>>;
