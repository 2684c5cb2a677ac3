import * as z from "zod";

/**
 * Characters no name may hold: C0/C1 controls (CR and LF among them, which would split an email
 * header), Unicode line and paragraph separators, and the bidirectional overrides that make text
 * display differently from what it is.
 */
const FORBIDDEN_IN_NAMES = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Whether a text can be shown on one line as a name: no controls, line breaks or bidi overrides. */
export const isSingleLineText = (text: string): boolean => !FORBIDDEN_IN_NAMES.test(text);

/**
 * Every name-like field people type (full names, account, sub-account and resource names, titles):
 * names end up in email subjects, CSV exports and audit entries, so they are one trimmed line.
 */
export const nameSchema = (maxLength = 200) =>
  z
    .string()
    .trim()
    .min(1)
    .max(maxLength)
    .refine(isSingleLineText, "must not contain control characters, line breaks or bidi overrides");
