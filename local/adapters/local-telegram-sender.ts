import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ulid } from "ulid";
import type { TelegramSender } from "../../services/notify/src/ports/telegram-sender.ts";
import type { OutboxMessage } from "../dev-outbox.ts";

const linksIn = (text: string) => [...new Set(text.match(/https?:\/\/[^\s"'<>]+/g) ?? [])];

/**
 * Telegram has no emulator: locally each bot message lands in the dev outbox (`channel:
 * "telegram"`, `to` = the chat id), kept in a JSON-lines file under the data directory so it
 * survives restarts like the rest of `.local/`.
 */
export const localTelegramSender = (dataDir: string): TelegramSender & { messages(): OutboxMessage[] } => {
  const file = path.join(dataDir, "telegram-outbox.jsonl");
  return {
    async send({ chatId, text }) {
      const message: OutboxMessage = {
        id: ulid(),
        channel: "telegram",
        to: chatId,
        subject: null,
        text,
        links: linksIn(text),
        headers: {},
        attachments: [],
        sentAt: new Date().toISOString(),
      };
      mkdirSync(dataDir, { recursive: true });
      appendFileSync(file, `${JSON.stringify(message)}\n`);
    },
    messages() {
      if (!existsSync(file)) return [];
      return readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as OutboxMessage);
    },
  };
};
