import { ulid } from "ulid";
import { problem } from "../../../../../shared/src/http/problem.ts";
import type { AccountFacts } from "../../domain/access.ts";
import type { AuditEntry } from "../../domain/audit.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";

/** Provider support acts on any account; each action lands in that account's audit log as a platform-admin action. */
export const platformAudit = (
  caller: Caller,
  accountId: string,
  action: string,
  changes: Record<string, unknown>,
  now: Date,
): AuditEntry => ({
  accountId,
  entryId: ulid(now.getTime()),
  action,
  actorType: "platform-admin",
  actorUserId: caller.auth.userId,
  targetType: "account",
  targetId: accountId,
  changes,
  ip: caller.meta.ip,
  userAgent: caller.meta.userAgent.slice(0, 512),
  requestId: caller.meta.requestId,
  at: now.toISOString(),
});

/** An account provider support acts on: any live one. */
export const loadAccount = async (deps: AccountsDependencies, accountId: string) =>
  liveAccount((await deps.accounts.accountsByIds([accountId]))[0]);

/** The account read for provider support, if it is live (else 404). */
export const liveAccount = (account: AccountFacts | undefined): AccountFacts => {
  if (!account || account.status !== "active") throw problem.notFound("No such account.");
  return account;
};
