import * as z from "zod";
import { onFirstUse } from "../cold-start/on-first-use.ts";

/** A provider id as it appears in paths (`/v1/me/identities/{provider}`) and in stage config. */
export const providerIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, "lower-case letters, digits and dashes, starting with a letter");

/** One OpenID Connect provider of a stage (SPEC 6.1 external sign-in providers). */
export const openIdProviderSchema = onFirstUse(() =>
  z.strictObject({
    id: providerIdSchema,
    displayName: z.string().min(1).max(60),
    /** The provider's issuer; its discovery document is read from `<issuer>/.well-known/openid-configuration`. */
    issuer: z.url(),
    clientId: z.string().min(1),
    /** From Secrets Manager (resolved into the function's environment at deployment). */
    clientSecret: z.string().min(1),
    /** Whether someone unknown here may create a user by signing in with this provider. */
    signUpAllowed: z.boolean().default(false),
    /** Whether the provider owns the addresses it vouches for (Google for gmail.com, a company's own IdP). */
    emailAuthoritative: z.boolean().default(false),
  }),
);
export type OpenIdProviderConfig = z.infer<ReturnType<typeof openIdProviderSchema>>;

const providerListSchema = onFirstUse(() =>
  z
    .array(openIdProviderSchema())
    .refine(
      (providers) => new Set(providers.map((p) => p.id)).size === providers.length,
      "provider ids must be unique",
    ),
);

/**
 * `OIDC_PROVIDERS`: a JSON array of providers, unique by id. Only the users function is given any:
 * every other function parses the empty default, so the provider schema is built only for a list
 * that has something to check (and this one with the platform configuration, not at import).
 */
export const openIdProvidersSchema = onFirstUse(() =>
  z
    .string()
    .default("[]")
    .transform((text, ctx): OpenIdProviderConfig[] => {
      let providers: unknown;
      try {
        providers = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON array of providers" });
        return z.NEVER;
      }
      if (Array.isArray(providers) && providers.length === 0) return [];
      const checked = providerListSchema().safeParse(providers);
      if (checked.success) return checked.data;
      for (const issue of checked.error.issues) ctx.addIssue({ ...issue });
      return z.NEVER;
    }),
);
