import * as z from "zod";
import { onFirstUse } from "../cold-start/on-first-use.ts";
import { openIdProvidersSchema } from "./openid-providers.ts";
import { parseConfig } from "./parse-config.ts";

// Schemas shared by the fields below: a field adds at most its default or `optional`, so a cold start
// (every one parses this configuration) builds one schema per field instead of two to four.
const sharedSchemas = () => {
  const positiveIntSchema = z.coerce.number().int().positive();
  return {
    positiveInt: (fallback: number) => positiveIntSchema.default(fallback),
    requiredText: z.string().min(1),
    url: z.url(),
  };
};

/**
 * Every setting a service reads, as environment variables. Parsed once per cold start; a bad
 * value fails fast with one message naming each variable. Built with that parse, not at import:
 * a function that never reads the configuration (docs) never builds it.
 */
export const platformConfigSchema = onFirstUse(() => {
  const { positiveInt, requiredText, url } = sharedSchemas();
  return z.object({
    STAGE: requiredText.default("local"),
    TABLE_NAME: requiredText,
    USER_POOL_ID: requiredText,
    USER_POOL_CLIENT_ID: requiredText,
    /** Issuer of the user pool's tokens, for routes that verify an optional bearer token themselves. */
    JWT_ISSUER: url,
    /** The OAuth 2.0 token endpoint machine clients get their tokens from (the user pool domain's `/oauth2/token`). */
    MACHINE_TOKEN_URL: url,
    /** Key that seals link tokens carried by events. */
    KMS_KEY_ID: requiredText,
    /** HMAC key that seals list cursors (shared by every function of a stage, so any of them reads its cursors). */
    CURSOR_SIGNING_KEY: z.string().min(32),
    EMAIL_FROM: z.string().min(3).default("no-reply@tenantry.example"),
    EMAIL_DELIVERY: z.enum(["ses", "off"]).default("ses"),
    /** Base of links sent to people (verification, reset, invitations). */
    APP_BASE_URL: url.default("http://localhost:3000"),
    EMAIL_VERIFICATION_TTL_HOURS: positiveInt(48),
    PASSWORD_RESET_TTL_MINUTES: positiveInt(60),
    PASSWORD_RESETS_PER_HOUR: positiveInt(5),
    INVITATION_TTL_DAYS: positiveInt(7),
    INVITATIONS_PER_ACCOUNT_PER_HOUR: positiveInt(100),
    INVITATIONS_PER_INVITER_PER_HOUR: positiveInt(30),
    LOG_LEVEL: z.enum(["DEBUG", "INFO", "WARN", "ERROR"]).default("INFO"),
    /** Days between an erasure request and the erasure; the user can cancel within them. */
    PRIVACY_DELETION_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
    /** A user may ask for one data export per this many hours. */
    PRIVACY_EXPORT_WINDOW_HOURS: positiveInt(24),
    /** Queue items the privacy job reads per page. */
    PRIVACY_JOB_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(25),
    /** Queue entries one run of the privacy job works on at once (each collects from every service, then emails). */
    PRIVACY_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(16),
    /**
     * Emails (data exports) the privacy job sends per second, at most: keep it at or below the SES
     * account's maximum send rate (14/s when an account leaves the sandbox; raise both together),
     * or SES throttles and the exports wait for retries. Local runs have no such limit and set more.
     */
    PRIVACY_EMAIL_SEND_RATE: z.coerce.number().min(0.1).max(1000).default(14),
    /** How long a job run holds a request; longer than the slowest export takes, so no two runs send it. */
    PRIVACY_JOB_LEASE_SECONDS: positiveInt(300),
    /** Attempts at an export before it is marked failed. */
    PRIVACY_JOB_MAX_ATTEMPTS: positiveInt(5),
    /** How often a blocked erasure is checked again, and how long to wait for confirmations before asking again. */
    PRIVACY_ERASURE_RECHECK_MINUTES: positiveInt(60),
    /**
     * Per-client-address limits (shared/src/rate-limit/policies.ts), each `<limit>` per
     * `<window seconds>`; sized for a company behind one NAT address, where hundreds of sign-ins a
     * minute are normal, while stopping a sprayer of usernames or registrations.
     */
    SIGN_IN_CLIENT_LIMIT: positiveInt(600),
    SIGN_IN_CLIENT_WINDOW_SECONDS: positiveInt(60),
    PASSWORD_FORGOT_CLIENT_LIMIT: positiveInt(200),
    PASSWORD_FORGOT_CLIENT_WINDOW_SECONDS: positiveInt(3600),
    REGISTER_CLIENT_LIMIT: positiveInt(100),
    REGISTER_CLIENT_WINDOW_SECONDS: positiveInt(3600),
    INVITATION_PREVIEW_CLIENT_LIMIT: positiveInt(300),
    INVITATION_PREVIEW_CLIENT_WINDOW_SECONDS: positiveInt(60),
    /**
     * Progressive per-account sign-in lockout: after this many attempts without a success, each
     * further attempt locks the username for BASE seconds, doubling per attempt up to MAX; a
     * success (or a day without attempts) starts over.
     */
    SIGN_IN_LOCKOUT_FREE_ATTEMPTS: positiveInt(5),
    SIGN_IN_LOCKOUT_BASE_SECONDS: positiveInt(15),
    SIGN_IN_LOCKOUT_MAX_SECONDS: positiveInt(900),
    /** How long an SMS code works (SPEC 6.1: 10 minutes). */
    PHONE_CODE_TTL_SECONDS: positiveInt(600),
    /** How long after one SMS code the next may be sent (SPEC 6.1: 60 s). */
    PHONE_CODE_RESEND_SECONDS: positiveInt(60),
    /** SMS codes one user may have sent per hour, and one number may receive per day (whoever asks). */
    PHONE_CODES_PER_USER_PER_HOUR: positiveInt(5),
    PHONE_CODES_PER_NUMBER_PER_DAY: positiveInt(10),
    /** The bucket holding avatars (uploads under `avatars/pending/`, published ones under `avatars/public/`). */
    AVATAR_BUCKET_NAME: requiredText,
    /** Public base of published avatars (CloudFront in AWS, the S3 emulator's bucket URL locally); `avatarUrl` = base + "/" + key. */
    AVATAR_PUBLIC_BASE_URL: url,
    /**
     * The stage's external sign-in providers (OpenID Connect), a JSON array: id, displayName,
     * issuer, clientId, clientSecret (resolved from Secrets Manager at deployment), signUpAllowed,
     * emailAuthoritative. None by default.
     */
    OIDC_PROVIDERS: openIdProvidersSchema(),
    /** Path-style S3 addressing, for S3 endpoints without virtual-hosted buckets (the local emulator). */
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
    /** The support bot's username (without `@`): deep links are `https://t.me/<username>?start=<token>`. */
    TELEGRAM_BOT_USERNAME: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{4,31}$/, "a Telegram bot username (5-32 letters, digits, underscores)")
      .default("tenantry_support_bot"),
    /**
     * What Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (given to `setWebhook` as
     * `secret_token`). Unset, the webhook refuses every request: it never runs unguarded.
     */
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "16-256 letters, digits, underscores or dashes (Telegram's alphabet)")
      .optional(),
    /** Secrets Manager id of the bot token (AWS only; locally the bot's messages land in the dev outbox). */
    TELEGRAM_BOT_TOKEN_SECRET_ID: requiredText.optional(),
    /** How long a Telegram deep link's start token works (SPEC 6.6: 10 minutes). */
    TELEGRAM_LINK_TTL_SECONDS: positiveInt(600),
    /** Where support messages written to the Telegram bot are forwarded. */
    SUPPORT_EMAIL: z.email().default("support@tenantry.example"),
    /** The language of the emails support receives. */
    SUPPORT_LOCALE: z.enum(["en", "ru", "pl"]).default("en"),
  });
});
export type PlatformConfig = z.infer<ReturnType<typeof platformConfigSchema>>;

/** The platform configuration of this process, parsed on first use. */
export const platformConfig: () => PlatformConfig = onFirstUse(() => parseConfig(platformConfigSchema()));
