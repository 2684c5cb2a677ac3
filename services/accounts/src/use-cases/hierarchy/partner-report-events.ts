import type { OutboxEntry } from "../../../../../shared/src/events/outbox.ts";
import { outboxItem } from "../../../../../shared/src/events/outbox.ts";
import type { Actor } from "../../../../../shared/src/events/registry.ts";
import { type AccountFacts, shapeOf } from "../../domain/access.ts";
import { effectiveRights } from "../../domain/rights.ts";
import type { AccountsDependencies } from "../dependencies.ts";

export type PartnerReport = "created" | "owner_joined" | "delegation_disabled" | "deleted";

/**
 * The event that makes notify email a partner's report recipients (members holding
 * `partner.reports.receive`) about one of its managed accounts; none when nobody receives reports.
 */
export const partnerReportEvents = async (
  deps: Pick<AccountsDependencies, "accounts" | "members">,
  managed: { accountId: string; name: string; managedBy?: string },
  report: PartnerReport,
  now: Date,
  actor: Actor,
  /** The partner's account when the caller has read it already. */
  partnerRead?: AccountFacts,
): Promise<OutboxEntry[]> => {
  if (!managed.managedBy) return [];
  const [[partner], members] = await Promise.all([
    partnerRead?.accountId === managed.managedBy ? [partnerRead] : deps.accounts.accountsByIds([managed.managedBy]),
    deps.members.allMembers(managed.managedBy),
  ]);
  if (!partner || partner.status !== "active" || partner.kind !== "partner") return [];
  const recipients = members
    .filter(
      (m) =>
        m.status === "active" &&
        m.email &&
        effectiveRights(m.role, m.rightsOverrides, shapeOf(partner)).has("partner.reports.receive"),
    )
    .map((m) => ({ userId: m.userId, email: m.email as string, fullName: m.fullName }));
  if (recipients.length === 0) return [];
  return [
    outboxItem({
      type: "PartnerReportDue",
      now,
      accountId: partner.accountId,
      actor,
      data: {
        partnerAccountId: partner.accountId,
        partnerName: partner.name,
        managedAccountId: managed.accountId,
        managedAccountName: managed.name,
        report,
        recipients,
      },
    }),
  ];
};
