import { randomInt } from "node:crypto";
import { api, type OutboxMessage, waitForMessage } from "../harness/api.ts";

/** A valid Polish mobile number no other test uses (the 60x range is mobile in Poland). */
export const uniquePhone = () => `+4860${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;

/** The 6-digit code in an SMS text. */
export const codeIn = (message: OutboxMessage) => {
  const code = message.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`No code in SMS: ${message.text}`);
  return code;
};

/** Waits for the `skip`-th SMS (oldest first) to `number` and returns its code and message. */
export const smsCode = async (number: string, skip = 0) => {
  const message = await waitForMessage(number, (m) => m.channel === "sms", { skip });
  return { code: codeIn(message), message };
};

/** Any 6-digit code other than `code`. */
export const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

/** Sets `number` on the user and confirms it with the SMS code: a user with a confirmed phone. */
export const confirmPhone = async (token: string, number: string) => {
  const set = await api("PUT", "/v1/me/phone", { token, body: { phone: number } });
  if (set.status !== 200) throw new Error(`set phone: ${set.status} ${JSON.stringify(set.body)}`);
  const sent = await api("POST", "/v1/me/phone/verification", { token });
  if (sent.status !== 202) throw new Error(`send code: ${sent.status} ${JSON.stringify(sent.body)}`);
  const { code } = await smsCode(number);
  const confirmed = await api("POST", "/v1/me/phone/verification/confirm", { token, body: { code } });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
};
