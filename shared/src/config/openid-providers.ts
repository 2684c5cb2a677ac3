import * as z from "zod";

/** A provider id as it appears in paths (`/v1/me/identities/{provider}`) and in stage config. */
export const providerIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, "lower-case letters, digits and dashes, starting with a letter");

/** One OpenID Connect provider of a stage (SPEC 6.1 external sign-in providers). */
export const openIdProviderSchema = z.strictObject({
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
});
export type OpenIdProviderConfig = z.infer<typeof openIdProviderSchema>;

/** `OIDC_PROVIDERS`: a JSON array of providers, unique by id. */
export const openIdProvidersSchema = z
  .string()
  .default("[]")
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON array of providers" });
      return z.NEVER;
    }
  })
  .pipe(z.array(openIdProviderSchema))
  .refine((providers) => new Set(providers.map((p) => p.id)).size === providers.length, "provider ids must be unique");
