import * as z from "zod";
import { onFirstUse } from "../cold-start/on-first-use.ts";
import { CURSOR_PATTERN } from "./cursor.ts";
import type { LazySchema } from "./route.ts";

/**
 * Schemas every service's API shares. Each is built on first use (see `LazySchema`): a cold start
 * builds only those the route it serves reads.
 */
export const LOCALES = ["en", "ru", "pl"] as const;
export type Locale = (typeof LOCALES)[number];
export const localeSchema = onFirstUse(() => z.enum(LOCALES));

export const problemSchema = onFirstUse(() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      detail: z.string(),
      code: z.string(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .meta({ id: "Problem", description: "RFC 9457 problem details" }),
);

export const emailSchema = onFirstUse(() =>
  z
    .string()
    .trim()
    .max(254)
    .pipe(z.email())
    .transform((email) => email.toLowerCase())
    .meta({ format: "email" }),
);

export const paginationQuery = onFirstUse(() =>
  z.strictObject({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    // The pattern is documentation: a cursor that does not match, or was not sealed for this list, is 400 invalid_cursor.
    cursor: z
      .string()
      .min(1)
      .max(2048)
      .meta({ pattern: CURSOR_PATTERN, description: "`nextCursor` of the previous page of this same list, as given" })
      .optional(),
  }),
);

/** A page of a list: the item schema is built with the page, on first use. */
export const pageOf = <T extends z.ZodType>(item: LazySchema<T>) =>
  onFirstUse(() => z.object({ items: z.array(item()), nextCursor: z.string().nullable() }));

/** A partial update (PATCH) body: at least one field, which the document states as `minProperties: 1`. */
export const atLeastOneField = <T extends z.ZodObject>(schema: T, message = "at least one field is required") =>
  schema.refine((body) => Object.keys(body).length > 0, message).meta({ minProperties: 1 });
