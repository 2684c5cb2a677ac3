import * as z from "zod";
import { onFirstUse } from "../../../shared/src/cold-start/on-first-use.ts";
import { nameSchema } from "../../../shared/src/http/name-schema.ts";
import { atLeastOneField, emailSchema, localeSchema, paginationQuery } from "../../../shared/src/http/schemas.ts";
import { phoneNumberSchema, phoneStatusSchema } from "../../../shared/src/identity/phone-number.ts";
import { storableJsonIssues } from "../../../shared/src/table/storable-json.ts";
import { RIGHTS } from "./domain/rights.ts";
import { ROLES } from "./domain/roles.ts";

// Each schema is built on first use (`LazySchema`, shared/src/http/route.ts): a cold start builds only
// the request schemas of the route it serves; response schemas are built by the OpenAPI generator alone.

const id = onFirstUse(() =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, "not a valid id"),
);
const name = onFirstUse(() => nameSchema());
const role = onFirstUse(() => z.enum(ROLES));

export const accountParams = onFirstUse(() => z.strictObject({ accountId: id() }));
export const memberParams = onFirstUse(() => z.strictObject({ accountId: id(), userId: id() }));
export const resourceParams = onFirstUse(() => z.strictObject({ accountId: id(), resourceId: id() }));
export const resourceAccessParams = onFirstUse(() =>
  z.strictObject({ accountId: id(), resourceId: id(), userId: id() }),
);

export const rightsCatalogResponse = onFirstUse(() =>
  z.object({
    rights: z.array(z.object({ right: z.enum(RIGHTS), description: z.string(), appliesTo: z.string().optional() })),
    roles: z.array(z.object({ role: role(), appliesTo: z.string().optional(), defaults: z.array(z.enum(RIGHTS)) })),
  }),
);

export const accountResponse = onFirstUse(() =>
  z
    .object({
      accountId: z.string(),
      name: z.string(),
      kind: z.enum(["standard", "partner"]),
      parentAccountId: z.string().nullable(),
      managedBy: z.string().nullable(),
      delegation: z.object({ enabled: z.boolean() }).nullable(),
      billingAccountId: z.string(),
      settings: z.object({ adminsCanGrantAdmin: z.boolean() }),
      createdAt: z.string().nullable(),
      updatedAt: z.string().nullable(),
      myAccess: z.object({ role: z.string(), via: z.string(), rights: z.array(z.enum(RIGHTS)) }),
    })
    .meta({ id: "Account" }),
);

export const updateAccountRequest = onFirstUse(() =>
  atLeastOneField(
    z.strictObject({
      name: name().optional(),
      settings: z.strictObject({ adminsCanGrantAdmin: z.boolean().optional() }).optional(),
      delegation: z.strictObject({ enabled: z.boolean() }).optional(),
    }),
  ),
);

export const deleteAccountQuery = onFirstUse(() => z.strictObject({ cascade: z.enum(["true", "false"]).optional() }));

export const memberResponse = onFirstUse(() =>
  z
    .object({
      userId: z.string(),
      fullName: z.string(),
      email: z.string().nullable(),
      login: z.string().nullable(),
      avatarUrl: z.url().nullable().describe("The member's avatar, fetchable without a bearer token; null when none"),
      role: role(),
      status: z.enum(["active", "disabled"]),
      rights: z.array(z.enum(RIGHTS)),
      rightsOverrides: z.record(z.string(), z.boolean()),
      addedBy: z.string(),
      addedVia: z.enum(["member", "parent", "subaccount-grant", "host"]).meta({
        description:
          "How whoever added this member reached the account; `host` = through the managing partner's access",
      }),
      suspended: z.boolean().meta({
        description:
          "Added through the managing partner while the client does not delegate: no access until delegation is on again",
      }),
      createdAt: z.string(),
      updatedAt: z.string(),
      phone: phoneStatusSchema()
        .optional()
        .describe("The member's phone and whether they confirmed it; on the single-member view only"),
    })
    .meta({ id: "Member" }),
);

/** One member with what they can use: each resource and level, by grant or role default. */
export const memberDetailResponse = onFirstUse(() =>
  memberResponse()
    .extend({
      resources: z.array(
        z.object({ resourceId: z.string(), name: z.string(), level: z.enum(["view", "use", "administer"]) }),
      ),
    })
    .meta({ id: "MemberDetail" }),
);

/** Who can use a resource, at which level, and whether by an explicit grant or their role's default. */
export const resourceAccessEntryResponse = onFirstUse(() =>
  z
    .object({
      userId: z.string(),
      fullName: z.string(),
      email: z.string().nullable(),
      role: role(),
      level: z.enum(["view", "use", "administer"]),
      by: z.enum(["grant", "role"]),
    })
    .meta({ id: "ResourceAccessEntry" }),
);

export const listMembersQuery = onFirstUse(() =>
  paginationQuery().extend({
    role: role().optional(),
    status: z.enum(["active", "disabled"]).optional(),
    q: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe(
        "Members whose name, email or login contains this (case-insensitive). One request reads at most 10 × `limit` members (at most 1,000): a page may hold fewer matches than `limit` and still have a `nextCursor` to read on.",
      )
      .optional(),
  }),
);

export const removeMemberQuery = onFirstUse(() => z.strictObject({ deleteUser: z.enum(["true", "false"]).optional() }));

export const updateMemberRequest = onFirstUse(() =>
  atLeastOneField(
    z.strictObject({
      role: role().optional(),
      status: z.enum(["active", "disabled"]).optional(),
      fullName: name().optional(),
      maxSessions: z
        .number()
        .int()
        .min(1)
        .max(100)
        .nullable()
        .optional()
        .describe("Most sessions at once for a member whose identity you manage (null: no limit)"),
    }),
  ),
);

export const rightsRequest = onFirstUse(() =>
  atLeastOneField(
    z.strictObject(
      Object.fromEntries(RIGHTS.map((right) => [right, z.boolean().nullable().optional()])) as Record<
        (typeof RIGHTS)[number],
        z.ZodOptional<z.ZodNullable<z.ZodBoolean>>
      >,
    ),
    "name at least one right",
  ),
);

export const createManagedUserRequest = onFirstUse(() =>
  z
    .strictObject({
      login: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, "3-64 characters: letters, digits, dot, dash or underscore"),
      password: z.string().min(1).max(256),
      fullName: name(),
      phone: phoneNumberSchema().optional(),
      role: role(),
    })
    .meta({ id: "CreateManagedUserRequest" }),
);

export const ownerTransferRequest = onFirstUse(() => z.strictObject({ userId: id() }));
export const ownerTransferResponse = onFirstUse(() => z.object({ accountId: z.string(), ownerUserId: z.string() }));

export const passwordResetLinkRequest = onFirstUse(() => z.strictObject({ send: z.boolean().optional() }));
export const passwordResetLinkResponse = onFirstUse(() => z.object({ link: z.url(), expiresAt: z.string() }));

const resourceType = onFirstUse(() => z.enum(["application", "pixel", "project"]));
/** Free-form JSON kept as a DynamoDB map: only what the table stores and reads back unchanged. */
// Checked on the raw JSON, before the record is rebuilt (which would drop a `__proto__` key unseen).
const settings = onFirstUse(() =>
  z
    .preprocess(
      (value, ctx) => {
        for (const issue of storableJsonIssues(value, "", { maxDepth: 16, maxKeyLength: 100 })) {
          ctx.addIssue({ code: "custom", path: issue.path.split(".").slice(1), message: issue.message, input: value });
        }
        return value;
      },
      z.record(z.string().max(100), z.unknown()),
    )
    .refine((value) => JSON.stringify(value).length <= 16_384, "settings are limited to 16 KiB")
    .meta({ description: "JSON object (≤ 16 KiB, ≤ 16 levels deep, numbers DynamoDB can store exactly)" }),
);

export const createResourceRequest = onFirstUse(() =>
  z.strictObject({ type: resourceType(), name: name(), settings: settings().optional() }),
);
export const updateResourceRequest = onFirstUse(() =>
  atLeastOneField(z.strictObject({ name: name().optional(), settings: settings().optional() })),
);
export const resourceResponse = onFirstUse(() =>
  z
    .object({
      resourceId: z.string(),
      type: resourceType(),
      name: z.string(),
      settings: z.record(z.string(), z.unknown()),
      myLevel: z.enum(["view", "use", "administer"]),
      createdBy: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
    })
    .meta({ id: "Resource" }),
);
export const resourceAccessRequest = onFirstUse(() => z.strictObject({ level: z.enum(["view", "use", "administer"]) }));
export const resourceAccessResponse = onFirstUse(() =>
  z.object({
    resourceId: z.string(),
    userId: z.string(),
    level: z.enum(["none", "view", "use", "administer"]),
  }),
);

export const auditEntryResponse = onFirstUse(() =>
  z.object({
    entryId: z.string(),
    action: z.string(),
    actorType: z.string(),
    actorUserId: z.string().optional(),
    actorVia: z.string().optional(),
    actorAccountId: z.string().optional(),
    targetType: z.string(),
    targetId: z.string(),
    changes: z.record(z.string(), z.unknown()).optional(),
    ip: z.string().optional(),
    userAgent: z.string().optional(),
    requestId: z.string().optional(),
    at: z.string(),
  }),
);

const invitedRole = onFirstUse(() => z.enum(["admin", "standard", "viewer", "operator"]));
/** Invitations list the owner invitation of a partner-created account too. */
const invitationToken = onFirstUse(() => z.string().min(16).max(128));

export const invitationParams = onFirstUse(() => z.strictObject({ accountId: id(), invitationId: id() }));
export const invitationTokenParams = onFirstUse(() => z.strictObject({ token: invitationToken() }));

export const createInvitationRequest = onFirstUse(() =>
  z
    .strictObject({
      email: emailSchema(),
      role: invitedRole(),
      fullName: name().optional(),
      rights: z
        .strictObject(
          Object.fromEntries(RIGHTS.map((right) => [right, z.boolean().optional()])) as Record<
            (typeof RIGHTS)[number],
            z.ZodOptional<z.ZodBoolean>
          >,
        )
        .optional(),
      resources: z
        .array(z.strictObject({ resourceId: id(), level: z.enum(["view", "use", "administer"]) }))
        .max(100)
        .refine((list) => new Set(list.map((r) => r.resourceId)).size === list.length, "each resource once")
        .optional(),
      subaccounts: z
        .array(id())
        .max(100)
        .refine((list) => new Set(list).size === list.length, "each sub-account once")
        .optional(),
    })
    .meta({ id: "CreateInvitationRequest" }),
);

export const invitationResponse = onFirstUse(() =>
  z
    .object({
      invitationId: z.string(),
      email: z.string(),
      role: role(),
      fullName: z.string().nullable(),
      status: z.enum(["pending", "accepted", "revoked", "expired"]),
      expiresAt: z.string(),
      invitedBy: z.string(),
      acceptedBy: z.string().nullable(),
      createdAt: z.string(),
    })
    .meta({ id: "Invitation" }),
);
export const invitationWithLinkResponse = onFirstUse(() => invitationResponse().extend({ link: z.url() }));

export const listInvitationsQuery = onFirstUse(() =>
  paginationQuery().extend({
    status: z.enum(["pending", "accepted", "revoked", "expired"]).optional(),
  }),
);

export const invitationPreviewResponse = onFirstUse(() =>
  z.object({
    accountName: z.string(),
    inviterName: z.string().nullable(),
    role: role(),
    email: z.string(),
    userExists: z.boolean(),
    status: z.literal("pending"),
    expiresAt: z.string(),
  }),
);

export const acceptInvitationRequest = onFirstUse(() =>
  z
    .strictObject({
      password: z.string().min(1).max(256).optional(),
      fullName: name().optional(),
      phone: phoneNumberSchema().optional(),
      /** A new user's language; default: the browser's `Accept-Language`, else the inviter's. */
      locale: localeSchema().optional(),
    })
    .optional(),
);
export const acceptInvitationResponse = onFirstUse(() =>
  z.object({ accountId: z.string(), userId: z.string(), role: role() }),
);

export const myAccountsResponse = onFirstUse(() =>
  z.object({
    items: z.array(
      z.object({
        accountId: z.string(),
        name: z.string(),
        kind: z.enum(["standard", "partner"]),
        role: z.string(),
        via: z.enum(["member", "parent", "subaccount-grant", "host"]),
        parentAccountId: z.string().nullable(),
        managedBy: z.string().nullable(),
      }),
    ),
  }),
);

export const createSubaccountRequest = onFirstUse(() =>
  z.strictObject({
    name: name(),
    externalId: nameSchema(128),
  }),
);
export const subaccountResponse = onFirstUse(() =>
  z
    .object({
      accountId: z.string(),
      name: z.string(),
      externalId: z.string().nullable(),
      parentAccountId: z.string().nullable(),
      billingAccountId: z.string(),
    })
    .meta({ id: "Subaccount" }),
);

export const subaccountGrantsRequest = onFirstUse(() =>
  z.strictObject({
    subaccountIds: z
      .array(id())
      .max(500)
      .refine((list) => new Set(list).size === list.length, "each sub-account once"),
  }),
);
export const subaccountGrantsResponse = onFirstUse(() =>
  z.object({
    userId: z.string(),
    allByRole: z.boolean().describe("true for the parent's owners and admins, who always enter every sub-account"),
    subaccountIds: z.array(z.string()),
  }),
);

export const createManagedAccountRequest = onFirstUse(() =>
  z.strictObject({
    name: name(),
    ownerEmail: emailSchema(),
    ownerFullName: name().optional(),
  }),
);
export const managedAccountResponse = onFirstUse(() =>
  z.object({
    accountId: z.string(),
    name: z.string(),
    managedBy: z.string(),
    delegation: z.object({ enabled: z.boolean() }),
    ownerInvitation: z.object({ invitationId: z.string(), email: z.string(), expiresAt: z.string(), link: z.url() }),
  }),
);
export const managedAccountListItem = onFirstUse(() =>
  z.object({
    accountId: z.string(),
    name: z.string(),
    delegation: z.object({ enabled: z.boolean() }),
    hasOwner: z.boolean(),
  }),
);

export const setAccountKindRequest = onFirstUse(() => z.strictObject({ kind: z.enum(["standard", "partner"]) }));
export const setAccountKindResponse = onFirstUse(() =>
  z.object({ accountId: z.string(), kind: z.enum(["standard", "partner"]) }),
);

const resourceLevel = onFirstUse(() => z.enum(["view", "use", "administer"]));
export const accessCheckRequest = onFirstUse(() =>
  z
    .strictObject({
      userId: id(),
      accountId: id(),
      right: z.enum(RIGHTS).optional(),
      resourceId: id().optional(),
      level: resourceLevel().optional().meta({ description: "Level needed on `resourceId` (default `view`)" }),
    })
    .refine((check) => check.level === undefined || check.resourceId !== undefined, {
      message: "level needs a resourceId",
      path: ["level"],
    })
    .meta({
      id: "AccessCheck",
      example: {
        userId: "3f0c2a9e-7b1d-4c55-9a4e-1d2f3a4b5c6d",
        accountId: "01JD5Z8W8Q7V6X3R2N1M0K9J8H",
        right: "billing.read",
      },
    }),
);
export const accessCheckResponse = onFirstUse(() =>
  z
    .object({
      allowed: z.boolean(),
      role: z.string().nullable().meta({ description: "Role the user has in the account; null with no access" }),
      via: z.enum(["member", "parent", "subaccount-grant", "host"]).nullable(),
      rights: z.array(z.enum(RIGHTS)),
      resourceLevel: z
        .enum(["none", "view", "use", "administer"])
        .nullable()
        .meta({ description: "Level on `resourceId`; null when no resource was asked about" }),
    })
    .meta({ id: "AccessCheckResult" }),
);
/** A batch answers at most this many questions (SPEC 6.8). */
export const ACCESS_CHECK_BATCH_LIMIT = 100;
export const accessCheckBatchRequest = onFirstUse(() =>
  z
    .strictObject({ checks: z.array(accessCheckRequest()).min(1).max(ACCESS_CHECK_BATCH_LIMIT) })
    .meta({ id: "AccessCheckBatch" }),
);
export const accessCheckBatchResponse = onFirstUse(() =>
  z
    .object({ results: z.array(accessCheckResponse()).meta({ description: "One per check, in the same order" }) })
    .meta({ id: "AccessCheckBatchResult" }),
);
