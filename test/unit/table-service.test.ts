import { Service } from "electrodb";
import { describe, expect, it } from "vitest";
import {
  createTableService,
  type TableService,
  type TransactionEntities,
  tableEntities,
} from "../../shared/src/table/entities.ts";

const names = Object.keys(tableEntities);
/** The request DynamoDB would receive (the items also carry ElectroDB's own bookkeeping, not sent). */
const sent = (params: object) => JSON.parse(JSON.stringify(params));
const table = () => createTableService({ send: async () => ({}) }, "tenantry-test");

describe("the table service", () => {
  it("constructs every entity on use, so ElectroDB parses each model", () => {
    const constructed = Object.entries(tableEntities).map(([name, entity]) => [name, entity.schema.model.entity]);
    expect(constructed).toEqual(names.map((name) => [name, name]));
  });

  it("builds a write transaction as ElectroDB's Service does, whether the callback destructures or not", () => {
    const lazy = table();
    const service = new Service(table().entities, {
      client: { send: async () => ({}) } as never,
      table: "tenantry-test",
    });
    const now = "2026-01-01T00:00:00.000Z";
    const destructured = ({ user, outboxEvent }: TransactionEntities) => [
      user.patch({ userId: "u1" }).set({ fullName: "Ada", updatedAt: now }).commit(),
      outboxEvent.put({ eventId: "e1", source: "users", detailType: "X", detail: "{}", expiresAt: 1 }).commit(),
    ];
    const expected = sent(service.transaction.write(destructured as never).params());
    expect(sent(lazy.transaction.write(destructured as never).params())).toEqual(expected);
    expect(
      sent(
        lazy.transaction
          .write((tx) => [
            tx.user.patch({ userId: "u1" }).set({ fullName: "Ada", updatedAt: now }).commit(),
            tx.outboxEvent
              .put({ eventId: "e1", source: "users", detailType: "X", detail: "{}", expiresAt: 1 } as never)
              .commit(),
          ])
          .params(),
      ),
    ).toEqual(expected);
  });

  it("builds a get transaction as ElectroDB's Service does", () => {
    const lazy = table();
    const service = new Service(table().entities, {
      client: { send: async () => ({}) } as never,
      table: "tenantry-test",
    });
    const reads = ({ user, membership }: Parameters<Parameters<TableService["transaction"]["get"]>[0]>[0]) => [
      user.get({ userId: "u1" }).commit(),
      membership.get({ accountId: "a1", userId: "u1" }).commit(),
    ];
    expect(sent(lazy.transaction.get(reads as never).params())).toEqual(
      sent(service.transaction.get(reads as never).params()),
    );
  });
});
