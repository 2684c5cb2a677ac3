import * as z from "zod";
import { onFirstUse } from "../cold-start/on-first-use.ts";

/** Prefix of every event `source`: `<app>.<service>`. */
export const APP_NAME = "tenantry";

/** The platform's services; `docs` serves the documentation and takes no part in events. */
export type ServiceName = "users" | "accounts" | "privacy" | "notify" | "docs";

// The parts several events share are built with the first event that needs one, like the events'
// own schemas: importing the registry builds no schema (a request that publishes nothing, or a
// function that only reads `consumers`, never pays for them).
const locale = onFirstUse(() => z.enum(["en", "ru", "pl"]));
/** A phone number in E.164 form. */
const phoneNumber = onFirstUse(() => z.string().regex(/^\+[1-9]\d{6,14}$/));

/**
 * A secret (a link token) encrypted with the platform's KMS key, so an event can carry it to
 * the service that delivers it without the secret ever being readable in the table, the stream
 * or the bus.
 */
const sealedSecret = onFirstUse(() => z.string().min(1).describe("KMS ciphertext, base64"));

const actorSchema = onFirstUse(() =>
  z.object({
    type: z.enum(["user", "system", "platform-admin"]),
    userId: z.string().optional(),
  }),
);
export type Actor = z.infer<ReturnType<typeof actorSchema>>;

/** What an invitation email needs: who invites, to what, as what, with which resources, and the link. */
const invitationMessage = onFirstUse(() =>
  z.object({
    accountId: z.string(),
    invitationId: z.string(),
    email: z.email(),
    fullName: z.string().optional(),
    role: z.string(),
    accountName: z.string(),
    inviterName: z.string(),
    locale: locale(),
    resources: z.array(z.object({ name: z.string(), type: z.string(), level: z.string() })),
    invitationToken: sealedSecret(),
    expiresAt: z.iso.datetime(),
  }),
);

interface EventContract<D extends z.ZodType> {
  /** The service whose domain the event belongs to; the event's `source` is `<app>.<service>`. */
  source: ServiceName;
  description: string;
  data: D;
  producers: ServiceName[];
  consumers: ServiceName[];
}

/**
 * An event contract whose `data` schema is built on first read, not at import: a cold start
 * pays only for the events its function actually produces or consumes.
 */
const defineEvent = <D extends z.ZodType>({
  data: buildData,
  ...contract
}: Omit<EventContract<D>, "data"> & { data: () => D }): EventContract<D> => {
  const data = onFirstUse(buildData);
  return {
    ...contract,
    get data() {
      return data();
    },
  };
};

/**
 * Every domain event, by its `detail-type`. Producers write them to the outbox in the same
 * transaction as the state change; the stream relay publishes them; CDK and the local runtime
 * derive their consumer rules from `consumers`.
 */
export const eventContracts = {
  UserRegistered: defineEvent({
    source: "users",
    description: "A person signed up; carries the sealed email-verification link token.",
    data: () =>
      z.object({
        userId: z.string(),
        email: z.email(),
        fullName: z.string(),
        locale: locale(),
        accountId: z.string(),
        accountName: z.string(),
        verificationToken: sealedSecret(),
        verificationExpiresAt: z.iso.datetime(),
      }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  EmailVerificationRequested: defineEvent({
    source: "users",
    description: "A user asked for a new verification link.",
    data: () =>
      z.object({
        userId: z.string(),
        email: z.email(),
        fullName: z.string(),
        locale: locale(),
        verificationToken: sealedSecret(),
        verificationExpiresAt: z.iso.datetime(),
      }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  EmailVerified: defineEvent({
    source: "users",
    description: "A user proved control of their email address.",
    data: () => z.object({ userId: z.string() }),
    producers: ["users"],
    consumers: [],
  }),
  PasswordResetRequested: defineEvent({
    source: "users",
    description: "A reset link was issued; carries the sealed reset token.",
    data: () =>
      z.object({
        userId: z.string(),
        email: z.email(),
        fullName: z.string(),
        locale: locale(),
        resetToken: sealedSecret(),
        resetExpiresAt: z.iso.datetime(),
      }),
    producers: ["users", "accounts"],
    consumers: ["notify"],
  }),
  PasswordChanged: defineEvent({
    source: "users",
    description: "A user's password was changed; the user gets a security notice.",
    data: () => z.object({ userId: z.string(), email: z.email(), fullName: z.string(), locale: locale() }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  ProfileUpdated: defineEvent({
    source: "users",
    description: "Profile fields changed (names of the fields and their new values).",
    data: () =>
      z.object({
        userId: z.string(),
        changed: z.array(z.string()),
        fullName: z.string().optional(),
        locale: locale().optional(),
        timezone: z.string().optional(),
        /** With `changed: ["avatar"]`: the new avatar's object key, or null when it was removed. */
        avatarKey: z.string().nullable().optional(),
      }),
    producers: ["users"],
    consumers: ["notify", "accounts"],
  }),
  AccountCreated: defineEvent({
    source: "accounts",
    description: "A new account exists.",
    data: () =>
      z.object({
        accountId: z.string(),
        name: z.string(),
        kind: z.enum(["standard", "partner"]),
        parentAccountId: z.string().optional(),
        ownerUserId: z.string().optional(),
      }),
    producers: ["users", "accounts"],
    consumers: [],
  }),
  MemberAdded: defineEvent({
    source: "accounts",
    description: "A user became a member of an account.",
    data: () => z.object({ accountId: z.string(), userId: z.string(), role: z.string() }),
    producers: ["users", "accounts"],
    consumers: [],
  }),
  InvitationCreated: defineEvent({
    source: "accounts",
    description: "Someone was invited; carries what the invitation email says and the sealed link token.",
    data: invitationMessage,
    producers: ["accounts"],
    consumers: ["notify"],
  }),
  InvitationRegenerated: defineEvent({
    source: "accounts",
    description: "An invitation got a new link (the old one stopped working); the email is sent again.",
    data: invitationMessage,
    producers: ["accounts"],
    consumers: ["notify"],
  }),
  InvitationAccepted: defineEvent({
    source: "accounts",
    description: "An invitation was accepted: the user is now a member.",
    data: () =>
      z.object({
        accountId: z.string(),
        invitationId: z.string(),
        userId: z.string(),
        role: z.string(),
        newUser: z.boolean(),
      }),
    producers: ["accounts"],
    consumers: [],
  }),
  InvitationRevoked: defineEvent({
    source: "accounts",
    description: "A pending invitation was revoked; its link answers 410.",
    data: () => z.object({ accountId: z.string(), invitationId: z.string() }),
    producers: ["accounts"],
    consumers: [],
  }),
  PartnerReportDue: defineEvent({
    source: "accounts",
    description:
      "Something happened to a partner's managed account (created, owner joined, delegation switched off, deleted); carries who in the partner receives reports.",
    data: () =>
      z.object({
        partnerAccountId: z.string(),
        partnerName: z.string(),
        managedAccountId: z.string(),
        managedAccountName: z.string(),
        report: z.enum(["created", "owner_joined", "delegation_disabled", "deleted"]),
        recipients: z.array(z.object({ userId: z.string(), email: z.email(), fullName: z.string() })),
      }),
    producers: ["accounts"],
    consumers: ["notify"],
  }),
  SubaccountGrantsChanged: defineEvent({
    source: "accounts",
    description: "The sub-accounts a parent member may enter changed.",
    data: () => z.object({ accountId: z.string(), userId: z.string(), subaccountIds: z.array(z.string()) }),
    producers: ["accounts"],
    consumers: [],
  }),
  UserDeletionRequested: defineEvent({
    source: "accounts",
    description:
      "An admin who manages a user's whole identity asked to delete the user; privacy erases them like a user's own request, without the grace period.",
    data: () => z.object({ userId: z.string(), accountId: z.string(), requestedBy: z.string() }),
    producers: ["accounts"],
    consumers: ["privacy"],
  }),
  AccountUpdated: defineEvent({
    source: "accounts",
    description: "An account's name, settings or delegation changed (names of the changed fields).",
    data: () =>
      z.object({ accountId: z.string(), changed: z.array(z.string()), delegationEnabled: z.boolean().optional() }),
    producers: ["accounts"],
    consumers: [],
  }),
  AccountDeleted: defineEvent({
    source: "accounts",
    description: "An account was deleted; its items are purged by the accounts service.",
    data: () =>
      z.object({ accountId: z.string(), parentAccountId: z.string().optional(), managedBy: z.string().optional() }),
    producers: ["accounts"],
    consumers: ["accounts"],
  }),
  MemberUpdated: defineEvent({
    source: "accounts",
    description: "A member's role, status, rights or name changed.",
    data: () =>
      z.object({
        accountId: z.string(),
        userId: z.string(),
        changed: z.array(z.string()),
        role: z.string().optional(),
        status: z.enum(["active", "disabled"]).optional(),
      }),
    producers: ["accounts"],
    consumers: [],
  }),
  MemberRemoved: defineEvent({
    source: "accounts",
    description: "A user left an account (removed by an admin).",
    data: () => z.object({ accountId: z.string(), userId: z.string() }),
    producers: ["accounts"],
    consumers: [],
  }),
  OwnershipTransferred: defineEvent({
    source: "accounts",
    description: "An account's owner changed.",
    data: () => z.object({ accountId: z.string(), fromUserId: z.string(), toUserId: z.string() }),
    producers: ["accounts"],
    consumers: [],
  }),
  ResourceChanged: defineEvent({
    source: "accounts",
    description: "A resource was created, updated or deleted, or a member's access to it changed.",
    data: () =>
      z.object({
        accountId: z.string(),
        resourceId: z.string(),
        change: z.enum(["created", "updated", "deleted", "access"]),
        userId: z.string().optional(),
        level: z.enum(["none", "view", "use", "administer"]).optional(),
      }),
    producers: ["accounts"],
    consumers: [],
  }),
  PolicyVersionPublished: defineEvent({
    source: "privacy",
    description: "A platform admin published a new version of a policy.",
    data: () =>
      z.object({
        policyId: z.string(),
        title: z.string(),
        version: z.number().int().positive(),
        required: z.boolean(),
        summary: z.string(),
        url: z.string().optional(),
      }),
    producers: ["privacy"],
    consumers: [],
  }),
  PolicyDecisionRecorded: defineEvent({
    source: "privacy",
    description: "A user accepted or declined a version of a policy (marketing consent among them).",
    data: () =>
      z.object({
        userId: z.string(),
        policyId: z.string(),
        version: z.number().int().positive(),
        decision: z.enum(["accept", "decline"]),
      }),
    producers: ["privacy"],
    consumers: [],
  }),
  PolicyChangeNoticeRequested: defineEvent({
    source: "privacy",
    description: "A user who decided on an earlier version of a policy is to be told about the new one.",
    data: () =>
      z.object({
        userId: z.string(),
        policyId: z.string(),
        title: z.string(),
        version: z.number().int().positive(),
        summary: z.string(),
        url: z.string().optional(),
        required: z.boolean(),
      }),
    producers: ["privacy"],
    consumers: ["notify"],
  }),
  PrivacyRestrictionChanged: defineEvent({
    source: "privacy",
    description: "A user restricted (or lifted a restriction on) marketing or processing of their data.",
    data: () => z.object({ userId: z.string(), scope: z.enum(["marketing", "processing"]), restricted: z.boolean() }),
    producers: ["privacy"],
    consumers: ["notify"],
  }),
  UserErasureBlocked: defineEvent({
    source: "privacy",
    description: "A due erasure cannot run: the user owns accounts that have other members.",
    data: () =>
      z.object({
        requestId: z.string(),
        userId: z.string(),
        accounts: z.array(z.object({ accountId: z.string(), name: z.string() })),
      }),
    producers: ["privacy"],
    consumers: ["notify"],
  }),
  UserErasureRequested: defineEvent({
    source: "privacy",
    description:
      "Erase everything held about the user. Every consumer erases its own items and answers with UserErasureConfirmed; the request completes when all have.",
    data: () => z.object({ requestId: z.string(), userId: z.string() }),
    producers: ["privacy"],
    consumers: ["users", "accounts", "notify", "privacy"],
  }),
  UserErasureConfirmed: defineEvent({
    source: "privacy",
    description: "One service erased its data about the user.",
    data: () =>
      z.object({
        requestId: z.string(),
        userId: z.string(),
        service: z.enum(["users", "accounts", "privacy", "notify"]),
        erasedItems: z.number().int().nonnegative(),
      }),
    producers: ["users", "accounts", "notify", "privacy"],
    consumers: ["privacy"],
  }),
  UserErased: defineEvent({
    source: "privacy",
    description: "Every service confirmed the erasure; only pseudonymous ids remain (audit entries).",
    data: () => z.object({ requestId: z.string(), userId: z.string() }),
    producers: ["privacy"],
    consumers: [],
  }),
  PhoneVerificationCodeIssued: defineEvent({
    source: "users",
    description:
      "A 6-digit code is to be sent by SMS: to confirm a new phone (`verify`) or, sent to the old number, to remove a confirmed one (`change`). Carries the code sealed with KMS.",
    data: () =>
      z.object({
        userId: z.string(),
        number: phoneNumber(),
        purpose: z.enum(["verify", "change"]),
        locale: locale(),
        code: sealedSecret(),
        expiresAt: z.iso.datetime(),
      }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  UserPhoneChanged: defineEvent({
    source: "users",
    description:
      "A user's phone was set (unconfirmed), confirmed or removed (`phone: null`, by the user's change flow or by provider support); carries how to reach the user so notify can keep its recipient copy.",
    data: () =>
      z.object({
        userId: z.string(),
        phone: z.object({ number: phoneNumber(), status: z.enum(["unconfirmed", "confirmed"]) }).nullable(),
        fullName: z.string(),
        locale: locale(),
        email: z.email().optional(),
      }),
    producers: ["users", "accounts"],
    consumers: ["notify"],
  }),
  UserIdentityChangedBySupport: defineEvent({
    source: "users",
    description:
      "Provider support changed a user's email or full name, or removed their phone. Accounts audits it in every account the user owns and refreshes its member copies; notify tells the user (at the old and the new address when the email changed).",
    data: () =>
      z.object({
        userId: z.string(),
        changed: z.array(z.enum(["email", "fullName", "phone"])).min(1),
        fullName: z.string(),
        locale: locale(),
        email: z.email().optional(),
        previousEmail: z.email().optional(),
      }),
    producers: ["users"],
    consumers: ["accounts", "notify"],
  }),
  TwoFactorChanged: defineEvent({
    source: "users",
    description: "A user turned TOTP two-factor sign-in on or off; the user gets a security notice.",
    data: () =>
      z.object({ userId: z.string(), email: z.email(), fullName: z.string(), locale: locale(), enabled: z.boolean() }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  BroadcastBatchQueued: defineEvent({
    source: "notify",
    description:
      "The next bounded batch of a news broadcast is due: notify sends it to one page of the news subscribers' index (from `cursor`), then queues the batch after it until the index is exhausted. Batch 0 is queued when provider support creates the broadcast.",
    data: () =>
      z.object({
        broadcastId: z.string(),
        batch: z.number().int().min(0),
        /** Where in the subscribers' index this batch starts; null for the first. */
        cursor: z.string().nullable(),
      }),
    producers: ["notify"],
    consumers: ["notify"],
  }),
  TelegramLinked: defineEvent({
    source: "notify",
    description:
      "A user bound a Telegram chat to their account with the bot's deep link (replacing any chat they had bound); users shows it on the profile.",
    data: () =>
      z.object({
        userId: z.string(),
        username: z.string().optional().describe("The Telegram @username, when the person has one"),
        linkedAt: z.iso.datetime(),
      }),
    producers: ["notify"],
    consumers: ["users"],
  }),
  TelegramUnlinked: defineEvent({
    source: "notify",
    description: "A user's Telegram chat was unbound (by the user); users clears it from the profile.",
    data: () => z.object({ userId: z.string(), unlinkedAt: z.iso.datetime() }),
    producers: ["notify"],
    consumers: ["users"],
  }),
} as const;

export type EventContracts = typeof eventContracts;
export type EventType = keyof EventContracts;
export type EventData<T extends EventType> = z.infer<EventContracts[T]["data"]>;

/** The `detail` every platform event carries on the bus (built with the first event a consumer reads). */
export const eventDetailSchema = onFirstUse(() =>
  z.object({
    eventId: z.string(),
    occurredAt: z.iso.datetime(),
    accountId: z.string().optional(),
    actor: actorSchema(),
    data: z.unknown(),
  }),
);
export type EventDetail<T extends EventType = EventType> = Omit<
  z.infer<ReturnType<typeof eventDetailSchema>>,
  "data"
> & {
  data: EventData<T>;
};

/** The services that must confirm an erasure: every consumer of UserErasureRequested. */
export const erasureParticipants = (): ServiceName[] => [...eventContracts.UserErasureRequested.consumers];

export const eventSourceOf = (type: EventType): string => `${APP_NAME}.${eventContracts[type].source}`;

/** The EventBridge rule pattern for everything one service consumes, or undefined when nothing. */
export const consumerPatternFor = (service: ServiceName): { source: string[]; "detail-type": string[] } | undefined => {
  const types = (Object.keys(eventContracts) as EventType[]).filter((type) =>
    (eventContracts[type].consumers as readonly ServiceName[]).includes(service),
  );
  if (types.length === 0) return undefined;
  return {
    source: [...new Set(types.map(eventSourceOf))],
    "detail-type": types,
  };
};
