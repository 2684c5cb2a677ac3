import type { ErasureBlocker } from "../../../../../shared/src/privacy/personal-data.ts";
import type { PrivacyDependencies } from "../dependencies.ts";

/** What stops the user's erasure now, asked of every service. */
export const erasureBlockersOf = async (deps: PrivacyDependencies, userId: string): Promise<ErasureBlocker[]> =>
  (await Promise.all(deps.providers.map((provider) => provider.erasureBlockers(userId)))).flat();
