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

const CHANNELS: Array<OutboxMessage["channel"]> = ["email", "sms", "telegram"];

/** The outbox page: every channel side by side, or one (`?channel=sms`). */
export const renderOutboxPage = (all: OutboxMessage[], channel?: string) => {
  const shown = CHANNELS.includes(channel as OutboxMessage["channel"]) ? channel : undefined;
  const messages = shown ? all.filter((m) => m.channel === shown) : all;
  const filter = [
    `<a href="/dev/outbox"${shown ? "" : ' aria-current="page"'}>all (${all.length})</a>`,
    ...CHANNELS.map(
      (c) =>
        `<a href="/dev/outbox?channel=${c}"${shown === c ? ' aria-current="page"' : ""}>${c} (${all.filter((m) => m.channel === c).length})</a>`,
    ),
  ].join(" · ");
  return `<!doctype html><html><head><meta charset="utf-8">
<title>Dev outbox</title><style>body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto}
table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #ddd;padding:.5rem;vertical-align:top;text-align:left}
pre{white-space:pre-wrap;margin:0}.channel{font-weight:bold;text-transform:uppercase;font-size:12px}
[aria-current]{font-weight:bold}</style></head><body>
<h1>Dev outbox</h1><p>${messages.length} message(s), newest first. Channel: ${filter}. JSON: <a href="/dev/outbox.json">/dev/outbox.json</a></p>
<table><thead><tr><th>channel</th><th>to</th><th>sent</th><th>message</th></tr></thead><tbody>
${messages
  .map(
    (
      m,
    ) => `<tr data-channel="${escapeHtml(m.channel)}"><td class="channel">${escapeHtml(m.channel)}</td><td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.sentAt)}</td><td>
${m.subject ? `<h3>${escapeHtml(m.subject)}</h3>` : ""}<pre>${escapeHtml(m.text)}</pre>
${m.links.map((l) => `<div><a href="${escapeHtml(l)}">${escapeHtml(l)}</a></div>`).join("")}
${Object.entries(m.headers)
  .filter(([name]) => name.toLowerCase().startsWith("list-"))
  .map(([name, value]) => `<div><code>${escapeHtml(name)}: ${escapeHtml(value)}</code></div>`)
  .join("")}
${m.attachments.map((a) => `<div>📎 ${escapeHtml(a.filename ?? "attachment")} (${escapeHtml(a.contentType)}, ${a.size} bytes)</div>`).join("")}</td></tr>`,
  )
  .join("\n")}</tbody></table></body></html>`;
};
