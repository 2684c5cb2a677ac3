import path from "node:path";
import * as z from "zod";
import { parseConfig } from "../shared/src/config/parse-config.ts";
import { originListSchema } from "../shared/src/http/cors.ts";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true" || value === "1");

/** Settings of the local runtime itself (the platform's own settings are in platform-config). */
export const localConfigSchema = z.object({
  PORT: port(3000),
  DYNAMODB_PORT: port(8000),
  COGNITO_PORT: port(9229),
  SES_PORT: port(8005),
  /** The S3 emulator (s3rver): avatars. */
  S3_PORT: port(4568),
  /** The local OpenID provider (oidc-provider) that stands in for Google or Microsoft. */
  OIDC_PORT: port(9400),
  /** The Lambda Invoke endpoint cognito-local calls its triggers through (the custom-auth challenge). */
  LAMBDA_PORT: port(9401),
  DATA_DIR: z.string().default(".local"),
  SEED_DEMO: flag(true),
  DEMO_ADMIN_EMAIL: z.email().default("admin@tenantry.local"),
  DEMO_ADMIN_PASSWORD: z.string().min(10).default("Support-Desk-Local-7"),
  /** How often the stream relay polls DynamoDB Local's stream, in ms. */
  STREAM_POLL_MS: z.coerce.number().int().min(20).max(10_000).default(200),
  EMAIL_DELIVERY: z.enum(["ses", "off"]).default("ses"),
  /** How often the local runtime runs the privacy job (EventBridge Scheduler's stand-in); 0 turns it off. */
  PRIVACY_JOB_EVERY_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Comma-separated origins whose pages may call the API (a stage's `allowedOrigins`); empty for none. */
  CORS_ALLOWED_ORIGINS: originListSchema.default(["http://localhost:5173"]),
});
export type LocalConfig = z.infer<typeof localConfigSchema> & { dataDir: string };

export const loadLocalConfig = (env = process.env): LocalConfig => {
  const config = parseConfig(localConfigSchema, env);
  return { ...config, dataDir: path.resolve(config.DATA_DIR) };
};
