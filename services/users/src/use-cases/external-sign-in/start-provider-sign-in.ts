import type { UsersDependencies } from "../dependencies.ts";
import { providerOf, startAttempt } from "./authorization-attempts.ts";

export const startProviderSignIn = async (deps: UsersDependencies, providerId: string) =>
  startAttempt(deps, providerOf(deps, providerId), "sign-in");
