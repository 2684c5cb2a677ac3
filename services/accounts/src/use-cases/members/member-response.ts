import { etagOf } from "../../../../../shared/src/http/etag.ts";
import type { AccountFacts } from "../../domain/access.ts";
import type { Member } from "../../domain/member.ts";
import { governingAccount } from "../access/resolve-access.ts";
import type { AccountsDependencies } from "../dependencies.ts";
import { memberView } from "../views.ts";

/** A member as a change answers with it: the view (avatar, suspension by the governing account) and its ETag. */
export const memberResponse = async (deps: AccountsDependencies, account: AccountFacts, member: Member) => ({
  view: memberView(
    member,
    account,
    deps.config.AVATAR_PUBLIC_BASE_URL,
    await governingAccount(deps, account, [member]),
  ),
  etag: etagOf(member.version),
});
