import { api } from "../harness/api.ts";
import { linkThroughProvider, signInThroughProvider } from "../harness/openid-provider-browser.ts";

/** Signs in through the provider end to end: start, the provider's forms, the callback. */
export const signInWithProvider = (login: string) => signInThroughProvider(api, login);

/** Links the provider identity of `login` to the signed-in user end to end. */
export const linkProvider = (accessToken: string, login: string) => linkThroughProvider(api, accessToken, login);
