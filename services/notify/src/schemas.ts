import * as z from "zod";
import { atLeastOneField } from "../../../shared/src/http/schemas.ts";
import { CHANNELS, MESSAGE_CATEGORIES } from "./domain/notification-preferences.ts";

const channelChoices = z.object(
  Object.fromEntries(CHANNELS.map((c) => [c, z.boolean()])) as Record<(typeof CHANNELS)[number], z.ZodBoolean>,
);

export const preferencesResponse = z
  .object({
    preferences: z.object(
      Object.fromEntries(MESSAGE_CATEGORIES.map((category) => [category, channelChoices])) as Record<
        (typeof MESSAGE_CATEGORIES)[number],
        typeof channelChoices
      >,
    ),
  })
  .meta({ id: "NotificationPreferences" });

/** A partial object: only the categories and channels named change. */
const partialChoices = atLeastOneField(
  z.strictObject(
    Object.fromEntries(CHANNELS.map((c) => [c, z.boolean().optional()])) as Record<
      (typeof CHANNELS)[number],
      z.ZodOptional<z.ZodBoolean>
    >,
  ),
);
export const preferencesChangeRequest = z
  .strictObject({
    preferences: atLeastOneField(
      z.strictObject(
        Object.fromEntries(MESSAGE_CATEGORIES.map((category) => [category, partialChoices.optional()])) as Record<
          (typeof MESSAGE_CATEGORIES)[number],
          z.ZodOptional<typeof partialChoices>
        >,
      ),
    ),
  })
  .meta({ id: "NotificationPreferencesChange" });

/** Sealed tokens are base64url with a dot; bounded so nothing huge reaches the HMAC. */
export const unsubscribeQuery = z.strictObject({ token: z.string().min(1).max(512) });
/** RFC 8058: a one-click POST carries `List-Unsubscribe=One-Click`. */
export const unsubscribeForm = z.strictObject({ "List-Unsubscribe": z.literal("One-Click").optional() });

const localizedText = (max: number) =>
  z.strictObject({
    en: z.string().trim().min(1).max(max),
    ru: z.string().trim().min(1).max(max).optional(),
    pl: z.string().trim().min(1).max(max).optional(),
  });
export const broadcastRequest = z
  .strictObject({
    category: z.literal("news"),
    // A subject is one header line: no control characters.
    subject: localizedText(200).refine(
      (text) => Object.values(text).every((line) => !/[\p{Cc}]/u.test(line ?? "")),
      "a subject is one line",
    ),
    body: localizedText(20_000),
  })
  .meta({ id: "BroadcastRequest" });
export const broadcastCreatedResponse = z.object({ broadcastId: z.string() });
export const broadcastParams = z.strictObject({ broadcastId: z.string().min(1).max(64) });
export const broadcastResponse = z
  .object({
    broadcastId: z.string(),
    category: z.literal("news"),
    status: z.enum(["queued", "sending", "completed"]),
    recipients: z.number().int(),
    sent: z.number().int(),
    createdAt: z.string(),
    completedAt: z.string().optional(),
  })
  .meta({ id: "Broadcast" });
