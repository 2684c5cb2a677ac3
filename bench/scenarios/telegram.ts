import { LOCAL_TELEGRAM_WEBHOOK_SECRET } from "../../local/platform.ts";
import { startTokenOf, TELEGRAM_SECRET_HEADER, textUpdate, uniqueChatId } from "../../test/harness/telegram-updates.ts";
import { type ScenarioContext, signUp } from "./sign-up.ts";

/** The bot's answers in a chat, from the dev outbox (channel telegram). */
const waitForBotAnswer = async (apiUrl: string, chatId: number, saying: string) => {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { items } = (await (await fetch(`${apiUrl}/dev/outbox.json`)).json()) as {
      items: Array<{ to: string; channel: string; text: string }>;
    };
    if (items.some((m) => m.channel === "telegram" && m.to === String(chatId) && m.text.includes(saying))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the bot never said "${saying}" in chat ${chatId}`);
};

/**
 * The Telegram support bot, every route once: a deep link, the `/start <token>` update that binds
 * the chat (posted as Telegram would, with the local runtime's webhook secret), then unlinking.
 */
export const telegramScenario = async ({ call, apiUrl }: ScenarioContext) => {
  const user = await signUp(call, apiUrl, "telegram");
  const link = await call("POST /v1/me/telegram/link", "POST", "/v1/me/telegram/link", { token: user.token });
  const chatId = uniqueChatId();
  await call("POST /v1/telegram/webhook (/start <token>)", "POST", "/v1/telegram/webhook", {
    body: textUpdate(chatId, `/start ${startTokenOf(link.body.deepLink)}`),
    headers: { [TELEGRAM_SECRET_HEADER]: LOCAL_TELEGRAM_WEBHOOK_SECRET },
  });
  await waitForBotAnswer(apiUrl, chatId, "now linked");
  await call("DELETE /v1/me/telegram", "DELETE", "/v1/me/telegram", { token: user.token });
};
