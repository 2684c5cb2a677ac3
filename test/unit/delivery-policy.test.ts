import { describe, expect, it } from "vitest";
import {
  decideDelivery,
  MESSAGE_CATEGORIES,
  type MessageCategory,
  type RestrictionScope,
} from "../../services/notify/src/domain/delivery-policy.ts";
import type { Mailer, OutgoingEmail } from "../../services/notify/src/ports/mailer.ts";
import { policedMailer } from "../../services/notify/src/use-cases/policed-mailer.ts";

const standing = (...scopes: RestrictionScope[]) => ({ restrictions: new Set(scopes) });
const allowed = (category: MessageCategory, ...scopes: RestrictionScope[]) =>
  decideDelivery(category, standing(...scopes)).deliver;

describe("the delivery policy", () => {
  it("sends every category to an unrestricted user", () => {
    for (const category of MESSAGE_CATEGORIES) expect(allowed(category)).toBe(true);
  });

  it("under restricted processing: service mail still goes, no news, no partner reports (SPEC 6.5)", () => {
    expect(allowed("security", "processing")).toBe(true);
    expect(allowed("account", "processing")).toBe(true);
    expect(allowed("billing", "processing")).toBe(true);
    expect(allowed("news", "processing")).toBe(false);
    expect(allowed("partner_reports", "processing")).toBe(false);
  });

  it("under restricted marketing: only news stops", () => {
    expect(allowed("news", "marketing")).toBe(false);
    expect(allowed("partner_reports", "marketing")).toBe(true);
    expect(allowed("account", "marketing")).toBe(true);
  });
});

describe("policedMailer", () => {
  const setup = (scopes: Record<string, RestrictionScope[]>) => {
    const sent: OutgoingEmail[] = [];
    const reads: string[] = [];
    const inner: Mailer = {
      send: async (email) => {
        sent.push(email);
        return { messageId: `m${sent.length}` };
      },
      ping: async () => undefined,
    };
    const mailer = policedMailer(inner, {
      standingOf: async (userId) => {
        reads.push(userId);
        return standing(...(scopes[userId] ?? []));
      },
    });
    return { mailer, sent, reads };
  };
  const email = (category: MessageCategory, recipientUserId?: string): OutgoingEmail => ({
    to: "x@example.test",
    subject: "s",
    text: "t",
    html: "<p>t</p>",
    category,
    ...(recipientUserId ? { recipientUserId } : {}),
  });

  it("holds back a partner report to a processing-restricted recipient and sends the others", async () => {
    const { mailer, sent } = setup({ restricted: ["processing"] });
    expect(await mailer.send(email("partner_reports", "restricted"))).toEqual({
      messageId: undefined,
      suppressed: "restricted",
    });
    expect(await mailer.send(email("partner_reports", "free"))).toEqual({ messageId: "m1" });
    expect(sent.map((e) => e.category)).toEqual(["partner_reports"]);
  });

  it("reads no standing for service mail, and treats a recipient who is not a user as unrestricted", async () => {
    const { mailer, sent, reads } = setup({ restricted: ["processing"] });
    await mailer.send(email("security", "restricted"));
    await mailer.send(email("news"));
    expect(reads).toEqual([]);
    expect(sent).toHaveLength(2);
  });
});
