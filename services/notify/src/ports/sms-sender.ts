/** Sends a text message to a phone number (E.164). Amazon SNS in AWS; the dev outbox locally. */
export interface SmsSender {
  send(message: { to: string; text: string }): Promise<{ messageId: string }>;
}
