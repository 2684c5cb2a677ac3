import type { EventHandlers } from "../events/consumer.ts";
import { outboxItem } from "../events/outbox.ts";
import type { EventData } from "../events/registry.ts";
import type { TableService } from "../table/entities.ts";
import type { PersonalDataProvider } from "./personal-data.ts";

/**
 * The handler every service runs for UserErasureRequested: erase its own data through its
 * personal-data provider, then confirm with UserErasureConfirmed. Erasing is idempotent, so a
 * redelivered request (or one the privacy job asks again) erases nothing more and confirms again.
 */
export const erasureHandlers = (
  provider: PersonalDataProvider,
  table: TableService,
  now: () => Date = () => new Date(),
): EventHandlers => ({
  UserErasureRequested: async ({ data }) => {
    const erasedItems = await provider.erase(data.userId);
    await table.entities.outboxEvent
      .put(
        outboxItem({
          type: "UserErasureConfirmed",
          now: now(),
          actor: { type: "system" },
          data: {
            requestId: data.requestId,
            userId: data.userId,
            // The contract enumerates the services that hold personal data; outboxItem checks it.
            service: provider.service as EventData<"UserErasureConfirmed">["service"],
            erasedItems,
          },
        }),
      )
      .go({ response: "none" });
  },
});
