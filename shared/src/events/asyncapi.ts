import * as z from "zod";
import { eventExamples } from "./examples.ts";
import {
  APP_NAME,
  type EventType,
  eventContracts,
  eventDetailSchema,
  eventSourceOf,
  type ServiceName,
} from "./registry.ts";

/** The `detail` schema of one event: the common envelope with the event's own `data`. */
export const eventDetailSchemaOf = (type: EventType) => eventDetailSchema().extend({ data: eventContracts[type].data });

/**
 * JSON Schema of an event's `detail`. Draft-07, since that is what the AsyncAPI Schema format
 * (AsyncAPI 3.0's default payload format) extends; `$schema` is dropped as it is implied.
 */
const jsonSchemaOf = (schema: z.ZodType) => {
  const { $schema: _implied, ...jsonSchema } = z.toJSONSchema(schema, { target: "draft-07" });
  return jsonSchema;
};

const capitalized = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Operation ids read as sentences: `usersSendsUserRegistered`, `notifyReceivesUserRegistered`. */
const operationIdOf = (service: ServiceName, action: "send" | "receive", type: EventType) =>
  `${service}${action === "send" ? "Sends" : "Receives"}${type}`;

/**
 * The event catalog as an AsyncAPI 3.0 document, generated from the event registry: one channel
 * and one message per event (its `detail` JSON Schema, its EventBridge `source` and `detail-type`,
 * and its example), a `send` operation per producing service and a `receive` operation per consumer.
 */
export const buildAsyncApiDocument = () => {
  const types = Object.keys(eventContracts) as EventType[];
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const type of types) {
    const contract = eventContracts[type];
    const source = eventSourceOf(type);
    const envelope = { source, "detail-type": type };
    messages[type] = {
      name: type,
      title: type,
      summary: contract.description,
      contentType: "application/json",
      // The EventBridge envelope fields a rule matches on; the message payload is the event's `detail`.
      headers: {
        type: "object",
        properties: { source: { const: source }, "detail-type": { const: type } },
        required: ["source", "detail-type"],
      },
      payload: jsonSchemaOf(eventDetailSchemaOf(type)),
      examples: [{ name: `${type}Example`, headers: envelope, payload: eventExamples[type] }],
    };
    channels[type] = {
      address: `${source}/${type}`,
      title: type,
      description: `Events with \`source\` \`${source}\` and \`detail-type\` \`${type}\` on the stage's bus.`,
      messages: { [type]: { $ref: `#/components/messages/${type}` } },
      // What a consumer puts in its own EventBridge rule to receive exactly this event.
      "x-eventbridge-event-pattern": { source: [source], "detail-type": [type] },
    };
    const operationsOf = (action: "send" | "receive", services: readonly ServiceName[]) => {
      for (const service of services) {
        operations[operationIdOf(service, action, type)] = {
          action,
          channel: { $ref: `#/channels/${type}` },
          messages: [{ $ref: `#/channels/${type}/messages/${type}` }],
          summary: `The ${service} service ${action === "send" ? "publishes" : "consumes"} ${type}.`,
          tags: [{ $ref: `#/components/tags/${service}` }],
        };
      }
    };
    operationsOf("send", contract.producers);
    operationsOf("receive", contract.consumers);
  }

  const services = [
    ...new Set(types.flatMap((type) => [...eventContracts[type].producers, ...eventContracts[type].consumers])),
  ];
  return {
    asyncapi: "3.0.0",
    info: {
      title: `${capitalized(APP_NAME)} events`,
      version: "1.0.0",
      description:
        "Domain events on each stage's EventBridge bus (`tenantry-<stage>-events`). Every event's `detail` is " +
        "`{eventId, occurredAt, accountId?, actor, data}`; `source` is `tenantry.<service>` and `detail-type` the " +
        "event's name. Delivery is at least once: consumers deduplicate by `eventId`. Subscribe with your own " +
        "EventBridge rule on the bus, matching the channel's `x-eventbridge-event-pattern`.",
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: {
      messages,
      tags: Object.fromEntries(
        services.map((service) => [
          service,
          { name: service, description: `Events the ${service} service publishes or consumes` },
        ]),
      ),
    },
  };
};

export type AsyncApiDocument = ReturnType<typeof buildAsyncApiDocument>;
