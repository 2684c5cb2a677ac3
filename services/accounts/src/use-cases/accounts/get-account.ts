import { etagOf } from "../../../../../shared/src/http/etag.ts";
import { authorize } from "../access/resolve-access.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { accountView } from "../views.ts";

export const getAccount = async (deps: AccountsDependencies, caller: Caller, accountId: string) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "account.read");
  return { view: accountView(access.account, access), etag: etagOf(access.account.version) };
};
