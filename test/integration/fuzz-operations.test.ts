import { beforeAll, describe, expect, it } from "vitest";
import { api, type TestUser } from "../harness/api.ts";
import {
  type MalformedCase,
  malformedBodies,
  malformedPathValues,
  tamperedCursors,
} from "../harness/malformed-requests.ts";
import {
  concretePath,
  type DocumentedOperation,
  documentedOperations,
  type OpenApiDocument,
} from "../harness/openapi-operations.ts";
import { machineTokenWith } from "./machine-fixtures.ts";
import { registerPlatformAdmin } from "./privacy-fixtures.ts";

/**
 * Walks every operation of the served `/openapi.json` (so routes added later are covered with no
 * list to maintain) with malformed bodies, tampered cursors, unusable path parameters and query
 * strings, and wrong methods. Nothing may be a 5xx; every 4xx must be an RFC 9457 problem.
 */

interface Probe {
  operation: string;
  label: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  token?: string;
}

let caller: TestUser;
/** A machine client with every scope, for the machine routes. */
let machineToken: string;
let document: OpenApiDocument;
let operations: DocumentedOperation[];
beforeAll(async () => {
  // An account owner who is also provider support: every route gets past its authorizer to validation.
  caller = await registerPlatformAdmin();
  machineToken = await machineTokenWith(caller.accessToken, ["tenantry/access.check", "tenantry/accounts.read"]);
  ({ document, operations } = await documentedOperations());
});

const known = () => ({ accountId: caller.accountId, userId: caller.userId });

/** What is wrong with a response, if anything. */
const violationOf = async (probe: Probe): Promise<string | undefined> => {
  const headers: Record<string, string> = {};
  if (probe.token) headers.authorization = `Bearer ${probe.token}`;
  if (probe.body !== undefined) headers["content-type"] = probe.contentType ?? "application/json";
  const response = await api(probe.method, probe.path, { rawBody: probe.body, headers });
  const where = `${probe.operation} [${probe.label}] ${probe.method} ${probe.path.slice(0, 120)}`;
  if (response.status >= 500) return `${where}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
  if (response.status < 400) return undefined;
  // The fixture's token must get every probe past the authorizer, so validation is what answers.
  if (response.status === 401 && probe.token) return `${where}: 401 with a valid token`;
  if (response.headers.get("content-type") !== "application/problem+json") {
    return `${where}: ${response.status} without application/problem+json`;
  }
  const body = response.body as Record<string, unknown>;
  for (const field of ["type", "title", "code"]) {
    if (typeof body[field] !== "string") return `${where}: problem without ${field}`;
  }
  if (body.status !== response.status) return `${where}: problem status ${body.status} on a ${response.status}`;
  if (response.status === 405 && !response.headers.get("allow")) return `${where}: 405 without Allow`;
  return undefined;
};

/** Runs probes a few at a time (the emulators share a small machine) and collects every violation. */
const violationsOf = async (probes: Probe[], concurrency = 6): Promise<string[]> => {
  const violations: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++] as Probe;
      const violation = await violationOf(probe);
      if (violation) violations.push(violation);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return violations;
};

/** Operations a client can send a body to (fetch, like most clients, sends none with GET). */
const withBodies = () => operations.filter((op) => op.method !== "GET");

const probe = (op: DocumentedOperation, label: string, path: string, extra: Partial<Probe> = {}): Probe => ({
  operation: op.operationId,
  label,
  method: op.method,
  path,
  ...(op.secured ? { token: op.machine ? machineToken : caller.accessToken } : {}),
  ...extra,
});

describe("every documented operation, fed malformed input", () => {
  it("is walked from the served document", () => {
    expect(operations.length).toBeGreaterThan(50);
  });

  it("answers malformed bodies with a 4xx problem", async () => {
    const probes = withBodies().flatMap((op) =>
      malformedBodies(document, op.body).map((c: MalformedCase) =>
        probe(op, c.label, concretePath(op, known()), { body: c.body, contentType: c.contentType }),
      ),
    );
    expect(await violationsOf(probes)).toEqual([]);
  });

  it("answers unusable path parameters with a 4xx problem", async () => {
    const probes = operations.flatMap((op) =>
      op.pathParams.flatMap((param) =>
        malformedPathValues.map(({ label, raw }) =>
          probe(op, `${param.name}: ${label}`, concretePath(op, known(), { name: param.name, raw })),
        ),
      ),
    );
    expect(await violationsOf(probes)).toEqual([]);
  });

  it("answers tampered cursors, unknown and malformed query parameters with a 4xx problem", async () => {
    const probes = operations.flatMap((op) => {
      const path = concretePath(op, known());
      const cursors = op.paginated
        ? tamperedCursors(known()).map((cursor) =>
            probe(op, "tampered cursor", `${path}?cursor=${encodeURIComponent(cursor)}`),
          )
        : [];
      const queries = op.queryParams.flatMap((param) =>
        ["-1", "%", "x".repeat(3000), "1e400"].map((value) =>
          probe(
            op,
            `${param.name}=${value.slice(0, 10)}`,
            `${path}?${param.name}=${value === "%" ? "%" : encodeURIComponent(value)}`,
          ),
        ),
      );
      return [...cursors, ...queries, probe(op, "unknown query parameter", `${path}?unknownParam=1`)];
    });
    expect(await violationsOf(probes)).toEqual([]);
  });

  it("answers a wrong method on every documented path with 405 and Allow", async () => {
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    const probes = Object.entries(document.paths).flatMap(([template, item]) => {
      const allowed = Object.keys(item).map((m) => m.toUpperCase());
      const op = operations.find((o) => o.path === template) as DocumentedOperation;
      return methods
        .filter((method) => !allowed.includes(method))
        .map((method) => ({ ...probe(op, "wrong method", concretePath(op, known())), method }));
    });
    const violations = await violationsOf(probes);
    expect(violations).toEqual([]);
    for (const { method, path } of probes.slice(0, 5)) {
      const response = await api(method, path, { token: caller.accessToken });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBeTruthy();
    }
  });

  // Last: `{}` is a valid body for body-less operations, so these may really run (deletes last).
  it("answers {} with no 5xx, and with a problem whenever it refuses it", async () => {
    const ordered = withBodies().sort((a, b) => Number(a.method === "DELETE") - Number(b.method === "DELETE"));
    const probes = ordered.map((op) => probe(op, "{}", concretePath(op, known()), { body: "{}" }));
    expect(await violationsOf(probes, 1)).toEqual([]);
  });
});
