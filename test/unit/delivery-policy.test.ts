import { describe, expect, it } from "vitest";
import {
  decideDelivery,
  MESSAGE_CATEGORIES,
  type MessageCategory,
  type RecipientStanding,
  type RestrictionScope,
} from "../../services/notify/src/domain/delivery-policy.ts";
import {
  DEFAULT_PREFERENCES,
  effectivePreferences,
  type PreferenceChoices,
  preferenceViolations,
} from "../../services/notify/src/domain/notification-preferences.ts";
import type { OutgoingEmail } from "../../services/notify/src/ports/mailer.ts";
import type { Recipient } from "../../services/notify/src/ports/recipient-store.ts";
import { policedMailer, type RecipientFacts } from "../../services/notify/src/use-cases/delivery/policed-mailer.ts";

const standing = (
  options: {
    restrictions?: RestrictionScope[];
    choices?: PreferenceChoices;
    reachable?: Partial<RecipientStanding["reachable"]>;
  } = {},
): RecipientStanding => ({
  restrictions: new Set(options.restrictions ?? []),
  preferences: effectivePreferences(options.choices),
  reachable: { email: true, sms: false, telegram: false, ...options.reachable },
  locale: "ru",
});
const allowed = (category: MessageCategory, ...scopes: RestrictionScope[]) =>
  decideDelivery(category, standing({ restrictions: scopes, choices: { news: { email: true } } })).deliver;

describe("the delivery decision", () => {
  it("sends every category a user wants to an unrestricted user", () => {
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

  it("news is opt-in: nothing goes on the defaults", () => {
    expect(decideDelivery("news", standing())).toEqual({ deliver: false, reason: "opted_out" });
  });

  it("picks every wanted channel the recipient can be reached on, in their locale", () => {
    const choices = { security: { sms: true, telegram: true } };
    expect(decideDelivery("security", standing({ choices, reachable: { sms: true, telegram: true } }))).toEqual({
      deliver: true,
      channels: ["email", "sms", "telegram"],
      locale: "ru",
    });
    // The phone was removed and the chat unlinked since: those channels are skipped, email stays.
    expect(decideDelivery("security", standing({ choices }))).toEqual({
      deliver: true,
      channels: ["email"],
      locale: "ru",
    });
  });

  it("says why nothing goes: opted out, or wanted only on channels out of reach", () => {
    expect(decideDelivery("account", standing({ choices: { account: { email: false } } }))).toEqual({
      deliver: false,
      reason: "opted_out",
    });
    expect(
      decideDelivery("news", standing({ choices: { news: { telegram: true } }, reachable: { telegram: false } })),
    ).toEqual({ deliver: false, reason: "unreachable" });
  });

  it("a message bound to its address goes there whatever the preferences, but restrictions still hold", () => {
    const optedOut = standing({ choices: { account: { email: false } } });
    expect(decideDelivery("account", optedOut, { boundTo: "email" })).toEqual({
      deliver: true,
      channels: ["email"],
      locale: "ru",
    });
    expect(decideDelivery("news", standing({ restrictions: ["marketing"] }), { boundTo: "email" }).deliver).toBe(false);
  });
});

describe("preference rules", () => {
  it("security email cannot be turned off", () => {
    expect(preferenceViolations({ security: { email: false } }, { sms: true, telegram: true })).toEqual([
      expect.objectContaining({ code: "security_email_required", path: "body.preferences.security.email" }),
    ]);
  });

  it("turning sms on needs a confirmed phone, telegram a linked chat; turning them off never does", () => {
    const changes = { news: { sms: true, telegram: true } };
    expect(preferenceViolations(changes, { sms: false, telegram: false }).map((v) => v.code)).toEqual([
      "phone_not_confirmed",
      "telegram_not_linked",
    ]);
    expect(preferenceViolations(changes, { sms: true, telegram: true })).toEqual([]);
    expect(preferenceViolations({ news: { sms: false, telegram: false } }, { sms: false, telegram: false })).toEqual(
      [],
    );
  });

  it("defaults: service mail by email, news off everywhere, partner reports by email", () => {
    expect(effectivePreferences()).toEqual(DEFAULT_PREFERENCES);
    expect(DEFAULT_PREFERENCES.news).toEqual({ email: false, sms: false, telegram: false });
    expect(effectivePreferences({ news: { email: true } }).news).toEqual({ email: true, sms: false, telegram: false });
  });
});

describe("policedMailer: one decision, every channel", () => {
  const setup = (facts: Record<string, Partial<RecipientFacts>>, withTelegram = true) => {
    const sent: Array<{ channel: string; to: string; text: string }> = [];
    const reads: string[] = [];
    const factsOf = (userId: string): RecipientFacts => ({
      recipient: undefined,
      restrictions: new Set(),
      preferences: DEFAULT_PREFERENCES,
      ...facts[userId],
    });
    const mailer = policedMailer(
      {
        email: {
          send: async (email) => {
            sent.push({ channel: "email", to: email.to, text: email.subject });
            return { messageId: `m${sent.length}` };
          },
          ping: async () => undefined,
        },
        sms: {
          send: async ({ to, text }) => {
            sent.push({ channel: "sms", to, text });
            return { messageId: `s${sent.length}` };
          },
        },
        ...(withTelegram
          ? {
              telegram: {
                send: async ({ chatId, text }: { chatId: string; text: string }) => {
                  sent.push({ channel: "telegram", to: chatId, text });
                },
              },
            }
          : {}),
      },
      {
        of: async (userId) => {
          reads.push(userId);
          return factsOf(userId);
        },
        ofMany: async (userIds) => new Map(userIds.map((id) => [id, factsOf(id)])),
      },
    );
    return { mailer, sent, reads };
  };
  const email = (category: MessageCategory, recipientUserId?: string): OutgoingEmail => ({
    to: "x@example.test",
    subject: "Subject",
    text: "Body https://example.test/link",
    html: "<p>t</p>",
    category,
    ...(recipientUserId ? { recipientUserId } : {}),
  });
  const linked: Recipient = {
    userId: "u",
    fullName: "U",
    locale: "en",
    email: "x@example.test",
    phone: { number: "+48601234567", status: "confirmed" },
    telegram: { chatId: "4242", linkedAt: "2026-01-01T00:00:00.000Z" },
  };

  it("holds back a partner report to a processing-restricted recipient and sends the others", async () => {
    const { mailer, sent } = setup({ restricted: { restrictions: new Set(["processing"]) } });
    expect(await mailer.send(email("partner_reports", "restricted"))).toEqual({
      messageId: undefined,
      suppressed: "restricted",
    });
    expect(await mailer.send(email("partner_reports", "free"))).toMatchObject({ messageId: "m1" });
    expect(sent.map((e) => e.channel)).toEqual(["email"]);
  });

  it("sends by SMS and Telegram too when the user chose them, to their phone and chat", async () => {
    const { mailer, sent } = setup({
      u: { recipient: linked, preferences: effectivePreferences({ security: { sms: true, telegram: true } }) },
    });
    await mailer.send(email("security", "u"));
    expect(sent).toEqual([
      { channel: "email", to: "x@example.test", text: "Subject" },
      { channel: "sms", to: "+48601234567", text: "Subject https://example.test/link" },
      { channel: "telegram", to: "4242", text: "Subject\n\nBody https://example.test/link" },
    ]);
  });

  it("never picks a channel this function has no sender for (Telegram not wired)", async () => {
    const { mailer, sent } = setup(
      { u: { recipient: linked, preferences: effectivePreferences({ news: { telegram: true } }) } },
      false,
    );
    expect(await mailer.send(email("news", "u"))).toEqual({ messageId: undefined, suppressed: "unreachable" });
    expect(sent).toEqual([]);
  });

  it("reads no standing for a code bound to its number, and treats a recipient who is not a user by the defaults", async () => {
    const { mailer, sent, reads } = setup({});
    await mailer.sendSms({
      category: "security",
      to: "+48601234567",
      text: "code",
      recipientUserId: "u",
      locale: "en",
    });
    await mailer.send({ ...email("account"), boundTo: "email" });
    expect(await mailer.send(email("news"))).toMatchObject({ suppressed: "opted_out" });
    expect(reads).toEqual([]);
    expect(sent.map((m) => m.channel)).toEqual(["sms", "email"]);
  });
});
