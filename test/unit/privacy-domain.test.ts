import { describe, expect, it } from "vitest";
import { exportCsv, neutraliseFormula } from "../../services/privacy/src/domain/export-csv.ts";
import { type Decision, type Policy, standings } from "../../services/privacy/src/domain/policies.ts";
import {
  allConfirmed,
  blockedReasonFor,
  isCancellable,
  isOpen,
  legalDeadlineOf,
  retryDelayMs,
} from "../../services/privacy/src/domain/requests.ts";
import { parseCsv } from "../integration/privacy-fixtures.ts";

const policy = (policyId: string, currentVersion: number, required = true): Policy => ({
  policyId,
  title: policyId,
  required,
  currentVersion,
});
const decision = (policyId: string, version: number, value: "accept" | "decline"): Decision => ({
  userId: "u1",
  policyId,
  decisionId: `d-${policyId}-${version}`,
  version,
  decision: value,
  decidedAt: "2026-01-01T00:00:00.000Z",
});

describe("policy standings", () => {
  it("lists published policies only", () => {
    expect(standings([policy("draft", 0), policy("terms", 1)], []).map((s) => s.policy.policyId)).toEqual(["terms"]);
  });

  it.each([
    [
      "no decision on a required policy",
      policy("p", 2),
      undefined,
      { updatedSinceDecision: false, actionRequired: true },
    ],
    [
      "the current version accepted",
      policy("p", 2),
      decision("p", 2, "accept"),
      { updatedSinceDecision: false, actionRequired: false },
    ],
    [
      "an older version accepted",
      policy("p", 2),
      decision("p", 1, "accept"),
      { updatedSinceDecision: true, actionRequired: true },
    ],
    [
      "the current version declined",
      policy("p", 2),
      decision("p", 2, "decline"),
      { updatedSinceDecision: false, actionRequired: true },
    ],
    [
      "an optional policy declined",
      policy("p", 2, false),
      decision("p", 2, "decline"),
      { updatedSinceDecision: false, actionRequired: false },
    ],
    [
      "an optional policy, older decision",
      policy("p", 3, false),
      decision("p", 1, "accept"),
      { updatedSinceDecision: true, actionRequired: false },
    ],
  ])("with %s", (_case, p, d, expected) => {
    const [standing] = standings([p], d ? [d] : []);
    expect(standing).toMatchObject(expected);
  });
});

describe("requests", () => {
  it.each([
    ["2026-01-15T10:00:00.000Z", "2026-02-15T10:00:00.000Z"],
    ["2026-01-31T10:00:00.000Z", "2026-02-28T10:00:00.000Z"],
    ["2028-01-31T10:00:00.000Z", "2028-02-29T10:00:00.000Z"],
    ["2026-03-31T23:59:00.000Z", "2026-04-30T23:59:00.000Z"],
    ["2026-12-20T00:00:00.000Z", "2027-01-20T00:00:00.000Z"],
  ])("puts the legal deadline of a request received %s one month on: %s", (received, deadline) => {
    expect(legalDeadlineOf(new Date(received)).toISOString()).toBe(deadline);
  });

  it("lets an erasure be cancelled only before erasing starts", () => {
    expect(isCancellable({ status: "scheduled" })).toBe(true);
    expect(isCancellable({ status: "blocked" })).toBe(true);
    expect(isCancellable({ status: "erasing" })).toBe(false);
    expect(isCancellable({ status: "completed" })).toBe(false);
    expect(isOpen({ status: "erasing" })).toBe(true);
    expect(isOpen({ status: "sent" })).toBe(false);
  });

  it("completes an erasure only when every awaited service confirmed", () => {
    expect(allConfirmed({ awaitingServices: ["users", "accounts"], confirmedServices: ["users"] })).toBe(false);
    expect(allConfirmed({ awaitingServices: ["users", "accounts"], confirmedServices: ["accounts", "users"] })).toBe(
      true,
    );
  });

  it("backs off exponentially between export attempts, up to an hour", () => {
    expect([1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 3_600_000]);
  });

  it("names the blocking accounts in the reason", () => {
    expect(blockedReasonFor(["Acme"])).toContain("an account that other people use (Acme)");
    expect(blockedReasonFor(["A", "B"])).toContain("accounts that other people use (A, B)");
  });
});

describe("the export CSV", () => {
  it("is one file in long form: section, record, field, value", () => {
    const csv = exportCsv([
      {
        section: "profile",
        rows: [{ email: "a@example.test", fullName: 'Ann "Ace", Jr.', verified: true, phone: null }],
      },
      {
        section: "memberships",
        rows: [
          { accountId: "A1", role: "owner" },
          { accountId: "A2", role: "viewer" },
        ],
      },
      { section: "consents", rows: [] },
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ["section", "record", "field", "value"],
      ["profile", "1", "email", "a@example.test"],
      ["profile", "1", "fullName", 'Ann "Ace", Jr.'],
      ["profile", "1", "verified", "true"],
      ["profile", "1", "phone", ""],
      ["memberships", "1", "accountId", "A1"],
      ["memberships", "1", "role", "owner"],
      ["memberships", "2", "accountId", "A2"],
      ["memberships", "2", "role", "viewer"],
      ["consents", "", "", ""],
    ]);
  });

  it("quotes a value with a line break of any kind, so each record stays one CSV row", () => {
    const csv = exportCsv([{ section: "notes", rows: [{ lf: "one\ntwo", cr: "one\rtwo", crlf: "one\r\ntwo" }] }]);
    expect(csv).toContain('"one\ntwo"');
    expect(csv).toContain('"one\rtwo"');
    expect(parseCsv(csv).slice(1)).toEqual([
      ["notes", "1", "lf", "one\ntwo"],
      ["notes", "1", "cr", "one\rtwo"],
      ["notes", "1", "crlf", "one\r\ntwo"],
    ]);
  });

  it.each([
    ['=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["+48 600 100 200", "+48 600 100 200"],
    ["-12.5", "-12.5"],
    ["plain", "plain"],
  ])("keeps a spreadsheet from running %s as a formula", (value, expected) => {
    expect(neutraliseFormula(value)).toBe(expected);
  });
});
