import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ulid } from "ulid";
import type { SmsSender } from "../../services/notify/src/ports/sms-sender.ts";
import type { OutboxMessage } from "../dev-outbox.ts";

const linksIn = (text: string) => [...new Set(text.match(/https?:\/\/[^\s"'<>]+/g) ?? [])];

/**
 * SNS SMS has no emulator: locally each text lands in the dev outbox (`channel: "sms"`), kept in a
 * JSON-lines file under the data directory so it survives restarts like the rest of `.local/`.
 */
export const localSmsSender = (dataDir: string): SmsSender & { messages(): OutboxMessage[] } => {
  const file = path.join(dataDir, "sms-outbox.jsonl");
  return {
    async send({ to, text }) {
      const message: OutboxMessage = {
        id: ulid(),
        channel: "sms",
        to,
        subject: null,
        text,
        links: linksIn(text),
        headers: {},
        attachments: [],
        sentAt: new Date().toISOString(),
      };
      mkdirSync(dataDir, { recursive: true });
      appendFileSync(file, `${JSON.stringify(message)}\n`);
      return { messageId: message.id };
    },
    messages() {
      if (!existsSync(file)) return [];
      return readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .flatMap((line) => {
          // A line torn by a process killed while appending it is no message.
          try {
            return [JSON.parse(line) as OutboxMessage];
          } catch {
            return [];
          }
        });
    },
  };
};
