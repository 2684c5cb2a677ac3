import { etagOf } from "../../../../../shared/src/http/etag.ts";
import { authorizeWith, governingAccount } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { memberResources } from "../resources/member-resources.ts";
import { memberView } from "../views.ts";
import { memberNotFound } from "./member-problems.ts";

/** One member with the phone on their profile and what they can use: the member and profile are read with the caller's access. */
export const getMember = async (deps: AccountsDependencies, caller: Caller, accountId: string, userId: string) => {
  const {
    access,
    target: { member, phone },
  } = await authorizeWith(deps, caller.auth.userId, accountId, "members.read", (reads) =>
    reads.memberWithProfile(accountId, userId),
  );
  if (!member) throw memberNotFound();
  const governing = await governingAccount(deps, access.account, [member]);
  return {
    view: {
      ...memberView(member, access.account, deps.config.AVATAR_PUBLIC_BASE_URL, governing),
      phone,
      resources: await memberResources(deps, member),
    },
    etag: etagOf(member.version),
  };
};
