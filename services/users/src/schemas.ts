import * as z from "zod";
import { onFirstUse } from "../../../shared/src/cold-start/on-first-use.ts";
import { providerIdSchema } from "../../../shared/src/config/openid-providers.ts";
import { nameSchema } from "../../../shared/src/http/name-schema.ts";
import { atLeastOneField, emailSchema, localeSchema, paginationQuery } from "../../../shared/src/http/schemas.ts";
import { phoneNumberSchema, phoneStatusSchema } from "../../../shared/src/identity/phone-number.ts";
import { machineScopes } from "../../../shared/src/identity/user-pool-definition.ts";
import { AVATAR_CONTENT_TYPES, AVATAR_MAX_BYTES } from "./domain/avatar.ts";
import { SECURITY_ACTIVITY_TYPES } from "./ports/security-activity.ts";

// Each schema is built on first use (`LazySchema`, shared/src/http/route.ts): a cold start builds only
// the request schemas of the route it serves; response schemas are built by the OpenAPI generator alone.

const password = onFirstUse(() => z.string().min(1).max(256));
const fullName = onFirstUse(() => nameSchema());
const linkToken = onFirstUse(() => z.string().min(16).max(128));
/** An IANA time zone name the runtime knows. */
const timezone = onFirstUse(() =>
  z
    .string()
    .max(64)
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Europe/Warsaw"),
);

export const registerRequest = onFirstUse(() =>
  z
    .strictObject({
      email: emailSchema(),
      password: password(),
      fullName: fullName(),
      accountName: nameSchema(),
      locale: localeSchema().optional(),
    })
    .meta({ id: "RegisterRequest" }),
);
export const registerResponse = onFirstUse(() => z.object({ userId: z.string(), accountId: z.string() }));

export const tokenRequest = onFirstUse(() => z.strictObject({ token: linkToken() }));
export const emailRequest = onFirstUse(() => z.strictObject({ email: emailSchema() }));

export const loginRequest = onFirstUse(() =>
  z.strictObject({ username: z.string().trim().min(1).max(254), password: password() }).meta({ id: "LoginRequest" }),
);
export const tokensResponse = onFirstUse(() =>
  z
    .object({
      accessToken: z.string(),
      idToken: z.string(),
      refreshToken: z.string().optional(),
      expiresIn: z.number(),
    })
    .meta({ id: "Tokens" }),
);
export const loginResponse = onFirstUse(() =>
  z.union([tokensResponse(), z.object({ challenge: z.literal("totp"), session: z.string() })]),
);
export const refreshRequest = onFirstUse(() => z.strictObject({ refreshToken: z.string().min(1).max(4096) }));

export const forgotPasswordRequest = onFirstUse(() => z.strictObject({ username: z.string().trim().min(1).max(254) }));
export const resetPasswordRequest = onFirstUse(() => z.strictObject({ token: linkToken(), newPassword: password() }));

export const profileResponse = onFirstUse(() =>
  z
    .object({
      userId: z.string(),
      email: z.string().nullable(),
      login: z.string().nullable(),
      fullName: z.string(),
      locale: localeSchema(),
      timezone: z.string().nullable(),
      avatarUrl: z.url().nullable().describe("The published avatar, fetchable without a bearer token; null when none"),
      emailVerified: z.boolean(),
      isOwner: z.boolean(),
      platformAdmin: z.boolean(),
      phone: phoneStatusSchema(),
      mfa: z.object({ totp: z.boolean().describe("TOTP two-factor sign-in is on") }),
      telegram: z
        .object({
          linked: z.literal(true),
          username: z.string().optional().describe("The Telegram @username, when the person has one"),
          linkedAt: z.iso.datetime(),
        })
        .nullable()
        .describe("The Telegram chat linked to the support bot (POST /v1/me/telegram/link); null when none"),
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
    .meta({ id: "Profile" }),
);

export const updateProfileRequest = onFirstUse(() =>
  atLeastOneField(
    z.strictObject({
      fullName: fullName().optional(),
      locale: localeSchema().optional(),
      timezone: timezone().optional(),
    }),
  ),
);

export const healthQuery = onFirstUse(() =>
  z.strictObject({
    deep: z
      .enum(["true", "false"])
      .optional()
      .describe(
        "Also ask each dependency (table, identity provider) for an answer; without it health answers from memory",
      ),
  }),
);
export const healthResponse = onFirstUse(() =>
  z.object({
    status: z
      .enum(["ok", "degraded", "starting"])
      .describe(
        "`starting` (503) only from the local runtime while it provisions and seeds; `degraded` (503) when a deep check finds a dependency failing",
      ),
    dependencies: z
      .record(z.string(), z.enum(["ok", "failing"]))
      .optional()
      .describe("Each dependency's answer; only with `deep=true`"),
  }),
);

export const setPhoneRequest = onFirstUse(() =>
  z.strictObject({ phone: phoneNumberSchema() }).meta({ id: "SetPhoneRequest" }),
);
export const phoneResponse = onFirstUse(() =>
  z.object({ number: z.string(), status: z.enum(["unconfirmed", "confirmed"]) }).meta({ id: "PhoneStatus" }),
);
export const phoneCodeSentResponse = onFirstUse(() =>
  z
    .object({
      expiresAt: z.string().describe("When the code stops working"),
      resendAfter: z.string().describe("When another code may be sent"),
    })
    .meta({ id: "PhoneCodeSent" }),
);
export const phoneCodeRequest = onFirstUse(() =>
  z
    .strictObject({ code: z.string().regex(/^\d{6}$/, "the 6-digit code from the SMS") })
    .meta({ id: "PhoneCodeRequest" }),
);

export const platformUserParams = onFirstUse(() =>
  z.strictObject({
    userId: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9-]+$/, "not a valid id"),
  }),
);
export const platformUpdateUserRequest = onFirstUse(() =>
  atLeastOneField(z.strictObject({ email: emailSchema().optional(), fullName: fullName().optional() })).meta({
    id: "PlatformUpdateUserRequest",
  }),
);
export const platformUserResponse = onFirstUse(() =>
  z
    .object({
      userId: z.string(),
      email: z.string().nullable(),
      login: z.string().nullable(),
      fullName: z.string(),
      emailVerified: z.boolean(),
      phone: phoneStatusSchema(),
    })
    .meta({ id: "PlatformUser" }),
);
const totpCode = onFirstUse(() => z.string().regex(/^\d{6}$/, "must be the 6-digit code from the authenticator app"));

export const loginMfaRequest = onFirstUse(() =>
  z.strictObject({ session: z.string().min(1).max(8192), code: totpCode() }).meta({ id: "LoginMfaRequest" }),
);

export const totpEnrolmentResponse = onFirstUse(() =>
  z
    .object({
      secret: z.string().describe("Base32 secret, for typing into an authenticator app by hand"),
      otpauthUri: z.string().describe("otpauth://totp/... URI"),
      qrSvg: z.string().describe("The otpauth URI as a QR code (SVG markup)"),
    })
    .meta({ id: "TotpEnrolment" }),
);
export const totpCodeRequest = onFirstUse(() => z.strictObject({ code: totpCode() }).meta({ id: "TotpCodeRequest" }));

export const sessionsResponse = onFirstUse(() =>
  z
    .object({
      items: z.array(
        z.object({
          sessionId: z.string(),
          createdAt: z.string(),
          lastUsedAt: z.string().describe("Sign-in or the last token refresh"),
          ip: z.string(),
          userAgent: z.string(),
          current: z.boolean().describe("The session the calling access token belongs to"),
        }),
      ),
    })
    .meta({ id: "Sessions" }),
);
export const sessionParams = onFirstUse(() =>
  z.strictObject({
    sessionId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "not a session id"),
  }),
);

export const activityResponse = onFirstUse(() =>
  z
    .object({
      items: z.array(
        z.object({
          type: z.enum(SECURITY_ACTIVITY_TYPES),
          at: z.string(),
          ip: z.string(),
          userAgent: z.string(),
        }),
      ),
      nextCursor: z.string().nullable(),
    })
    .meta({ id: "SecurityActivity" }),
);
export const avatarUploadRequest = onFirstUse(() =>
  z
    .strictObject({
      contentType: z.enum(AVATAR_CONTENT_TYPES),
      contentLength: z
        .number()
        .int()
        .min(1)
        .max(AVATAR_MAX_BYTES)
        .describe("Exact size of the image in bytes (at most 1 MiB)"),
    })
    .meta({ id: "AvatarUploadRequest" }),
);
export const avatarUploadResponse = onFirstUse(() =>
  z
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
    .meta({ id: "AvatarUpload" }),
);
export const avatarConfirmResponse = onFirstUse(() => z.object({ avatarUrl: z.url() }).meta({ id: "AvatarConfirmed" }));

/** Cognito app client names allow only these characters; the prefix marking machine clients takes 8 of 128. */
const machineClientName = onFirstUse(() =>
  nameSchema(100).regex(/^[\w\s+=,.@-]+$/, "letters, digits, spaces and + = , . @ _ - only"),
);
export const machineClientRequest = onFirstUse(() =>
  z
    .strictObject({
      name: machineClientName().meta({
        description: "What the client is, e.g. the app that will call",
        example: "billing-app",
      }),
      scopes: z
        .array(z.enum(machineScopes))
        .min(1)
        .max(machineScopes.length)
        .refine((scopes) => new Set(scopes).size === scopes.length, "each scope once"),
    })
    .meta({ id: "MachineClientRequest" }),
);
export const machineClientSchema = onFirstUse(() =>
  z
    .object({
      clientId: z.string(),
      name: z.string(),
      scopes: z.array(z.string()),
      createdAt: z.iso.datetime(),
    })
    .meta({ id: "MachineClient" }),
);
export const machineClientCreatedResponse = onFirstUse(() =>
  z
    .object({
      clientId: z.string(),
      clientSecret: z
        .string()
        .meta({ description: "Shown once: Tenantry keeps no copy; delete the client if it is lost" }),
      tokenUrl: z
        .url()
        .meta({ description: "POST `grant_type=client_credentials` here (HTTP Basic client id and secret)" }),
      name: z.string(),
      scopes: z.array(z.string()),
      createdAt: z.iso.datetime(),
    })
    .meta({ id: "MachineClientCreated" }),
);
export const machineClientParams = onFirstUse(() =>
  z.strictObject({
    clientId: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\w+]+$/, "not a valid client id"),
  }),
);
/** ListUserPoolClients returns at most 60 clients a page. */
export const machineClientsQuery = onFirstUse(() =>
  z.strictObject({
    limit: z.coerce.number().int().min(1).max(60).default(25),
    cursor: paginationQuery().shape.cursor,
  }),
);
export const providersResponse = onFirstUse(() =>
  z
    .object({
      items: z.array(
        z.object({
          provider: z.string().describe("Id used in the provider paths"),
          displayName: z.string(),
          signUpAllowed: z.boolean().describe("Whether someone new may create a user by signing in with it"),
        }),
      ),
    })
    .meta({ id: "SignInProviders" }),
);
export const providerParams = onFirstUse(() => z.strictObject({ provider: providerIdSchema }));
export const authorizationStartResponse = onFirstUse(() =>
  z
    .object({
      authorizationUrl: z.url().describe("Send the user here; the provider sends them back to the redirect URI"),
      expiresAt: z.iso.datetime(),
    })
    .meta({ id: "AuthorizationStart" }),
);
export const providerCallbackRequest = onFirstUse(() =>
  z
    .strictObject({
      code: z.string().min(1).max(2048),
      state: z.string().min(16).max(256),
      iss: z.url().optional().describe("The `iss` parameter of the provider's answer (RFC 9207), when it sends one"),
    })
    .meta({ id: "ProviderCallback" }),
);
export const linkedIdentity = onFirstUse(() =>
  z
    .object({ provider: z.string(), subject: z.string(), email: z.string().optional(), linkedAt: z.string() })
    .meta({ id: "LinkedIdentity" }),
);
export const identitiesResponse = onFirstUse(() =>
  z.object({ items: z.array(linkedIdentity()) }).meta({ id: "LinkedIdentities" }),
);
