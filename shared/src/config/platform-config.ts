import { z } from "zod";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * Every setting a service reads, as environment variables. Parsed once per cold start; a bad
 * value fails fast with one message naming each variable.
 */
export const platformConfigSchema = z.object({
  STAGE: z.string().min(1).default("local"),
  TABLE_NAME: z.string().min(1),
  USER_POOL_ID: z.string().min(1),
  USER_POOL_CLIENT_ID: z.string().min(1),
  KMS_KEY_ID: z.string().min(1).describe("Key that seals link tokens carried by events"),
  EMAIL_FROM: z.string().min(3).default("no-reply@tenantry.example"),
  EMAIL_DELIVERY: z.enum(["ses", "off"]).default("ses"),
  /** Base of links sent to people (verification, reset, invitations). */
  APP_BASE_URL: z.url().default("http://localhost:3000"),
  EMAIL_VERIFICATION_TTL_HOURS: positiveInt(48),
  PASSWORD_RESET_TTL_MINUTES: positiveInt(60),
  SIGN_IN_ATTEMPTS_PER_15_MIN: positiveInt(10),
  PASSWORD_RESETS_PER_HOUR: positiveInt(5),
  LOG_LEVEL: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]).default("INFO"),
});
export type PlatformConfig = z.infer<typeof platformConfigSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment, naming every bad variable in one message. */
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

let cached: PlatformConfig | undefined;
/** The platform configuration of this process, parsed on first use. */
export const platformConfig = (): PlatformConfig => {
  cached ??= parseConfig(platformConfigSchema);
  return cached;
};
