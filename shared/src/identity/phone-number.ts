import { parsePhoneNumberFromString } from "libphonenumber-js";
import * as z from "zod";
import { onFirstUse } from "../cold-start/on-first-use.ts";

/**
 * A phone number in international form, checked against the numbering plan of its country
 * (libphonenumber) and normalised to E.164 (`+48 601 234 567` → `+48601234567`).
 */
export const phoneNumberSchema = onFirstUse(() =>
  z
    .string()
    .trim()
    .max(32)
    .refine(
      (value) => value.startsWith("+") && parsePhoneNumberFromString(value)?.isValid() === true,
      "must be a valid phone number in E.164 form, e.g. +48601234567",
    )
    .transform((value) => parsePhoneNumberFromString(value)?.number ?? value)
    .meta({ description: "E.164 phone number, e.g. +48601234567", example: "+48601234567" }),
);

/** How a phone shows on a profile and on a member: the number and whether its holder confirmed it. */
export const phoneStatusSchema = onFirstUse(() =>
  z
    .object({ number: z.string(), status: z.enum(["unconfirmed", "confirmed"]) })
    .nullable()
    .meta({ id: "Phone" }),
);
