import type { EventData, EventDetail, EventType } from "./registry.ts";

// Example ids: ULIDs as the services issue them, reused so the examples read as one story.
const userId = "01JD5Q8Z2V7K3M4N5P6Q7R8S9T";
const otherUserId = "01JD5QA3B4C5D6E7F8G9H0J1K2";
const adminId = "01JD5Q9X0Y1Z2A3B4C5D6E7F8G";
const accountId = "01JD5Q8Z3A4B5C6D7E8F9G0H1J";
const subaccountId = "01JD5QB6C7D8E9F0G1H2J3K4M5";
const partnerAccountId = "01JD5QC1D2E3F4G5H6J7K8M9N0";
const invitationId = "01JD5QD4E5F6G7H8J9K0M1N2P3";
const requestId = "01JD5QE7F8G9H0J1K2M3N4P5Q6";
const resourceId = "01JD5QF0G1H2J3K4M5N6P7Q8R9";
/** What a KMS-sealed link token or code looks like on the bus (never the secret itself). */
const sealed = "AQICAHhx5Yk0m3Vn2bQpWJ8u1Z9sXrT4cLeGf7hD0aKq6NwBvAAAAH4wfAYJKoZIhvcNAQcGoG8wbQIBADBoBgkqhkiG9w0BBwE=";

const occurredAt = "2026-11-22T10:00:00.000Z";
const expiresAt = "2026-11-29T10:00:00.000Z";
const asUser = { type: "user", userId } as const;
const asAdmin = { type: "user", userId: adminId } as const;
const asSystem = { type: "system" } as const;
const asPlatformAdmin = { type: "platform-admin", userId: adminId } as const;

const envelope = (eventId: string, actor: EventDetail["actor"], scope?: string) => ({
  eventId,
  occurredAt,
  ...(scope ? { accountId: scope } : {}),
  actor,
});

const invitation: EventData<"InvitationCreated"> = {
  accountId,
  invitationId,
  email: "jan.kowalski@example.com",
  fullName: "Jan Kowalski",
  role: "user",
  accountName: "Acme Sp. z o.o.",
  inviterName: "Anna Nowak",
  locale: "pl",
  resources: [{ name: "Accounting", type: "application", level: "use" }],
  invitationToken: sealed,
  expiresAt,
};

/**
 * One example `detail` per event, keyed by its `detail-type`: the one place examples live. The event
 * catalog (`/events.json`, `/docs/events`) publishes them, and a unit test checks each against its
 * contract, so an example cannot drift from the schema it illustrates.
 */
export const eventExamples: { [T in EventType]: EventDetail<T> } = {
  UserRegistered: {
    ...envelope("01JD5R0A1B2C3D4E5F6G7H8J9K", asUser, accountId),
    data: {
      userId,
      email: "anna.nowak@example.com",
      fullName: "Anna Nowak",
      locale: "pl",
      accountId,
      accountName: "Acme Sp. z o.o.",
      verificationToken: sealed,
      verificationExpiresAt: expiresAt,
    },
  },
  EmailVerificationRequested: {
    ...envelope("01JD5R0B1C2D3E4F5G6H7J8K9M", asUser),
    data: {
      userId,
      email: "anna.nowak@example.com",
      fullName: "Anna Nowak",
      locale: "en",
      verificationToken: sealed,
      verificationExpiresAt: expiresAt,
    },
  },
  EmailVerified: { ...envelope("01JD5R0C1D2E3F4G5H6J7K8M9N", asUser), data: { userId } },
  PasswordResetRequested: {
    ...envelope("01JD5R0D1E2F3G4H5J6K7M8N9P", asSystem),
    data: {
      userId,
      email: "anna.nowak@example.com",
      fullName: "Anna Nowak",
      locale: "en",
      resetToken: sealed,
      resetExpiresAt: "2026-11-22T11:00:00.000Z",
    },
  },
  PasswordChanged: {
    ...envelope("01JD5R0E1F2G3H4J5K6M7N8P9Q", asUser),
    data: { userId, email: "anna.nowak@example.com", fullName: "Anna Nowak", locale: "en" },
  },
  ProfileUpdated: {
    ...envelope("01JD5R0F1G2H3J4K5M6N7P8Q9R", asUser),
    data: { userId, changed: ["fullName", "timezone"], fullName: "Anna Nowak-Wiśniewska", timezone: "Europe/Warsaw" },
  },
  AccountCreated: {
    ...envelope("01JD5R0G1H2J3K4M5N6P7Q8R9S", asUser, accountId),
    data: { accountId, name: "Acme Sp. z o.o.", kind: "standard", ownerUserId: userId },
  },
  MemberAdded: {
    ...envelope("01JD5R0H1J2K3M4N5P6Q7R8S9T", asAdmin, accountId),
    data: { accountId, userId: otherUserId, role: "user" },
  },
  InvitationCreated: { ...envelope("01JD5R0J1K2M3N4P5Q6R7S8T9V", asAdmin, accountId), data: invitation },
  InvitationRegenerated: {
    ...envelope("01JD5R0K1M2N3P4Q5R6S7T8V9W", asAdmin, accountId),
    data: { ...invitation, expiresAt: "2026-11-30T10:00:00.000Z" },
  },
  InvitationAccepted: {
    ...envelope("01JD5R0M1N2P3Q4R5S6T7V8W9X", { type: "user", userId: otherUserId }, accountId),
    data: { accountId, invitationId, userId: otherUserId, role: "user", newUser: true },
  },
  InvitationRevoked: {
    ...envelope("01JD5R0N1P2Q3R4S5T6V7W8X9Y", asAdmin, accountId),
    data: { accountId, invitationId },
  },
  PartnerReportDue: {
    ...envelope("01JD5R0P1Q2R3S4T5V6W7X8Y9Z", asAdmin, accountId),
    data: {
      partnerAccountId,
      partnerName: "Partner Consulting",
      managedAccountId: accountId,
      managedAccountName: "Acme Sp. z o.o.",
      report: "created",
      recipients: [{ userId: adminId, email: "reports@partner.example.com", fullName: "Piotr Zieliński" }],
    },
  },
  SubaccountGrantsChanged: {
    ...envelope("01JD5R0Q1R2S3T4V5W6X7Y8Z90", asAdmin, accountId),
    data: { accountId, userId: otherUserId, subaccountIds: [subaccountId] },
  },
  UserDeletionRequested: {
    ...envelope("01JD5R0R1S2T3V4W5X6Y7Z8091", asAdmin, accountId),
    data: { userId: otherUserId, accountId, requestedBy: adminId },
  },
  AccountUpdated: {
    ...envelope("01JD5R0S1T2V3W4X5Y6Z708192", asAdmin, accountId),
    data: { accountId, changed: ["delegationEnabled"], delegationEnabled: false },
  },
  AccountDeleted: {
    ...envelope("01JD5R0T1V2W3X4Y5Z60718293", asAdmin, subaccountId),
    data: { accountId: subaccountId, parentAccountId: accountId },
  },
  MemberUpdated: {
    ...envelope("01JD5R0V1W2X3Y4Z5061728394", asAdmin, accountId),
    data: { accountId, userId: otherUserId, changed: ["role"], role: "admin" },
  },
  MemberRemoved: {
    ...envelope("01JD5R0W1X2Y3Z405162738495", asAdmin, accountId),
    data: { accountId, userId: otherUserId },
  },
  OwnershipTransferred: {
    ...envelope("01JD5R0X1Y2Z30415263748596", asUser, accountId),
    data: { accountId, fromUserId: userId, toUserId: otherUserId },
  },
  ResourceChanged: {
    ...envelope("01JD5R0Y1Z2030415263748597", asAdmin, accountId),
    data: { accountId, resourceId, change: "access", userId: otherUserId, level: "use" },
  },
  PolicyVersionPublished: {
    ...envelope("01JD5R0Z102030415263748598", asPlatformAdmin),
    data: {
      policyId: "privacy-policy",
      title: "Privacy policy",
      version: 3,
      required: true,
      summary: "We now name our email provider as a processor.",
      url: "https://tenantry.example.com/privacy/v3",
    },
  },
  PolicyDecisionRecorded: {
    ...envelope("01JD5R10112030415263748599", asUser),
    data: { userId, policyId: "privacy-policy", version: 3, decision: "accept" },
  },
  PolicyChangeNoticeRequested: {
    ...envelope("01JD5R1112203041526374859A", asSystem),
    data: {
      userId,
      policyId: "privacy-policy",
      title: "Privacy policy",
      version: 3,
      summary: "We now name our email provider as a processor.",
      url: "https://tenantry.example.com/privacy/v3",
      required: true,
    },
  },
  PrivacyRestrictionChanged: {
    ...envelope("01JD5R1212203041526374859B", asUser),
    data: { userId, scope: "marketing", restricted: true },
  },
  UserErasureBlocked: {
    ...envelope("01JD5R1312203041526374859C", asSystem),
    data: { requestId, userId, accounts: [{ accountId, name: "Acme Sp. z o.o." }] },
  },
  UserErasureRequested: { ...envelope("01JD5R1412203041526374859D", asSystem), data: { requestId, userId } },
  UserErasureConfirmed: {
    ...envelope("01JD5R1512203041526374859E", asSystem),
    data: { requestId, userId, service: "accounts", erasedItems: 7 },
  },
  UserErased: { ...envelope("01JD5R1612203041526374859F", asSystem), data: { requestId, userId } },
  PhoneVerificationCodeIssued: {
    ...envelope("01JD5R1712203041526374859G", asUser),
    data: {
      userId,
      number: "+48601234567",
      purpose: "verify",
      locale: "pl",
      code: sealed,
      expiresAt: "2026-11-22T10:10:00.000Z",
    },
  },
  UserPhoneChanged: {
    ...envelope("01JD5R1812203041526374859H", asUser),
    data: {
      userId,
      phone: { number: "+48601234567", status: "confirmed" },
      fullName: "Anna Nowak",
      locale: "pl",
      email: "anna.nowak@example.com",
    },
  },
  UserIdentityChangedBySupport: {
    ...envelope("01JD5R1912203041526374859J", asPlatformAdmin),
    data: {
      userId,
      changed: ["email"],
      fullName: "Anna Nowak",
      locale: "pl",
      email: "anna@acme.example.com",
      previousEmail: "anna.nowak@example.com",
    },
  },
  TwoFactorChanged: {
    ...envelope("01JD5R1A12203041526374859K", asUser),
    data: { userId, email: "anna.nowak@example.com", fullName: "Anna Nowak", locale: "en", enabled: true },
  },
  TelegramLinked: {
    ...envelope("01JD5R1C12203041526374859M", asUser),
    data: { userId, username: "anna_nowak", linkedAt: "2026-11-20T09:00:00.000Z" },
  },
  TelegramUnlinked: {
    ...envelope("01JD5R1D12203041526374859N", asUser),
    data: { userId, unlinkedAt: "2026-11-21T09:00:00.000Z" },
  },
  BroadcastBatchQueued: {
    ...envelope("01JD5R1B12203041526374859L", asPlatformAdmin),
    data: {
      broadcastId: "01JD2Z6Q7XKQ8W3V5M4N6P7R8S",
      batch: 1,
      cursor: "eyJwayI6Ik5PVElGWSNORVdTI1NVQlNDUklCRVJTIn0",
    },
  },
};
