import { marshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBRecord, EventBridgeEvent } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { type ConsumedEventLedger, dispatchEvent } from "../../shared/src/events/consumer.ts";
import { outboxItem } from "../../shared/src/events/outbox.ts";
import { consumerPatternFor, eventContracts } from "../../shared/src/events/registry.ts";
import { relayRecords } from "../../shared/src/events/relay.ts";
import { createLogger } from "../../shared/src/observability/logger.ts";

const now = new Date("2026-11-22T10:00:00Z");
const logger = createLogger("test");

const memoryLedger = (): ConsumedEventLedger & { state: Map<string, string> } => {
  const state = new Map<string, string>();
  return {
    state,
    async claim(consumer, eventId) {
      const key = `${consumer}#${eventId}`;
      if (state.has(key)) return false;
      state.set(key, "in_progress");
      return true;
    },
    async complete(consumer, eventId) {
      state.set(`${consumer}#${eventId}`, "done");
    },
    async release(consumer, eventId) {
      state.delete(`${consumer}#${eventId}`);
    },
  };
};

const passwordChanged = () =>
  outboxItem({
    type: "PasswordChanged",
    now,
    actor: { type: "user", userId: "u1" },
    data: { userId: "u1", email: "a@example.test", fullName: "A", locale: "en" },
  });

const asBusEvent = (item: ReturnType<typeof passwordChanged>): EventBridgeEvent<string, unknown> =>
  ({ "detail-type": item.detailType, source: item.source, detail: JSON.parse(item.detail) }) as EventBridgeEvent<
    string,
    unknown
  >;

describe("outbox items", () => {
  it("carry the registry's source, the detail-type and the envelope", () => {
    const item = passwordChanged();
    expect(item.source).toBe("tenantry.users");
    expect(item.detailType).toBe("PasswordChanged");
    expect(JSON.parse(item.detail)).toMatchObject({
      eventId: item.eventId,
      occurredAt: now.toISOString(),
      actor: { type: "user" },
    });
    expect(item.expiresAt).toBeGreaterThan(now.getTime() / 1000);
  });

  it("refuse data that breaks the event's contract", () => {
    expect(() =>
      outboxItem({ type: "PasswordChanged", now, actor: { type: "system" }, data: { userId: "u1" } as never }),
    ).toThrow();
  });
});

describe("relay", () => {
  const record = (eventName: "INSERT" | "MODIFY" | "REMOVE", item: Record<string, unknown>): DynamoDBRecord =>
    ({
      eventName,
      dynamodb: { Keys: marshall({ pk: item.pk, sk: item.sk }), NewImage: marshall(item) },
    }) as unknown as DynamoDBRecord;

  it("publishes inserted outbox items only, with their detail verbatim", () => {
    const item = passwordChanged();
    const outboxRecord = { pk: `OUTBOX#${item.eventId}`, sk: "EVENT", ...item };
    const entries = relayRecords([
      record("INSERT", outboxRecord),
      record("REMOVE", outboxRecord),
      record("INSERT", { pk: "USER#u1", sk: "PROFILE", source: "x", detailType: "y", detail: "{}" }),
    ]);
    expect(entries).toEqual([{ source: item.source, detailType: "PasswordChanged", detail: JSON.parse(item.detail) }]);
  });
});

describe("consumer dispatch", () => {
  it("runs a handler once per event id, however often it is delivered", async () => {
    const handler = vi.fn(async () => undefined);
    const consumers = { consumer: "notify", handlers: { PasswordChanged: handler }, ledger: memoryLedger() };
    const event = asBusEvent(passwordChanged());
    await dispatchEvent(event, consumers, logger);
    await dispatchEvent(event, consumers, logger);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("releases the claim when the handler fails, so a retry can succeed", async () => {
    const handler = vi.fn().mockRejectedValueOnce(new Error("SES down")).mockResolvedValueOnce(undefined);
    const ledger = memoryLedger();
    const consumers = { consumer: "notify", handlers: { PasswordChanged: handler }, ledger };
    const event = asBusEvent(passwordChanged());
    await expect(dispatchEvent(event, consumers, logger)).rejects.toThrow("SES down");
    await dispatchEvent(event, consumers, logger);
    expect(handler).toHaveBeenCalledTimes(2);
    expect([...ledger.state.values()]).toEqual(["done"]);
  });

  it("logs a failed handler's error through the logger (which maps its stack to the sources) before the retry", async () => {
    const failure = new Error("SES down");
    const consumers = {
      consumer: "notify",
      handlers: { PasswordChanged: vi.fn().mockRejectedValue(failure) },
      ledger: memoryLedger(),
    };
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    try {
      await expect(dispatchEvent(asBusEvent(passwordChanged()), consumers, logger)).rejects.toBe(failure);
      expect(logged).toHaveBeenCalledWith(expect.any(String), { error: failure });
    } finally {
      logged.mockRestore();
    }
  });

  it("rejects an event whose data breaks the contract (so it dead-letters instead of half-running)", async () => {
    const handler = vi.fn(async () => undefined);
    const consumers = { consumer: "notify", handlers: { PasswordChanged: handler }, ledger: memoryLedger() };
    const event = asBusEvent(passwordChanged());
    (event.detail as { data: unknown }).data = { userId: 42 };
    await expect(dispatchEvent(event, consumers, logger)).rejects.toThrow();
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("consumer rules", () => {
  it("subscribe each service to exactly the events the registry lists it under", () => {
    for (const service of ["users", "accounts", "privacy", "notify"] as const) {
      const listed = Object.entries(eventContracts).filter(([, contract]) =>
        (contract.consumers as readonly string[]).includes(service),
      );
      const pattern = consumerPatternFor(service);
      if (listed.length === 0) {
        expect(pattern).toBeUndefined();
        continue;
      }
      expect(pattern?.["detail-type"].sort()).toEqual(listed.map(([type]) => type).sort());
      expect(pattern?.source.sort()).toEqual([...new Set(listed.map(([, c]) => `tenantry.${c.source}`))].sort());
    }
    expect(consumerPatternFor("notify")?.["detail-type"]).toContain("UserRegistered");
  });
});
