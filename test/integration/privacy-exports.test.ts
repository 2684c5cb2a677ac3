import { type ChildProcess, spawn } from "node:child_process";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { addManagedMember, api, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import {
  eventually,
  exportRecords,
  isExportEmail,
  platformRequest,
  publishedPolicy,
  registerPlatformAdmin,
  runPrivacyJob,
  sesEmails,
  sesEmailsTo,
} from "./privacy-fixtures.ts";

let admin: TestUser;
beforeAll(async () => {
  admin = await registerPlatformAdmin();
});

const requestExport = (user: TestUser) => api("POST", "/v1/me/privacy/exports", { token: user.accessToken });

const exportRequestOf = async (user: TestUser, requestId: string) => {
  const { body } = await api("GET", "/v1/me/privacy/requests", { token: user.accessToken });
  return body.items.find((r: { requestId: string }) => r.requestId === requestId);
};

const exportEmailsTo = async (user: TestUser) => (await sesEmailsTo(user.email)).filter(isExportEmail);

describe("POST /v1/me/privacy/exports", () => {
  it("queues an export that the job emails as a CSV of the user's profile, memberships and consents", async () => {
    const { policyId } = await publishedPolicy(admin.accessToken, { required: false, label: "export-consent" });
    const user = await registerVerifiedUser({ fullName: "Export Person", accountName: "Export Co" });
    await api("POST", `/v1/me/policies/${policyId}/decision`, {
      token: user.accessToken,
      body: { version: 1, decision: "accept" },
    });

    const queued = await requestExport(user);
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({ requestId: expect.any(String), status: "queued" });
    expect(await exportRequestOf(user, queued.body.requestId)).toMatchObject({ kind: "export", status: "queued" });

    await runPrivacyJob();
    const [email] = await eventually(
      async () => {
        const emails = await exportEmailsTo(user);
        return emails.length > 0 && emails;
      },
      { what: "the export email" },
    );
    expect(email?.subject).toBe("Your personal data export");
    expect(email?.attachments[0]).toMatchObject({ contentType: expect.stringContaining("text/csv") });
    expect(email?.attachments[0]?.filename).toMatch(/^personal-data-\d{4}-\d{2}-\d{2}\.csv$/);

    const records = exportRecords(email as NonNullable<typeof email>);
    const value = (section: string, field: string) =>
      records.filter((r) => r.section === section && r.field === field).map((r) => r.value);
    expect(value("profile", "email")).toEqual([user.email]);
    expect(value("profile", "fullName")).toEqual(["Export Person"]);
    expect(value("memberships", "accountId")).toEqual([user.accountId]);
    expect(value("memberships", "accountName")).toEqual(["Export Co"]);
    expect(value("memberships", "role")).toEqual(["owner"]);
    expect(value("consents", "policyId")).toContain(policyId);
    expect(value("consents", "decision")).toContain("accept");
    expect(value("sign_in_identity", "attribute.email")).toEqual([user.email]);
    expect(value("notification_recipient", "email")).toEqual([user.email]);
    expect(value("privacy_requests", "requestId")).toContain(queued.body.requestId);
    expect(value("export", "requestId")).toEqual([queued.body.requestId]);

    const sent = await exportRequestOf(user, queued.body.requestId);
    expect(sent).toMatchObject({ status: "sent", sentAt: expect.any(String) });
    expect(await platformRequest(admin.accessToken, queued.body.requestId)).toMatchObject({
      userId: user.userId,
      sesMessageId: email?.messageId,
      possibleDuplicate: false,
    });
  });

  it("allows one export per 24 hours: the next is 429 with Retry-After", async () => {
    const user = await registerVerifiedUser();
    expect((await requestExport(user)).status).toBe(202);
    const again = await requestExport(user);
    expect(again.status).toBe(429);
    expect(again.body.code).toBe("rate_limited");
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
  });

  it("answers a retry with the same Idempotency-Key with the first response, not 429", async () => {
    const user = await registerVerifiedUser();
    const headers = { "idempotency-key": `export-${user.userId}` };
    const first = await api("POST", "/v1/me/privacy/exports", { token: user.accessToken, headers });
    const retry = await api("POST", "/v1/me/privacy/exports", { token: user.accessToken, headers });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const { body } = await api("GET", "/v1/me/privacy/requests", { token: user.accessToken });
    expect(body.items).toHaveLength(1);
  });

  it("lets only one of several simultaneous requests through", async () => {
    const user = await registerVerifiedUser();
    const results = await Promise.all([requestExport(user), requestExport(user), requestExport(user)]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 429, 429]);
  });

  it("refuses a user without an email address with 422 (exports travel by email)", async () => {
    const owner = await registerVerifiedUser();
    const managed = await addManagedMember(owner.accessToken, owner.accountId, "standard");
    const response = await api("POST", "/v1/me/privacy/exports", { token: managed.accessToken });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe("email_required");
  });

  it("asks for a token", async () => {
    expect((await api("POST", "/v1/me/privacy/exports")).status).toBe(401);
  });
});

describe("the privacy job", () => {
  it("sends one email per export when two runs go at the same time", async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => registerVerifiedUser()));
    const requests = await Promise.all(users.map(requestExport));
    expect(requests.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);

    const reports = await Promise.all([runPrivacyJob(), runPrivacyJob()]);
    expect(reports[0].runId).not.toBe(reports[1].runId);
    await eventually(
      async () => {
        const states = await Promise.all(users.map((u, i) => exportRequestOf(u, requests[i]?.body.requestId)));
        return states.every((s) => s.status === "sent");
      },
      { what: "every export to be sent" },
    );
    for (const user of users) expect(await exportEmailsTo(user)).toHaveLength(1);
  });

  it("delivers every queued export after a run is killed mid-batch and the job runs again", async () => {
    const users = await Promise.all(Array.from({ length: 16 }, () => registerVerifiedUser()));
    const requestIds = (await Promise.all(users.map(requestExport))).map((r) => r.body.requestId as string);
    const statusOf = async () =>
      Promise.all(users.map(async (u, i) => (await exportRequestOf(u, requestIds[i] as string))?.status));

    // `npm run job:privacy` in its own process, as a user runs it: a clean environment holding only
    // what a shell has plus the settings a user would pass (the platform's data dir and ports; one
    // export at a time, with a short lease so the rerun may take over what the killed run held).
    const endpoints = inject("endpoints");
    const port = (url: string) => new URL(url).port;
    const stderrOf = new Map<ChildProcess, string>();
    const startJob = (): ChildProcess => {
      const child = spawn("npm", ["run", "--silent", "job:privacy"], {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATA_DIR: inject("dataDir"),
          DYNAMODB_PORT: port(endpoints.dynamodb),
          COGNITO_PORT: port(endpoints.cognito),
          SES_PORT: port(endpoints.ses),
          PORT: port(inject("apiUrl")),
          PRIVACY_JOB_CONCURRENCY: "1",
          PRIVACY_JOB_BATCH_SIZE: "4",
          PRIVACY_JOB_LEASE_SECONDS: "2",
        },
        // Its own process group, so killing it takes npm, tsx and the job's node process together.
        detached: true,
        stdio: ["ignore", "ignore", "pipe"],
      });
      stderrOf.set(child, "");
      child.stderr?.on("data", (chunk: Buffer) => stderrOf.set(child, stderrOf.get(child) + chunk.toString()));
      return child;
    };
    const finished = (child: ChildProcess) =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
        else child.once("exit", (code) => resolve(code));
      });
    const succeeded = async (child: ChildProcess) => {
      const code = await finished(child);
      expect(code, `npm run job:privacy failed: ${stderrOf.get(child)}`).toBe(0);
    };

    const doomed = startJob();
    const addresses = new Set(users.map((u) => u.email));
    await eventually(
      async () => {
        if (doomed.exitCode !== null) throw new Error(`npm run job:privacy failed: ${stderrOf.get(doomed)}`);
        return (await sesEmails()).some((e) => isExportEmail(e) && e.destination.to.some((to) => addresses.has(to)));
      },
      { intervalMs: 20, what: "the first export of the batch" },
    );
    process.kill(-(doomed.pid as number), "SIGKILL");
    await finished(doomed);
    const atKill = await statusOf();
    expect(atKill.filter((status) => status !== "sent").length).toBeGreaterThan(0);

    // Rerun until the queue is worked off (leases held by the killed run run out after 2 s).
    await eventually(
      async () => {
        await succeeded(startJob());
        return (await statusOf()).every((status) => status === "sent");
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "every export to be delivered after the crash" },
    );

    const all = await sesEmails();
    for (const [i, user] of users.entries()) {
      const emails = all.filter((e) => isExportEmail(e) && e.destination.to.includes(user.email));
      expect(emails.length).toBeGreaterThanOrEqual(1);
      const request = await platformRequest(admin.accessToken, requestIds[i] as string);
      expect(emails.map((e) => e.messageId)).toContain(request.sesMessageId);
      // A second email is only possible when a run died after SES took the message: it is flagged.
      if (emails.length > 1) expect(request.possibleDuplicate).toBe(true);
    }
    // Two to four `npm run job:privacy` processes start here, each compiling the job with tsx.
  }, 120_000);
});
