import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDocumentClient } from "../../shared/src/aws/clients.ts";
import { onDynamoDbUsage } from "../../shared/src/observability/dynamodb-usage.ts";
import { createTableService } from "../../shared/src/table/entities.ts";
import { type ScenarioContext, signUpPlatformAdmin } from "./sign-up.ts";

/** How many users want news when the broadcast is sent. */
export const BROADCAST_SUBSCRIBERS = Number(process.env.BENCH_BROADCAST_SUBSCRIBERS ?? 1000);

export interface BroadcastThroughput {
  subscribers: number;
  recipients: number;
  sent: number;
  batches: number;
  roundTrips: number;
  seconds: number;
  heapBeforeMiB: number;
  heapAfterMiB: number;
  heapPeakMiB: number;
}

const LOCALES = ["en", "ru", "pl"] as const;
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * Users who chose news by email, written straight to the table as notify keeps them (recipient
 * copy, preferences, the subscribers' index); every tenth restricted marketing, so the decision
 * filters some out.
 */
const seedSubscribers = async (table: ReturnType<typeof createTableService>, count: number) => {
  const now = new Date().toISOString();
  const { recipient, notificationPreferences, newsSubscriber, notifyRestriction } = table.entities;
  const ids = Array.from({ length: count }, (_, n) => `bench-news-${String(n).padStart(5, "0")}`);
  for (let i = 0; i < ids.length; i += 25) {
    const chunk = ids.slice(i, i + 25);
    await Promise.all([
      recipient
        .put(
          chunk.map((userId, n) => ({
            userId,
            email: `${userId}@bench.example`,
            fullName: `Reader ${userId.slice(-5)}`,
            locale: LOCALES[(i + n) % LOCALES.length] ?? "en",
            updatedAt: now,
          })),
        )
        .go(),
      notificationPreferences
        .put(chunk.map((userId) => ({ userId, choices: { news: { email: true } }, version: 1, updatedAt: now })))
        .go(),
      newsSubscriber.put(chunk.map((userId) => ({ userId, since: now }))).go(),
      notifyRestriction
        .put(
          chunk
            .filter((_, n) => (i + n) % 10 === 0)
            .map((userId) => ({ userId, scope: "marketing" as const, since: now })),
        )
        .go(),
    ]);
  }
};

/**
 * A news broadcast to `BROADCAST_SUBSCRIBERS` users through the real fan-out (the bus delivers
 * each batch to notify, which sends through the SES emulator): DynamoDB round trips per
 * recipient (every `BroadcastBatchQueued` handled, counted by the client middleware), recipients
 * per second, and this process's heap before, at its peak and after.
 */
export const broadcastScenario = async ({ call, apiUrl, platform }: ScenarioContext): Promise<BroadcastThroughput> => {
  const admin = await signUpPlatformAdmin(call, apiUrl, platform, "broadcast-admin");
  const { adminToken } = admin;

  // The bench's own user, subscribed through the API.
  await call("GET /v1/me/notifications", "GET", "/v1/me/notifications", { token: admin.token });
  await call("PUT /v1/me/notifications (news on)", "PUT", "/v1/me/notifications", {
    token: admin.token,
    body: { preferences: { news: { email: true } } },
  });

  const table = createTableService(
    createDocumentClient(new DynamoDBClient({ endpoint: platform.endpoints.dynamodb })),
    platform.resources.tableName,
  );
  await seedSubscribers(table, BROADCAST_SUBSCRIBERS);

  let roundTrips = 0;
  let batches = 0;
  const stopListening = onDynamoDbUsage((label, usage) => {
    if (label !== "event BroadcastBatchQueued") return;
    roundTrips += usage.roundTrips;
    batches += 1;
  });
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const started = performance.now();
  try {
    const created = await call("POST /v1/platform/broadcasts", "POST", "/v1/platform/broadcasts", {
      token: adminToken,
      body: {
        category: "news",
        subject: { en: "Bench news", ru: "Новости", pl: "Wiadomości" },
        body: { en: "Hello.", ru: "Привет.", pl: "Cześć." },
      },
    });
    const { broadcastId } = created.body as { broadcastId: string };
    for (;;) {
      const progress = await fetch(`${apiUrl}/v1/platform/broadcasts/${broadcastId}`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const body = (await progress.json()) as { status: string; recipients: number; sent: number };
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      if (body.status === "completed") {
        const seconds = (performance.now() - started) / 1000;
        await call("GET /v1/platform/broadcasts/{id}", "GET", `/v1/platform/broadcasts/${broadcastId}`, {
          token: adminToken,
        });
        return {
          subscribers: BROADCAST_SUBSCRIBERS + 1,
          recipients: body.recipients,
          sent: body.sent,
          batches,
          roundTrips,
          seconds,
          heapBeforeMiB: mib(heapBefore),
          heapAfterMiB: mib(process.memoryUsage().heapUsed),
          heapPeakMiB: mib(heapPeak),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    stopListening();
  }
};
