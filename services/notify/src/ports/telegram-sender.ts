/** Sends a text message to a Telegram chat through the bot (Bot API in AWS, the dev outbox locally). */
export interface TelegramSender {
  send(message: { chatId: string; text: string }): Promise<void>;
}
