import { z } from "zod";

/** Prefix of every event `source`: `<app>.<service>`. */
export const APP_NAME = "tenantry";

export type ServiceName = "users" | "accounts" | "privacy" | "notify";

const locale = z.enum(["en", "ru", "pl"]);

/**
 * A secret (a link token) encrypted with the platform's KMS key, so an event can carry it to
 * the service that delivers it without the secret ever being readable in the table, the stream
 * or the bus.
 */
export const sealedSecret = z.string().min(1).describe("KMS ciphertext, base64");

export const actorSchema = z.object({
  type: z.enum(["user", "system", "platform-admin"]),
  userId: z.string().optional(),
});
export type Actor = z.infer<typeof actorSchema>;

interface EventContract<D extends z.ZodType> {
  /** The service whose domain the event belongs to; the event's `source` is `<app>.<service>`. */
  source: ServiceName;
  description: string;
  data: D;
  producers: ServiceName[];
  consumers: ServiceName[];
}

const defineEvent = <D extends z.ZodType>(contract: EventContract<D>) => contract;

/**
 * Every domain event, by its `detail-type`. Producers write them to the outbox in the same
 * transaction as the state change; the stream relay publishes them; CDK and the local runtime
 * derive their consumer rules from `consumers`.
 */
export const eventContracts = {
  UserRegistered: defineEvent({
    source: "users",
    description: "A person signed up; carries the sealed email-verification link token.",
    data: z.object({
      userId: z.string(),
      email: z.email(),
      fullName: z.string(),
      locale,
      accountId: z.string(),
      accountName: z.string(),
      verificationToken: sealedSecret,
      verificationExpiresAt: z.iso.datetime(),
    }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  EmailVerificationRequested: defineEvent({
    source: "users",
    description: "A user asked for a new verification link.",
    data: z.object({
      userId: z.string(),
      email: z.email(),
      fullName: z.string(),
      locale,
      verificationToken: sealedSecret,
      verificationExpiresAt: z.iso.datetime(),
    }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  EmailVerified: defineEvent({
    source: "users",
    description: "A user proved control of their email address.",
    data: z.object({ userId: z.string() }),
    producers: ["users"],
    consumers: [],
  }),
  PasswordResetRequested: defineEvent({
    source: "users",
    description: "A reset link was issued; carries the sealed reset token.",
    data: z.object({
      userId: z.string(),
      email: z.email(),
      fullName: z.string(),
      locale,
      resetToken: sealedSecret,
      resetExpiresAt: z.iso.datetime(),
    }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  PasswordChanged: defineEvent({
    source: "users",
    description: "A user's password was changed; the user gets a security notice.",
    data: z.object({ userId: z.string(), email: z.email(), fullName: z.string(), locale }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  ProfileUpdated: defineEvent({
    source: "users",
    description: "Profile fields changed (names of the fields and their new values).",
    data: z.object({
      userId: z.string(),
      changed: z.array(z.string()),
      fullName: z.string().optional(),
      locale: locale.optional(),
      timezone: z.string().optional(),
    }),
    producers: ["users"],
    consumers: ["notify"],
  }),
  AccountCreated: defineEvent({
    source: "accounts",
    description: "A new account exists.",
    data: z.object({
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
    data: z.object({ accountId: z.string(), userId: z.string(), role: z.string() }),
    producers: ["users", "accounts"],
    consumers: [],
  }),
} as const;

export type EventContracts = typeof eventContracts;
export type EventType = keyof EventContracts;
export type EventData<T extends EventType> = z.infer<EventContracts[T]["data"]>;

/** The `detail` every platform event carries on the bus. */
export const eventDetailSchema = z.object({
  eventId: z.string(),
  occurredAt: z.iso.datetime(),
  accountId: z.string().optional(),
  actor: actorSchema,
  data: z.unknown(),
});
export type EventDetail<T extends EventType = EventType> = Omit<z.infer<typeof eventDetailSchema>, "data"> & {
  data: EventData<T>;
};

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
