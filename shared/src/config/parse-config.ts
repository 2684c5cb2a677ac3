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
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
  }
  return result.data;
};
