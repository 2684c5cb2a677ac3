import type { DataExportDelivery } from "../../../../shared/src/privacy/personal-data.ts";
import type { Mailer } from "../ports/mailer.ts";
import { privacyEmailTemplates } from "../templates/privacy-email-templates.ts";

/** Sends a data export as a CSV attachment, worded in the recipient's locale. */
export const dataExportDelivery = (mailer: Mailer): DataExportDelivery => ({
  async deliver(message) {
    const email = privacyEmailTemplates.dataExport(message.locale, {
      fullName: message.fullName,
      requestedAt: message.requestedAt,
    });
    return mailer.send({
      ...email,
      to: message.to,
      category: "account",
      // The user asked for it at this address.
      boundTo: "email",
      attachments: [{ filename: message.filename, contentType: "text/csv; charset=utf-8", content: message.csv }],
    });
  },
});
