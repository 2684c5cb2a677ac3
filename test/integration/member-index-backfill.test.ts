import { spawn } from "node:child_process";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { accountsPersonalData } from "../../services/accounts/src/contracts/personal-data-provider.ts";
import { runIndexKeyBackfill } from "../../shared/src/table/backfill/index-key-backfill.ts";
import { memberIndexKeys } from "../../shared/src/table/backfill/member-index-keys.ts";
import { userHoldingIndexKeys } from "../../shared/src/table/backfill/user-holding-index-keys.ts";
import { createBatchLoader } from "../../shared/src/table/batch-get.ts";
import { backfillWorld } from "./member-index-backfill-fixtures.ts";

/**
 * Memberships written before the `membersByRole`/`membersByStatus` indexes (without their keys)
 * reach `?role=` and `?status=` lists once the backfill wrote their keys. One file, so its runs
 * never see another file's legacy items in their counts.
 */
describe("member index backfill", () => {
  const world = backfillWorld();
  const { client, tableName, putLegacyMember, rawMember, rawItem, listed, backfill } = world;
  const { expectedIndexKeys, indexKeysOf, changeMember, newAccountId, memberItem } = world;

  /** The emulators' client, but the first rewrite of `target` runs `meanwhile` just before it is sent. */
  const changingBeforeRewrite = (
    target: { pk: string; sk: string },
    meanwhile: () => Promise<void>,
  ): DynamoDBDocumentClient => {
    let changed = false;
    const send = async (command: unknown) => {
      const key = command instanceof UpdateCommand ? command.input.Key : undefined;
      if (!changed && key?.pk === target.pk && key?.sk === target.sk) {
        changed = true;
        await meanwhile();
      }
      return client.send(command as never);
    };
    return new Proxy(client, { get: (real, name) => (name === "send" ? send : Reflect.get(real, name)) });
  };

  it("lists legacy members by role and by status once their keys are written", async () => {
    const accountId = newAccountId("LIST");
    await Promise.all([
      putLegacyMember(accountId, "U-OWNER", "owner"),
      putLegacyMember(accountId, "U-ADMIN", "admin"),
      putLegacyMember(accountId, "U-STANDARD", "standard", "disabled"),
      world.table.entities.membership.create(memberItem(accountId, "U-NEW", "viewer", "active")).go(),
    ]);
    expect(await listed(accountId, { role: "admin" })).toEqual([]);
    expect(await listed(accountId, { status: "disabled" })).toEqual([]);
    expect(await listed(accountId, { status: "active" })).toEqual(["U-NEW"]);

    const counts = await backfill();

    expect(counts.rewritten).toBeGreaterThanOrEqual(3);
    expect(counts.unbuildable + counts.unfinished).toBe(0);
    expect(await listed(accountId, { role: "owner" })).toEqual(["U-OWNER"]);
    expect(await listed(accountId, { role: "admin", status: "active" })).toEqual(["U-ADMIN"]);
    expect(await listed(accountId, { role: "standard", status: "disabled" })).toEqual(["U-STANDARD"]);
    expect(await listed(accountId, { status: "active" })).toEqual(["U-ADMIN", "U-NEW", "U-OWNER"]);
    expect(await listed(accountId, { status: "disabled" })).toEqual(["U-STANDARD"]);
    expect(indexKeysOf(await rawMember(accountId, "U-STANDARD"))).toEqual(
      expectedIndexKeys(accountId, "U-STANDARD", "standard", "disabled"),
    );
  });

  it("rewrites nothing when run again", async () => {
    const accountId = newAccountId("AGAIN");
    await putLegacyMember(accountId, "U-ONCE", "operator");
    expect((await backfill()).rewritten).toBeGreaterThanOrEqual(1);
    const afterFirst = await rawMember(accountId, "U-ONCE");

    const again = await backfill({ segments: 3, pageSize: 100 });

    expect(again).toMatchObject({ missingKeys: 0, rewritten: 0, skippedChanged: 0 });
    expect(again.scanned).toBeGreaterThan(0);
    expect(await rawMember(accountId, "U-ONCE")).toEqual(afterFirst);
  });

  it("leaves items of other types and members that have their keys as they are", async () => {
    const accountId = newAccountId("OTHER");
    // Shaped like a membership (role, status, no index keys) but of another type.
    const lookalike = {
      pk: `ACCOUNT#${accountId}`,
      sk: "INVITEE#someone@example.com",
      __edb_e__: "pendingInvitee",
      __edb_v__: "1",
      accountId,
      userId: "U-LOOKALIKE",
      role: "admin",
      status: "active",
    };
    await Promise.all([
      client.send(new PutCommand({ TableName: tableName, Item: lookalike })),
      world.table.entities.membership.create(memberItem(accountId, "U-CURRENT", "admin", "active")).go(),
      putLegacyMember(accountId, "U-LEGACY", "viewer"),
    ]);
    const currentBefore = await rawMember(accountId, "U-CURRENT");

    await backfill();

    expect(await rawItem(lookalike.pk, lookalike.sk)).toEqual(lookalike);
    expect(await rawMember(accountId, "U-CURRENT")).toEqual(currentBefore);
    expect(await listed(accountId, { role: "viewer" })).toEqual(["U-LEGACY"]);
  });

  it("drops its write when the role changed after the read, keeping the service's change and keys", async () => {
    const accountId = newAccountId("MOVED");
    await putLegacyMember(accountId, "U-MOVED", "admin");
    const key = { pk: `ACCOUNT#${accountId}`, sk: "MEMBER#U-MOVED" };
    let afterChange: Record<string, unknown> | undefined;
    const through = changingBeforeRewrite(key, async () => {
      await changeMember(accountId, "U-MOVED", { role: "standard" });
      afterChange = await rawMember(accountId, "U-MOVED");
    });

    const counts = await backfill({ through });

    expect(counts.skippedChanged).toBe(1);
    // The service's patch names role and status, so it wrote the index sort keys, but not their
    // partition keys (the account is not part of the patch): the backfill read it again and
    // completed the keys from the service's values.
    expect(indexKeysOf(afterChange)).toEqual({
      ...expectedIndexKeys(accountId, "U-MOVED", "standard", "active"),
      gsi2pk: undefined,
      gsi3pk: undefined,
    });
    const final = await rawMember(accountId, "U-MOVED");
    expect(final).toMatchObject({ role: "standard", status: "active", version: 2 });
    expect(indexKeysOf(final)).toEqual(expectedIndexKeys(accountId, "U-MOVED", "standard", "active"));
    expect(await listed(accountId, { role: "admin" })).toEqual([]);
    expect(await listed(accountId, { role: "standard" })).toEqual(["U-MOVED"]);
  });

  it("does not bring back a member removed after the read", async () => {
    const accountId = newAccountId("GONE");
    await putLegacyMember(accountId, "U-GONE", "viewer");
    const key = { pk: `ACCOUNT#${accountId}`, sk: "MEMBER#U-GONE" };
    const through = changingBeforeRewrite(key, async () => {
      await client.send(new DeleteCommand({ TableName: tableName, Key: key }));
    });

    const counts = await backfill({ through });

    expect(counts).toMatchObject({ skippedChanged: 1, rewritten: 0 });
    expect(await rawMember(accountId, "U-GONE")).toBeUndefined();
  });

  it("gives grants and access written before the byUser keys those keys, so the user's one Query finds them", async () => {
    const accountId = newAccountId("HOLDINGS");
    const subaccountId = newAccountId("HOLDINGSSUB");
    const userId = `U-HOLDER-${accountId}`;
    const { subaccountGrant, resourceAccess } = world.table.entities;
    const at = "2026-01-01T00:00:00.000Z";
    await world.table.entities.membership.create(memberItem(accountId, userId, "standard", "active")).go();
    /** The item as the entity writes it today, less its byUser keys: what code older than those keys wrote. */
    const putLegacy = async (params: { Item?: Record<string, unknown> }) => {
      const { gsi1pk: _pk, gsi1sk: _sk, ...Item } = params.Item ?? {};
      await client.send(new PutCommand({ TableName: tableName, Item }));
    };
    await putLegacy(
      subaccountGrant
        .put({ parentAccountId: accountId, userId, subaccountId, grantedBy: "U-SEEDER", createdAt: at })
        .params(),
    );
    await putLegacy(
      resourceAccess
        .put({ accountId, userId, resourceId: "R-LEGACY", level: "use", grantedBy: "U-SEEDER", updatedAt: at })
        .params(),
    );
    const exported = async () => {
      const provider = accountsPersonalData(world.table, createBatchLoader(client, tableName));
      const sections = await provider.collect(userId);
      return Object.fromEntries(sections.map((s) => [s.section, s.rows.length]));
    };
    expect(await exported()).toEqual({ memberships: 1, subaccount_grants: 0, resource_access: 0 });

    const counts = await runIndexKeyBackfill({
      client,
      tableName,
      backfill: [memberIndexKeys(), ...userHoldingIndexKeys()],
    });

    expect(counts).toMatchObject({ rewritten: 2, unbuildable: 0, unfinished: 0 });
    const raw = await rawItem(`ACCOUNT#${accountId}`, `ACCESS#${userId}#R-LEGACY`);
    expect(raw).toMatchObject({ gsi1pk: `USER#${userId}`, gsi1sk: `ACCESS#${accountId}#R-LEGACY`, level: "use" });
    expect((await subaccountGrant.query.byUser({ userId }).go()).data.map((g) => g.subaccountId)).toEqual([
      subaccountId,
    ]);
    expect(await exported()).toEqual({ memberships: 1, subaccount_grants: 1, resource_access: 1 });
  });

  it("runs as `npm run backfill:member-indexes` against DynamoDB Local through the SDK's endpoint variable", async () => {
    const accountId = newAccountId("COMMAND");
    await putLegacyMember(accountId, "U-COMMAND", "operator", "disabled");
    const child = spawn(
      "npm",
      ["run", "--silent", "backfill:member-indexes", "--", "--table", tableName, "--segments", "2"],
      {
        // A clean environment: what a shell has, plus how the local runtime points the SDK at the emulator.
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_ENDPOINT_URL_DYNAMODB: inject("endpoints").dynamodb,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "local",
          AWS_SECRET_ACCESS_KEY: "local",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));

    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ missingKeys: 1, rewritten: 1, skippedChanged: 0, unfinished: 0 });
    expect(await listed(accountId, { role: "operator", status: "disabled" })).toEqual(["U-COMMAND"]);
  }, 60_000);

  const ROLES = ["admin", "standard", "viewer", "operator"] as const;
  const MEMBERS = 5;
  const CHANGES = 20;

  it.each(Array.from({ length: 3 }, (_, run) => [run]))(
    "leaves every member's index keys matching its final role and status when 20 changes race the backfill (run %i)",
    async (run) => {
      const accountId = newAccountId(`RACE${run}`);
      const userIds = Array.from({ length: MEMBERS }, (_, i) => `U-RACED-${i}`);
      await Promise.all(
        userIds.map((userId, i) => putLegacyMember(accountId, userId, ROLES[i % ROLES.length] ?? "admin")),
      );
      const change = (i: number) => {
        const userId = userIds[i % MEMBERS] ?? "";
        const role = ROLES[(i + run) % ROLES.length];
        const status = (i + run) % 3 === 0 ? ("disabled" as const) : ("active" as const);
        const set = i % 3 === 0 ? { role } : i % 3 === 1 ? { status } : { role, status };
        return changeMember(accountId, userId, set);
      };

      const [counts] = await Promise.all([
        backfill({ segments: 4, pageSize: 50 }),
        ...Array.from({ length: CHANGES }, (_, i) => change(i)),
      ]);

      expect(counts.unfinished + counts.unbuildable).toBe(0);
      for (const userId of userIds) {
        const item = await rawMember(accountId, userId);
        expect(indexKeysOf(item)).toEqual(
          expectedIndexKeys(accountId, userId, String(item?.role), String(item?.status)),
        );
      }
      const finals = await Promise.all(userIds.map((userId) => rawMember(accountId, userId)));
      for (const role of ROLES) {
        const holding = finals.filter((item) => item?.role === role).map((item) => String(item?.userId));
        expect(await listed(accountId, { role })).toEqual(holding.sort());
      }
      for (const status of ["active", "disabled"] as const) {
        const holding = finals.filter((item) => item?.status === status).map((item) => String(item?.userId));
        expect(await listed(accountId, { status })).toEqual(holding.sort());
      }
    },
    60_000,
  );
});
