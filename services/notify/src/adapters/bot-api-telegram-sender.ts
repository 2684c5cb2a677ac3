import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { TelegramSender } from "../ports/telegram-sender.ts";

/** The Bot API's answer: `ok` false carries Telegram's reason (e.g. the person blocked the bot). */
interface BotApiResponse {
  ok: boolean;
  error_code?: number;
  description?: string;
}

export class TelegramSendFailed extends Error {
  override name = "TelegramSendFailed";
}

/**
 * The Telegram Bot API's `sendMessage` over fetch. The bot token is read from Secrets Manager
 * once per cold start (the first send), so rotating it takes effect with the next cold start.
 */
export const botApiTelegramSender = (
  { tokenSecretId, apiBaseUrl = "https://api.telegram.org" }: { tokenSecretId: string; apiBaseUrl?: string },
  secrets = new SecretsManagerClient({}),
  post: typeof fetch = fetch,
): TelegramSender => {
  let botToken: Promise<string> | undefined;
  const token = () => {
    botToken ??= secrets.send(new GetSecretValueCommand({ SecretId: tokenSecretId })).then((secret) => {
      if (!secret.SecretString) throw new TelegramSendFailed("The bot token secret has no value yet");
      return secret.SecretString.trim();
    });
    // A failed read is not cached: the next send asks again.
    botToken.catch(() => {
      botToken = undefined;
    });
    return botToken;
  };
  return {
    async send({ chatId, text }) {
      const response = await post(`${apiBaseUrl}/bot${await token()}/sendMessage`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ chat_id: chatId, text }),
        signal: AbortSignal.timeout(5000),
      });
      const answer = (await response.json().catch(() => ({ ok: false }))) as BotApiResponse;
      // The URL holds the token: only Telegram's status and reason go into the error.
      if (!answer.ok) throw new TelegramSendFailed(`sendMessage: ${answer.error_code ?? response.status}`);
    },
  };
};
