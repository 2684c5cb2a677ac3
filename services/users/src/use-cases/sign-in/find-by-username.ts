import type { UserProfile } from "../../ports/user-store.ts";
import type { UsersDependencies } from "../dependencies.ts";

export const findByUsername = async (deps: UsersDependencies, username: string): Promise<UserProfile | undefined> => {
  const kind = username.includes("@") ? "email" : "login";
  const login = await deps.store.findLogin(kind, username.toLowerCase());
  return login ? deps.store.getProfile(login.userId) : undefined;
};
