import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Canaries: every secret the integration suite sees (link tokens, passwords, codes), recorded
 * in a file in the platform's data directory while the tests run, so that after the suite the
 * whole table can be searched for them (the global teardown does): a raw secret in the table is
 * a leak, whichever service wrote it.
 */
export type CanaryKind = "token" | "password" | "code";
export interface Canary {
  kind: CanaryKind;
  value: string;
}

export const canaryFile = (dataDir: string) => path.join(dataDir, "canaries.jsonl");

/** Request and response fields that hold a secret. */
const SECRET_FIELDS: Record<string, CanaryKind> = {
  password: "password",
  newPassword: "password",
  token: "token",
  code: "code",
  clientSecret: "token",
};
/** Fields holding a URL whose `token` parameter is a secret. */
const LINK_FIELDS = new Set(["link", "deepLink", "uploadUrl"]);

/** A value too short to be a secret would only find false positives. */
const worthWatching = ({ kind, value }: Canary) => (kind === "code" ? /^\d{6,8}$/.test(value) : value.length >= 10);

/** What this worker already wrote down (the outbox is polled often and returns every message). */
const recorded = new Set<string>();

export const recordCanaries = (dataDir: string, canaries: Canary[]) => {
  const fresh = canaries.filter((c) => {
    const key = `${c.kind}:${c.value}`;
    if (!worthWatching(c) || recorded.has(key)) return false;
    recorded.add(key);
    return true;
  });
  const lines = fresh.map((c) => `${JSON.stringify(c)}\n`);
  // One append per call: O_APPEND writes from parallel test workers do not interleave.
  if (lines.length > 0) appendFileSync(canaryFile(dataDir), lines.join(""));
};

const tokenOfLink = (link: string): string | undefined => {
  try {
    return new URL(link).searchParams.get("token") ?? new URL(link).searchParams.get("start") ?? undefined;
  } catch {
    return undefined;
  }
};

/** The secrets inside a request or response body (any depth). */
export const secretsIn = (value: unknown, found: Canary[] = []): Canary[] => {
  if (Array.isArray(value)) {
    for (const item of value) secretsIn(item, found);
  } else if (value && typeof value === "object") {
    for (const [key, field] of Object.entries(value)) {
      if (typeof field === "string") {
        const kind = SECRET_FIELDS[key];
        if (kind) found.push({ kind, value: field });
        if (LINK_FIELDS.has(key)) {
          const token = tokenOfLink(field);
          if (token) found.push({ kind: "token", value: token });
        }
      } else secretsIn(field, found);
    }
  }
  return found;
};

/** The secrets in a delivered message: link tokens, and codes in SMS or Telegram text. */
export const secretsInMessage = (message: { channel: string; text: string; links: string[] }): Canary[] => [
  ...message.links.flatMap((link) => {
    const token = tokenOfLink(link);
    return token ? [{ kind: "token" as const, value: token }] : [];
  }),
  ...(message.channel === "email"
    ? []
    : (message.text.match(/\b\d{6}\b/g) ?? []).map((value) => ({ kind: "code" as const, value }))),
];

export const readCanaries = (dataDir: string): Canary[] => {
  const file = canaryFile(dataDir);
  if (!existsSync(file)) return [];
  const seen = new Map<string, Canary>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line) continue;
    const canary = JSON.parse(line) as Canary;
    seen.set(`${canary.kind}:${canary.value}`, canary);
  }
  return [...seen.values()];
};

/**
 * Where canaries occur in items. Tokens (base64url) are looked up among each item's
 * base64url runs, so thousands of them cost one set lookup per run; passwords (few) by
 * substring; codes (short digits, which timestamps contain) only as a whole string value.
 */
export const findCanaries = (items: Iterable<Record<string, unknown>>, canaries: Canary[]) => {
  const tokens = new Set(canaries.filter((c) => c.kind === "token").map((c) => c.value));
  const passwords = [...new Set(canaries.filter((c) => c.kind === "password").map((c) => c.value))];
  const codes = new Set(canaries.filter((c) => c.kind === "code").map((c) => c.value));
  const hits: Array<{ kind: CanaryKind; pk: unknown; sk: unknown }> = [];
  const stringValues = (value: unknown, out: string[] = []): string[] => {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const item of value) stringValues(item, out);
    else if (value && typeof value === "object") for (const field of Object.values(value)) stringValues(field, out);
    return out;
  };
  for (const item of items) {
    const text = JSON.stringify(item);
    const where = { pk: item.pk, sk: item.sk };
    if ((text.match(/[A-Za-z0-9_-]{10,}/g) ?? []).some((run) => tokens.has(run)))
      hits.push({ kind: "token", ...where });
    if (passwords.some((p) => text.includes(p))) hits.push({ kind: "password", ...where });
    if (stringValues(item).some((value) => codes.has(value))) hits.push({ kind: "code", ...where });
  }
  return hits;
};
