import * as z from "zod";
import { onFirstUse } from "../../../shared/src/cold-start/on-first-use.ts";

// Each schema is built on first use (`LazySchema`, shared/src/http/route.ts): a cold start builds only
// the request schemas of the route it serves; response schemas are built by the OpenAPI generator alone.

export const telegramLinkResponse = onFirstUse(() =>
  z
    .object({
      deepLink: z
        .url()
        .describe("Open in Telegram (https://t.me/<bot>?start=<token>); the bot binds that chat. Works once."),
      expiresAt: z.iso.datetime().describe("When the link stops working (10 minutes after it was issued)"),
    })
    .meta({ id: "TelegramLink" }),
);

/**
 * Whatever Telegram posts: anything that is not an `Update` the bot understands is answered 200
 * and ignored (Telegram would redeliver it on an error), so the body is read by the use case.
 */
export const telegramUpdateBody = onFirstUse(() =>
  z
    .unknown()
    .describe("A Telegram Bot API `Update` object (https://core.telegram.org/bots/api#update)")
    .meta({ id: "TelegramUpdate" }),
);
