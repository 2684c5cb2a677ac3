import { z } from "zod";
import { emailSchema, localeSchema } from "../../../shared/src/http/schemas.ts";
import { AVATAR_CONTENT_TYPES, AVATAR_MAX_BYTES } from "./domain/avatar.ts";

const password = z.string().min(1).max(256);
const fullName = z.string().trim().min(1).max(200);
const linkToken = z.string().min(16).max(128);
/** An IANA time zone name the runtime knows. */
const timezone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Europe/Warsaw");

export const registerRequest = z
  .strictObject({
    email: emailSchema,
    password,
    fullName,
    accountName: z.string().trim().min(1).max(200),
    locale: localeSchema.optional(),
  })
  .meta({ id: "RegisterRequest" });
export const registerResponse = z.object({ userId: z.string(), accountId: z.string() });

export const tokenRequest = z.strictObject({ token: linkToken });
export const emailRequest = z.strictObject({ email: emailSchema });

export const loginRequest = z
  .strictObject({ username: z.string().trim().min(1).max(254), password })
  .meta({ id: "LoginRequest" });
export const tokensResponse = z
  .object({
    accessToken: z.string(),
    idToken: z.string(),
    refreshToken: z.string().optional(),
    expiresIn: z.number(),
  })
  .meta({ id: "Tokens" });
export const loginResponse = z.union([tokensResponse, z.object({ challenge: z.literal("totp"), session: z.string() })]);
export const refreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(4096) });

export const forgotPasswordRequest = z.strictObject({ username: z.string().trim().min(1).max(254) });
export const resetPasswordRequest = z.strictObject({ token: linkToken, newPassword: password });

export const profileResponse = z
  .object({
    userId: z.string(),
    email: z.string().nullable(),
    login: z.string().nullable(),
    fullName: z.string(),
    locale: localeSchema,
    timezone: z.string().nullable(),
    avatarUrl: z.url().nullable().describe("The published avatar, fetchable without a bearer token; null when none"),
    emailVerified: z.boolean(),
    isOwner: z.boolean(),
    platformAdmin: z.boolean(),
    createdAt: z.string(),
    actionRequired: z
      .array(
        z.object({
          type: z.literal("accept_policy"),
          policyId: z.string(),
          title: z.string(),
          version: z.number().int(),
        }),
      )
      .optional()
      .describe("What the user must do before going on: required policies whose current version awaits acceptance"),
  })
  .meta({ id: "Profile" });

export const updateProfileRequest = z
  .strictObject({ fullName: fullName.optional(), locale: localeSchema.optional(), timezone: timezone.optional() })
  .refine((body) => Object.keys(body).length > 0, "at least one field is required");

export const healthResponse = z.object({
  status: z.enum(["ok", "degraded"]),
  dependencies: z.record(z.string(), z.enum(["ok", "failing"])),
});

export const avatarUploadRequest = z
  .strictObject({
    contentType: z.enum(AVATAR_CONTENT_TYPES),
    contentLength: z
      .number()
      .int()
      .min(1)
      .max(AVATAR_MAX_BYTES)
      .describe("Exact size of the image in bytes (at most 1 MiB)"),
  })
  .meta({ id: "AvatarUploadRequest" });
export const avatarUploadResponse = z
  .object({
    uploadUrl: z.url(),
    method: z.enum(["PUT", "POST"]),
    headers: z
      .record(z.string(), z.string())
      .optional()
      .describe("Send these headers unchanged: the type and size are part of the signature"),
    fields: z.record(z.string(), z.string()).optional(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "AvatarUpload" });
export const avatarConfirmResponse = z.object({ avatarUrl: z.url() }).meta({ id: "AvatarConfirmed" });
