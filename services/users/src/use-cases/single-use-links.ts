import { hashLinkToken } from "../../../../shared/src/crypto/link-token.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { type LinkPurpose, LinkUnusable, type UserStore } from "../ports/user-store.ts";
import type { UsersDependencies } from "./dependencies.ts";

/** An emailed link (verification, password reset) that expired, was used, or never existed: all look alike. */
export const linkGone = () =>
  problem.gone("link_unusable", "This link has expired or was already used; request a new one.");

/** The link a token names, when it is of `purpose` and its user still exists; `link_unusable` otherwise. */
export const openLink = async (deps: UsersDependencies, token: string, purpose: LinkPurpose) => {
  const tokenHash = hashLinkToken(token);
  const record = await deps.store.findLinkToken(tokenHash);
  if (record?.purpose !== purpose) throw linkGone();
  const profile = await deps.store.getProfile(record.userId);
  if (!profile) throw linkGone();
  return { tokenHash, profile };
};

/** Spends a link (a conditional write, so it works once and only before its expiry), with its effects. */
export const spendLink = async (deps: UsersDependencies, input: Parameters<UserStore["useLinkToken"]>[0]) => {
  try {
    await deps.store.useLinkToken(input);
  } catch (error) {
    if (error instanceof LinkUnusable) throw linkGone();
    throw error;
  }
};
