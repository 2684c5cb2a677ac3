import type { EventDetail } from "../../../../../shared/src/events/registry.ts";
import { emailTemplates } from "../../templates/email-templates.ts";
import type { NotifyDependencies } from "../notify-dependencies.ts";

/**
 * A partner report to each recipient, in their locale when notify knows it; the delivery policy
 * leaves out recipients who restricted processing.
 */
export const sendPartnerReport = async (deps: NotifyDependencies, event: EventDetail<"PartnerReportDue">) => {
  const { data } = event;
  for (const recipient of data.recipients) {
    const known = await deps.recipients.get(recipient.userId);
    const email = emailTemplates.partnerReport(known?.locale ?? "en", {
      fullName: recipient.fullName,
      partnerName: data.partnerName,
      managedAccountName: data.managedAccountName,
      report: data.report,
    });
    await deps.mailer.send({
      ...email,
      to: recipient.email,
      recipientUserId: recipient.userId,
      category: "partner_reports",
    });
  }
};
