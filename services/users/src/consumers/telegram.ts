import type { EventHandlers } from "../../../../shared/src/events/consumer.ts";
import type { TelegramProjection } from "../ports/telegram-projection.ts";

/** TelegramLinked / TelegramUnlinked from notify: keep the profile's copy of the binding current. */
export const usersTelegramHandlers = (projection: TelegramProjection): EventHandlers => ({
  TelegramLinked: ({ data, occurredAt }) =>
    projection.record(
      data.userId,
      { linkedAt: data.linkedAt, ...(data.username ? { username: data.username } : {}) },
      occurredAt,
    ),
  TelegramUnlinked: ({ data, occurredAt }) => projection.record(data.userId, null, occurredAt),
});
