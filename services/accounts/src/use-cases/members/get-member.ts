import { etagOf } from "../../../../../shared/src/http/etag.ts";
import { authorize, governingAccount } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { memberResources } from "../resources/member-resources.ts";
import { memberView } from "../views.ts";
import { memberNotFound } from "./member-problems.ts";

export const getMember = async (deps: AccountsDependencies, caller: Caller, accountId: string, userId: string) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "members.read");
  const { member, phone } = await deps.memberPhones.memberWithPhone(accountId, userId);
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
