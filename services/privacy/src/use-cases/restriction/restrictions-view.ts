import type { PrivacyDependencies } from "../dependencies.ts";

export const restrictionsView = async (deps: PrivacyDependencies, userId: string) => ({
  restrictions: (await deps.requests.restrictionsOf(userId))
    .map(({ scope, since }) => ({ scope, since }))
    .sort((a, b) => a.scope.localeCompare(b.scope)),
});
