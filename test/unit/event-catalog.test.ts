import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildAsyncApiDocument, eventDetailSchemaOf } from "../../shared/src/events/asyncapi.ts";
import { eventExamples } from "../../shared/src/events/examples.ts";
import { type EventType, eventContracts, eventSourceOf } from "../../shared/src/events/registry.ts";

const types = Object.keys(eventContracts) as EventType[];
const document = buildAsyncApiDocument() as any;

/** Redocly's lint of a document: it checks AsyncAPI 3.0 structurally (required fields, allowed values). */
const redoclyLint = async (doc: unknown) => {
  const dir = mkdtempSync(path.join(tmpdir(), "asyncapi-"));
  const file = path.join(dir, "events.json");
  writeFileSync(file, JSON.stringify(doc));
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
  const run = await promisify(execFile)(
    path.resolve("node_modules/.bin/redocly"),
    ["lint", file, "--config", path.resolve("redocly.yaml"), "--format", "json"],
    { env },
  ).catch((error: { stdout: string }) => error);
  return JSON.parse(run.stdout) as {
    totals: { errors: number };
    problems: Array<{ ruleId: string; message: string; severity: string }>;
  };
};

describe("the event catalog", () => {
  it.each(types)("%s has a description and an example that its contract accepts unchanged", (type) => {
    expect(eventContracts[type].description.trim().length, type).toBeGreaterThan(10);
    const example = eventExamples[type];
    expect(example, `${type} has no example in shared/src/events/examples.ts`).toBeDefined();
    const parsed = eventDetailSchemaOf(type).safeParse(example);
    expect(parsed.error?.issues ?? [], type).toEqual([]);
    // Unknown keys would be stripped: an example with a field the contract lacks is wrong too.
    expect(parsed.data).toEqual(example);
  });

  it("has an example for no event the registry does not know", () => {
    expect(Object.keys(eventExamples).sort()).toEqual([...types].sort());
  });

  it("refuses an example that breaks the contract", () => {
    const broken = { ...eventExamples.MemberAdded, data: { ...eventExamples.MemberAdded.data, userId: 42 } };
    expect(eventDetailSchemaOf("MemberAdded").safeParse(broken).success).toBe(false);
  });

  it("is a structurally valid AsyncAPI 3.0 document (Redocly lint: no errors)", async () => {
    const report = await redoclyLint(document);
    // Warnings left: `security-defined`, as AsyncAPI has no scheme for the bus's IAM policies.
    expect(report.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(report.totals.errors).toBe(0);
    // The check can fail: the same lint refuses a document missing a required field.
    const { version: _dropped, ...infoWithoutVersion } = document.info;
    expect((await redoclyLint({ ...document, info: infoWithoutVersion })).totals.errors).toBeGreaterThan(0);
  }, 60_000);

  it("gives every event a channel and a message with its detail schema, envelope and example", () => {
    expect(document.asyncapi).toBe("3.0.0");
    for (const type of types) {
      const message = document.components.messages[type];
      expect(message.summary).toBe(eventContracts[type].description);
      expect(message.payload.properties.data, type).toBeDefined();
      expect(message.payload.required).toEqual(expect.arrayContaining(["eventId", "occurredAt", "actor", "data"]));
      expect(message.headers.properties.source.const).toBe(eventSourceOf(type));
      expect(message.headers.properties["detail-type"].const).toBe(type);
      expect(message.examples[0].payload).toEqual(eventExamples[type]);
      expect(document.channels[type].messages[type].$ref).toBe(`#/components/messages/${type}`);
      expect(document.channels[type]["x-eventbridge-event-pattern"]).toEqual({
        source: [eventSourceOf(type)],
        "detail-type": [type],
      });
    }
  });

  it("lists the registry's producers as send operations and its consumers as receive operations", () => {
    const operationsOf = (type: EventType, action: "send" | "receive") =>
      Object.values(document.operations as Record<string, any>)
        .filter((op) => op.action === action && op.channel.$ref === `#/channels/${type}`)
        .map((op) => op.tags[0].$ref.split("/").pop())
        .sort();
    for (const type of types) {
      expect(operationsOf(type, "send"), type).toEqual([...eventContracts[type].producers].sort());
      expect(operationsOf(type, "receive"), type).toEqual([...eventContracts[type].consumers].sort());
    }
    expect(document.operations.usersSendsUserRegistered.action).toBe("send");
    expect(document.operations.notifyReceivesUserRegistered.action).toBe("receive");
  });
});
