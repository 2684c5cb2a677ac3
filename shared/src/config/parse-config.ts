import type * as z from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses the environment, naming every bad variable in one message. Apart from the platform
 * schema, so a function with its own small schema (the auth triggers) never builds the platform's.
 */
export const parseConfig = <S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> => {
  // Parsed once per process: zod's compiled fast path (generated with `new Function` on an object's
  // first parse) would cost more to build than this one parse takes without it.
  const result = schema.safeParse(env, { jitless: true });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
  }
  return result.data;
};

/**
 * For a function whose whole configuration is a few names that must be set (the auth triggers):
 * the same fail-fast message as {@link parseConfig}, without a schema library in its bundle
 * (zod is most of such a function's cold start).
 */
export const requiredVariables = <const K extends string>(
  names: readonly K[],
  env: Record<string, string | undefined> = process.env,
): Record<K, string> => {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(`Invalid configuration: ${missing.map((name) => `${name}: must be set`).join("; ")}`);
  }
  return Object.fromEntries(names.map((name) => [name, env[name] as string])) as Record<K, string>;
};
