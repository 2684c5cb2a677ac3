import { ulid } from "ulid";
import type { Access } from "./access.ts";

export interface RequestMetaForAudit {
  ip: string;
  userAgent: string;
  requestId: string;
}

/** An audit entry as written with the change it records. Ids only: no names or emails, so erasure leaves a pseudonym. */
export interface AuditEntry {
  accountId: string;
  entryId: string;
  action: string;
  actorType: "user" | "system" | "platform-admin";
  actorUserId?: string;
  actorVia?: string;
  actorAccountId?: string;
  targetType: string;
  targetId: string;
  changes?: Record<string, unknown>;
  ip?: string;
  userAgent?: string;
  requestId?: string;
  at: string;
}

/** Who did it, from where: the acting user, how they reached the account, and their partner/parent account. */
export const auditEntry = (input: {
  accountId: string;
  action: string;
  access: Access;
  target: { type: string; id: string };
  changes?: Record<string, unknown>;
  meta: RequestMetaForAudit;
  now: Date;
}): AuditEntry => {
  const { access } = input;
  const actorAccountId = access.via === "member" ? undefined : access.membership.accountId;
  return {
    accountId: input.accountId,
    entryId: ulid(input.now.getTime()),
    action: input.action,
    actorType: "user",
    actorUserId: access.userId,
    actorVia: access.via,
    ...(actorAccountId ? { actorAccountId } : {}),
    targetType: input.target.type,
    targetId: input.target.id,
    ...(input.changes ? { changes: input.changes } : {}),
    ip: input.meta.ip,
    userAgent: input.meta.userAgent.slice(0, 512),
    requestId: input.meta.requestId,
    at: input.now.toISOString(),
  };
};
