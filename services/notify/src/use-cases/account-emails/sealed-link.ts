import type { NotifyDependencies } from "../notify-dependencies.ts";

/**
 * The page a link in an email opens, carrying the token its event brought sealed for `purpose`:
 * opened only here, to go into the email, and never stored or logged.
 */
export const linkWithSealedToken = async (
  deps: Pick<NotifyDependencies, "sealer" | "appBaseUrl">,
  sealed: string,
  purpose: string,
  path: string,
) => {
  const url = new URL(path, deps.appBaseUrl);
  url.searchParams.set("token", await deps.sealer.open(sealed, purpose));
  return url.toString();
};
