import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_SEED_STEPS, type DemoCredential } from "../../local/demo-seed.ts";
import { descendantsOf, npmStart, pollFor, type StartedProcess, stillRunning } from "../harness/npm-start.ts";

/**
 * One data directory through a first `npm start` interrupted after every seed step, in the ways
 * a person meets: Ctrl+C/SIGTERM, an emulator dying, a crash (the whole process group killed).
 * The tests run in order on it; the last start must finish the seed.
 */
const dataDir = mkdtempSync(path.join(os.tmpdir(), "tenantry-interrupted-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const stepLine = (step: number) => new RegExp(`^seed step ${step}/${DEMO_SEED_STEPS.length} done`);

const getJson = async (url: string, token?: string) => {
  const response = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: response.status, body: (await response.json()) as any };
};

/** Health says `starting` while the seed runs, and no banner is printed yet. */
const expectStillStarting = async (started: StartedProcess) => {
  expect(await getJson(`${started.apiUrl}/v1/health`)).toEqual({ status: 503, body: { status: "starting" } });
  expect(started.output()).not.toContain("Tenantry is ready");
};

/** Every process the start left behind ends (the emulators' orphan guard included). */
const expectAllEnded = async (pids: number[]) => {
  await pollFor(
    "every process of the start to end",
    () => (stillRunning(pids).length === 0 ? true : undefined),
    30_000,
  );
};

/** A clean stop: the platform says so and exits 0 (npm, signalled itself, reports 128 + 15). */
const expectStoppedBySigterm = async (started: StartedProcess) => {
  expect([0, 143]).toContain((await started.exited).code);
  expect(started.output()).toMatch(/^stopping\.\.\.$/m);
  expect(started.output()).not.toContain("Could not");
};

/** Starts, waits until seed step `step` is done, checks the platform still says `starting`. */
const startUntilStep = async (step: number) => {
  const started = await npmStart(dataDir);
  await started.waitForLine(stepLine(step));
  await expectStillStarting(started);
  const processes = descendantsOf(started.pid);
  return { started, processes, pids: [started.pid, ...processes.map((p) => p.pid)] };
};

describe("a data directory of another version", () => {
  it("is refused before any emulator starts, in one sentence saying what to do", async () => {
    const newer = mkdtempSync(path.join(os.tmpdir(), "tenantry-newer-"));
    try {
      writeFileSync(path.join(newer, "data-version.json"), JSON.stringify({ layout: 99 }));
      const started = await npmStart(newer);
      const { code } = await started.exited;
      expect(code).toBe(1);
      expect(started.output()).toMatch(
        /^\S+ was written by a newer version of Tenantry \(data layout 99, .*\): update this checkout, or run `npm run reset` .*\.$/m,
      );
      expect(started.output()).not.toContain("emulators up");
      expect(existsSync(path.join(newer, "dynamodb"))).toBe(false);
    } finally {
      rmSync(newer, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("an interrupted first npm start", () => {
  it("stops every process it started when SIGTERM reaches npm start, also in the middle of the seed", async () => {
    const { started, processes, pids } = await startUntilStep(1);
    expect(processes.map((p) => p.command)).toEqual(expect.arrayContaining(["java", "sh"]));
    process.kill(started.pid, "SIGTERM");
    await expectStoppedBySigterm(started);
    await expectAllEnded(pids);
  }, 240_000);

  it("says in one sentence which emulator ended and why, and exits non-zero, when DynamoDB Local dies", async () => {
    const { started, processes, pids } = await startUntilStep(2);
    const java = processes.find((p) => p.command === "java");
    if (!java) throw new Error("no DynamoDB Local process among the start's processes");
    process.kill(java.pid, "SIGKILL");
    const { code } = await started.exited;
    expect(code).not.toBe(0);
    expect(started.output()).toMatch(
      /^DynamoDB Local stopped unexpectedly \(killed by SIGKILL; .*\), so Tenantry stops too: run `npm start` again\.$/m,
    );
    await expectAllEnded(pids);
  }, 240_000);

  it("finishes the seed on the next start after a crash after any later step: every demo user signs in, nothing twice", async () => {
    for (let step = 3; step < DEMO_SEED_STEPS.length; step += 1) {
      const { started, pids } = await startUntilStep(step);
      // A crash: the whole process group of `npm start` killed at once, nothing handled.
      process.kill(-started.pid, "SIGKILL");
      await started.exited;
      await expectAllEnded(pids);
      expect(existsSync(path.join(dataDir, "demo-credentials.json"))).toBe(false);
    }
    // As if written before data directories had a version marker: taken over and marked.
    unlinkSync(path.join(dataDir, "data-version.json"));

    const started = await npmStart(dataDir);
    await started.waitForLine(/^Tenantry is ready/);
    const { apiUrl } = started;
    expect(await getJson(`${apiUrl}/v1/health`)).toEqual({ status: 200, body: { status: "ok" } });
    expect(JSON.parse(readFileSync(path.join(dataDir, "data-version.json"), "utf8"))).toMatchObject({ layout: 1 });

    const credentials = JSON.parse(
      readFileSync(path.join(dataDir, "demo-credentials.json"), "utf8"),
    ) as DemoCredential[];
    expect(credentials.map((c) => c.username)).toEqual([
      "admin@tenantry.local",
      "owner@acme.test",
      "admin@acme.test",
      "standard@acme.test",
      "viewer@acme.test",
      "acme-warehouse",
      "owner@hostco.test",
      "operator@hostco.test",
      "owner@client.test",
    ]);
    const tokens = new Map<string, string>();
    for (const { username, password } of credentials) {
      const response = await fetch(`${apiUrl}/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      expect(response.status, username).toBe(200);
      tokens.set(username, ((await response.json()) as { accessToken: string }).accessToken);
    }
    const as = (username: string) => async (route: string) => {
      const { status, body } = await getJson(`${apiUrl}${route}`, tokens.get(username));
      expect(status, route).toBe(200);
      return body;
    };
    const ownAccounts = async (username: string) =>
      ((await as(username)("/v1/me/accounts")).items as Array<{ name: string; via: string; accountId: string }>)
        .filter((a) => a.via === "member")
        .map((a) => a.name);
    expect(await ownAccounts("admin@tenantry.local")).toEqual(["Provider"]);
    expect(await ownAccounts("owner@hostco.test")).toEqual(["HostCo"]);

    const acmeOwner = as("owner@acme.test");
    const acme = ((await acmeOwner("/v1/me/accounts")).items as Array<{ name: string; accountId: string }>).filter(
      (a) => a.name === "Acme Ltd",
    );
    expect(acme).toHaveLength(1);
    const acmeId = acme[0]?.accountId;
    const members = (await acmeOwner(`/v1/accounts/${acmeId}/members?limit=100`)).items as Array<{
      email: string | null;
      login: string | null;
    }>;
    expect(members.map((m) => m.email ?? m.login).sort()).toEqual(
      ["acme-warehouse", "admin@acme.test", "owner@acme.test", "standard@acme.test", "viewer@acme.test"].sort(),
    );
    const subaccounts = (await acmeOwner(`/v1/accounts/${acmeId}/subaccounts?limit=100`)).items as Array<{
      externalId: string;
    }>;
    expect(subaccounts.map((s) => s.externalId).sort()).toEqual(["ACME-N", "ACME-S"]);
    const resources = (await acmeOwner(`/v1/accounts/${acmeId}/resources?limit=100`)).items as Array<{
      name: string;
    }>;
    expect(resources.map((r) => r.name)).toEqual(["Acme CRM"]);
    const invitations = (await acmeOwner(`/v1/accounts/${acmeId}/invitations?limit=100`)).items as Array<{
      email: string;
      status: string;
    }>;
    expect(
      invitations
        .filter((i) => i.status === "accepted")
        .map((i) => i.email)
        .sort(),
    ).toEqual(["admin@acme.test", "standard@acme.test", "viewer@acme.test"]);
    const granted = ((await as("standard@acme.test")("/v1/me/accounts")).items as Array<{ name: string; via: string }>)
      .filter((a) => a.via === "subaccount-grant")
      .map((a) => a.name);
    expect(granted).toEqual(["Acme North"]);

    const hostOwner = as("owner@hostco.test");
    const hostId = ((await hostOwner("/v1/me/accounts")).items as Array<{ name: string; accountId: string }>).find(
      (a) => a.name === "HostCo",
    )?.accountId;
    const hostMembers = (await hostOwner(`/v1/accounts/${hostId}/members?limit=100`)).items as Array<{ email: string }>;
    expect(hostMembers.map((m) => m.email).sort()).toEqual(["operator@hostco.test", "owner@hostco.test"]);
    const clients = (await hostOwner(`/v1/accounts/${hostId}/managed-accounts?limit=100`)).items as Array<{
      name: string;
      hasOwner: boolean;
    }>;
    expect(clients).toEqual([expect.objectContaining({ name: "Client of HostCo", hasOwner: true })]);
    expect(await ownAccounts("owner@client.test")).toEqual(["Client of HostCo"]);

    const pids = [started.pid, ...descendantsOf(started.pid).map((p) => p.pid)];
    process.kill(started.pid, "SIGTERM");
    await expectStoppedBySigterm(started);
    await expectAllEnded(pids);
  }, 600_000);
});
