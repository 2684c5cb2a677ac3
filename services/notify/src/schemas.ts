import * as z from "zod";
import { onFirstUse } from "../../../shared/src/cold-start/on-first-use.ts";
import { atLeastOneField } from "../../../shared/src/http/schemas.ts";
import { CHANNELS, MESSAGE_CATEGORIES } from "./domain/notification-preferences.ts";

// Each schema is built on first use (`LazySchema`, shared/src/http/route.ts): a cold start builds only
// the request schemas of the route it serves; response schemas are built by the OpenAPI generator alone.

const channelChoices = onFirstUse(() =>
  z.object(
    Object.fromEntries(CHANNELS.map((c) => [c, z.boolean()])) as Record<(typeof CHANNELS)[number], z.ZodBoolean>,
  ),
);

export const preferencesResponse = onFirstUse(() =>
  z
    .object({
      preferences: z.object(
        Object.fromEntries(MESSAGE_CATEGORIES.map((category) => [category, channelChoices()])) as Record<
          (typeof MESSAGE_CATEGORIES)[number],
          ReturnType<typeof channelChoices>
        >,
      ),
    })
    .meta({ id: "NotificationPreferences" }),
);

/** A partial object: only the categories and channels named change. */
const partialChoices = onFirstUse(() =>
  atLeastOneField(
    z.strictObject(
      Object.fromEntries(CHANNELS.map((c) => [c, z.boolean().optional()])) as Record<
        (typeof CHANNELS)[number],
        z.ZodOptional<z.ZodBoolean>
      >,
    ),
  ),
);
export const preferencesChangeRequest = onFirstUse(() =>
  z
    .strictObject({
      preferences: atLeastOneField(
        z.strictObject(
          Object.fromEntries(MESSAGE_CATEGORIES.map((category) => [category, partialChoices().optional()])) as Record<
            (typeof MESSAGE_CATEGORIES)[number],
            z.ZodOptional<ReturnType<typeof partialChoices>>
          >,
        ),
      ),
    })
    .meta({ id: "NotificationPreferencesChange" }),
);

/** Sealed tokens are base64url with a dot; bounded so nothing huge reaches the HMAC. */
export const unsubscribeQuery = onFirstUse(() => z.strictObject({ token: z.string().min(1).max(512) }));
/** RFC 8058: a one-click POST carries `List-Unsubscribe=One-Click`. */
export const unsubscribeForm = onFirstUse(() =>
  z.strictObject({ "List-Unsubscribe": z.literal("One-Click").optional() }),
);

const localizedText = (max: number) =>
  z.strictObject({
    en: z.string().trim().min(1).max(max),
    ru: z.string().trim().min(1).max(max).optional(),
    pl: z.string().trim().min(1).max(max).optional(),
  });
export const broadcastRequest = onFirstUse(() =>
  z
    .strictObject({
      category: z.literal("news"),
      // A subject is one header line: no control characters.
      subject: localizedText(200).refine(
        (text) => Object.values(text).every((line) => !/[\p{Cc}]/u.test(line ?? "")),
        "a subject is one line",
      ),
      body: localizedText(20_000),
    })
    .meta({ id: "BroadcastRequest" }),
);
export const broadcastCreatedResponse = onFirstUse(() => z.object({ broadcastId: z.string() }));
export const broadcastParams = onFirstUse(() => z.strictObject({ broadcastId: z.string().min(1).max(64) }));
export const broadcastResponse = onFirstUse(() =>
  z
    .object({
      broadcastId: z.string(),
      category: z.literal("news"),
      status: z.enum(["queued", "sending", "completed"]),
      recipients: z.number().int(),
      sent: z.number().int(),
      createdAt: z.string(),
      completedAt: z.string().optional(),
    })
    .meta({ id: "Broadcast" }),
);
