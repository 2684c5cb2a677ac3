import { escapeHtml } from "../shared/src/http/html.ts";

/** Every message the platform "sent" locally, in one shape for `/dev/outbox(.json)`. */
export interface OutboxMessage {
  id: string;
  channel: "email" | "sms" | "telegram";
  to: string;
  subject: string | null;
  text: string;
  links: string[];
  /** The message's custom headers by name (`X-Tenantry-Category`, `List-Unsubscribe`...); `{}` for SMS and Telegram. */
  headers: Record<string, string>;
  /** Each file with its bytes, base64, so a developer (or a test) can open what was sent. */
  attachments: Array<{ filename: string | null; contentType: string; size: number; content: string }>;
  sentAt: string;
}

interface SesStoreEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: Array<{ filename?: string; contentType: string; size: number; content: string }>;
  headers?: Array<{ name: string; value: string }>;
  at: number;
}

const linksIn = (text: string) => [...new Set(text.match(/https?:\/\/[^\s"'<>]+/g) ?? [])];

/** Emails come from the SES emulator's store; SMS and Telegram from the local adapters' records. */
export const readOutbox = async (sesEndpoint: string, otherMessages: OutboxMessage[]): Promise<OutboxMessage[]> => {
  const response = await fetch(`${sesEndpoint}/store`);
  const store = (await response.json()) as { emails: SesStoreEmail[] };
  const emails = store.emails.map(
    (email): OutboxMessage => ({
      id: email.messageId,
      channel: "email",
      to: email.destination.to.join(", "),
      subject: email.subject,
      text: email.body.text ?? "",
      links: linksIn(email.body.text ?? email.body.html ?? ""),
      headers: Object.fromEntries((email.headers ?? []).map((h) => [h.name, h.value])),
      attachments: email.attachments.map((a) => ({
        filename: a.filename ?? null,
        contentType: a.contentType,
        size: a.size,
        content: a.content,
      })),
      sentAt: new Date(email.at * 1000).toISOString(),
    }),
  );
  // Newest first; the emulator stamps whole seconds, so its insertion order breaks ties.
  return [...emails.reverse(), ...otherMessages].sort((a, b) => b.sentAt.localeCompare(a.sentAt));
};

export const renderOutboxPage = (messages: OutboxMessage[]) => `<!doctype html><html><head><meta charset="utf-8">
<title>Dev outbox</title><style>body{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto}
article{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:.5rem 0}pre{white-space:pre-wrap}</style></head><body>
<h1>Dev outbox</h1><p>${messages.length} message(s), newest first. JSON: <a href="/dev/outbox.json">/dev/outbox.json</a></p>
${messages
  .map(
    (m) => `<article><b>${escapeHtml(m.channel)}</b> to ${escapeHtml(m.to)} at ${escapeHtml(m.sentAt)}
<h3>${escapeHtml(m.subject ?? "")}</h3><pre>${escapeHtml(m.text)}</pre>
${m.links.map((l) => `<div><a href="${escapeHtml(l)}">${escapeHtml(l)}</a></div>`).join("")}
${m.attachments.map((a) => `<div>📎 ${escapeHtml(a.filename ?? "attachment")} (${escapeHtml(a.contentType)}, ${a.size} bytes)</div>`).join("")}</article>`,
  )
  .join("\n")}</body></html>`;
