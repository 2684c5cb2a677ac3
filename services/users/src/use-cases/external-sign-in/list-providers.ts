import type { UsersDependencies } from "../dependencies.ts";

/** `GET /v1/auth/providers`: what a sign-in page offers (never a client id or secret). */
export const listProviders = (deps: UsersDependencies) => ({
  items: deps.openIdProviders.list().map((provider) => ({
    provider: provider.id,
    displayName: provider.displayName,
    signUpAllowed: provider.signUpAllowed,
  })),
});
