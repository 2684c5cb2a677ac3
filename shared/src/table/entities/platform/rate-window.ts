// Owner: platform — no one service: cross-cutting machinery every service (or shared code) writes.
import type { EntityItem } from "electrodb";
import { defineEntity, ELECTRODB_SERVICE, primary } from "../single-table.ts";

export const rateWindowEntity = defineEntity({
  model: { entity: "rateWindow", version: "1", service: ELECTRODB_SERVICE },
  attributes: {
    bucket: { type: "string", required: true, readOnly: true },
    window: { type: "number", required: true, readOnly: true },
    count: { type: "number", required: true, default: 0 },
    expiresAt: { type: "number", required: true },
  },
  indexes: {
    byBucket: primary("RATE#${bucket}#${window}", ["bucket", "window"], "RATE", []),
  },
});

export type RateWindowItem = EntityItem<ReturnType<typeof rateWindowEntity>>;
