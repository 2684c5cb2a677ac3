import * as z from "zod";
import { nameSchema } from "../../../shared/src/http/name-schema.ts";
import { atLeastOneField, emailSchema, localeSchema, paginationQuery } from "../../../shared/src/http/schemas.ts";
import { phoneNumberSchema, phoneStatusSchema } from "../../../shared/src/identity/phone-number.ts";
import { storableJsonIssues } from "../../../shared/src/table/storable-json.ts";
import { RIGHTS } from "./domain/rights.ts";
import { ROLES } from "./domain/roles.ts";

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, "not a valid id");
const name = nameSchema();
const role = z.enum(ROLES);

export const accountParams = z.strictObject({ accountId: id });
export const memberParams = z.strictObject({ accountId: id, userId: id });
export const resourceParams = z.strictObject({ accountId: id, resourceId: id });
export const resourceAccessParams = z.strictObject({ accountId: id, resourceId: id, userId: id });

export const rightsCatalogResponse = z.object({
  rights: z.array(z.object({ right: z.enum(RIGHTS), description: z.string(), appliesTo: z.string().optional() })),
  roles: z.array(z.object({ role, appliesTo: z.string().optional(), defaults: z.array(z.enum(RIGHTS)) })),
});

export const accountResponse = z
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
  .meta({ id: "Account" });

export const updateAccountRequest = atLeastOneField(
  z.strictObject({
    name: name.optional(),
    settings: z.strictObject({ adminsCanGrantAdmin: z.boolean().optional() }).optional(),
    delegation: z.strictObject({ enabled: z.boolean() }).optional(),
  }),
);

export const deleteAccountQuery = z.strictObject({ cascade: z.enum(["true", "false"]).optional() });

export const memberResponse = z
  .object({
    userId: z.string(),
    fullName: z.string(),
    email: z.string().nullable(),
    login: z.string().nullable(),
    avatarUrl: z.url().nullable().describe("The member's avatar, fetchable without a bearer token; null when none"),
    role,
    status: z.enum(["active", "disabled"]),
    rights: z.array(z.enum(RIGHTS)),
    rightsOverrides: z.record(z.string(), z.boolean()),
    addedBy: z.string(),
    addedVia: z.enum(["member", "parent", "subaccount-grant", "host"]).meta({
      description: "How whoever added this member reached the account; `host` = through the managing partner's access",
    }),
    suspended: z.boolean().meta({
      description:
        "Added through the managing partner while the client does not delegate: no access until delegation is on again",
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
    phone: phoneStatusSchema
      .optional()
      .describe("The member's phone and whether they confirmed it; on the single-member view only"),
  })
  .meta({ id: "Member" });

/** One member with what they can use: each resource and level, by grant or role default. */
export const memberDetailResponse = memberResponse
  .extend({
    resources: z.array(
      z.object({ resourceId: z.string(), name: z.string(), level: z.enum(["view", "use", "administer"]) }),
    ),
  })
  .meta({ id: "MemberDetail" });

/** Who can use a resource, at which level, and whether by an explicit grant or their role's default. */
export const resourceAccessEntryResponse = z
  .object({
    userId: z.string(),
    fullName: z.string(),
    email: z.string().nullable(),
    role,
    level: z.enum(["view", "use", "administer"]),
    by: z.enum(["grant", "role"]),
  })
  .meta({ id: "ResourceAccessEntry" });

export const listMembersQuery = paginationQuery.extend({
  role: role.optional(),
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
});

export const removeMemberQuery = z.strictObject({ deleteUser: z.enum(["true", "false"]).optional() });

export const updateMemberRequest = atLeastOneField(
  z.strictObject({
    role: role.optional(),
    status: z.enum(["active", "disabled"]).optional(),
    fullName: name.optional(),
    maxSessions: z
      .number()
      .int()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe("Most sessions at once for a member whose identity you manage (null: no limit)"),
  }),
);

export const rightsRequest = atLeastOneField(
  z.strictObject(
    Object.fromEntries(RIGHTS.map((right) => [right, z.boolean().nullable().optional()])) as Record<
      (typeof RIGHTS)[number],
      z.ZodOptional<z.ZodNullable<z.ZodBoolean>>
    >,
  ),
  "name at least one right",
);

const e164 = phoneNumberSchema;

export const createManagedUserRequest = z
  .strictObject({
    login: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, "3-64 characters: letters, digits, dot, dash or underscore"),
    password: z.string().min(1).max(256),
    fullName: name,
    phone: e164.optional(),
    role,
  })
  .meta({ id: "CreateManagedUserRequest" });

export const ownerTransferRequest = z.strictObject({ userId: id });
export const ownerTransferResponse = z.object({ accountId: z.string(), ownerUserId: z.string() });

export const passwordResetLinkRequest = z.strictObject({ send: z.boolean().optional() });
export const passwordResetLinkResponse = z.object({ link: z.url(), expiresAt: z.string() });

const resourceType = z.enum(["application", "pixel", "project"]);
/** Free-form JSON kept as a DynamoDB map: only what the table stores and reads back unchanged. */
// Checked on the raw JSON, before the record is rebuilt (which would drop a `__proto__` key unseen).
const settings = z
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
  .meta({ description: "JSON object (≤ 16 KiB, ≤ 16 levels deep, numbers DynamoDB can store exactly)" });

export const createResourceRequest = z.strictObject({ type: resourceType, name, settings: settings.optional() });
export const updateResourceRequest = atLeastOneField(
  z.strictObject({ name: name.optional(), settings: settings.optional() }),
);
export const resourceResponse = z
  .object({
    resourceId: z.string(),
    type: resourceType,
    name: z.string(),
    settings: z.record(z.string(), z.unknown()),
    myLevel: z.enum(["view", "use", "administer"]),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Resource" });
export const resourceAccessRequest = z.strictObject({ level: z.enum(["view", "use", "administer"]) });
export const resourceAccessResponse = z.object({
  resourceId: z.string(),
  userId: z.string(),
  level: z.enum(["none", "view", "use", "administer"]),
});

export const auditEntryResponse = z.object({
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
});

const invitedRole = z.enum(["admin", "standard", "viewer", "operator"]);
/** Invitations list the owner invitation of a partner-created account too. */
const invitationToken = z.string().min(16).max(128);

export const invitationParams = z.strictObject({ accountId: id, invitationId: id });
export const invitationTokenParams = z.strictObject({ token: invitationToken });

export const createInvitationRequest = z
  .strictObject({
    email: emailSchema,
    role: invitedRole,
    fullName: name.optional(),
    rights: z
      .strictObject(
        Object.fromEntries(RIGHTS.map((right) => [right, z.boolean().optional()])) as Record<
          (typeof RIGHTS)[number],
          z.ZodOptional<z.ZodBoolean>
        >,
      )
      .optional(),
    resources: z
      .array(z.strictObject({ resourceId: id, level: z.enum(["view", "use", "administer"]) }))
      .max(100)
      .refine((list) => new Set(list.map((r) => r.resourceId)).size === list.length, "each resource once")
      .optional(),
    subaccounts: z
      .array(id)
      .max(100)
      .refine((list) => new Set(list).size === list.length, "each sub-account once")
      .optional(),
  })
  .meta({ id: "CreateInvitationRequest" });

export const invitationResponse = z
  .object({
    invitationId: z.string(),
    email: z.string(),
    role,
    fullName: z.string().nullable(),
    status: z.enum(["pending", "accepted", "revoked", "expired"]),
    expiresAt: z.string(),
    invitedBy: z.string(),
    acceptedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Invitation" });
export const invitationWithLinkResponse = invitationResponse.extend({ link: z.url() });

export const listInvitationsQuery = paginationQuery.extend({
  status: z.enum(["pending", "accepted", "revoked", "expired"]).optional(),
});

export const invitationPreviewResponse = z.object({
  accountName: z.string(),
  inviterName: z.string().nullable(),
  role,
  email: z.string(),
  userExists: z.boolean(),
  status: z.literal("pending"),
  expiresAt: z.string(),
});

export const acceptInvitationRequest = z
  .strictObject({
    password: z.string().min(1).max(256).optional(),
    fullName: name.optional(),
    phone: e164.optional(),
    /** A new user's language; default: the browser's `Accept-Language`, else the inviter's. */
    locale: localeSchema.optional(),
  })
  .optional();
export const acceptInvitationResponse = z.object({ accountId: z.string(), userId: z.string(), role: role });

export const myAccountsResponse = z.object({
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
});

export const createSubaccountRequest = z.strictObject({
  name,
  externalId: nameSchema(128),
});
export const subaccountResponse = z
  .object({
    accountId: z.string(),
    name: z.string(),
    externalId: z.string().nullable(),
    parentAccountId: z.string().nullable(),
    billingAccountId: z.string(),
  })
  .meta({ id: "Subaccount" });

export const subaccountGrantsRequest = z.strictObject({
  subaccountIds: z
    .array(id)
    .max(500)
    .refine((list) => new Set(list).size === list.length, "each sub-account once"),
});
export const subaccountGrantsResponse = z.object({
  userId: z.string(),
  allByRole: z.boolean().describe("true for the parent's owners and admins, who always enter every sub-account"),
  subaccountIds: z.array(z.string()),
});

export const createManagedAccountRequest = z.strictObject({
  name,
  ownerEmail: emailSchema,
  ownerFullName: name.optional(),
});
export const managedAccountResponse = z.object({
  accountId: z.string(),
  name: z.string(),
  managedBy: z.string(),
  delegation: z.object({ enabled: z.boolean() }),
  ownerInvitation: z.object({ invitationId: z.string(), email: z.string(), expiresAt: z.string(), link: z.url() }),
});
export const managedAccountListItem = z.object({
  accountId: z.string(),
  name: z.string(),
  delegation: z.object({ enabled: z.boolean() }),
  hasOwner: z.boolean(),
});

export const setAccountKindRequest = z.strictObject({ kind: z.enum(["standard", "partner"]) });
export const setAccountKindResponse = z.object({ accountId: z.string(), kind: z.enum(["standard", "partner"]) });

const resourceLevel = z.enum(["view", "use", "administer"]);
export const accessCheckRequest = z
  .strictObject({
    userId: id,
    accountId: id,
    right: z.enum(RIGHTS).optional(),
    resourceId: id.optional(),
    level: resourceLevel.optional().meta({ description: "Level needed on `resourceId` (default `view`)" }),
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
  });
export const accessCheckResponse = z
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
  .meta({ id: "AccessCheckResult" });
/** A batch answers at most this many questions (SPEC 6.8). */
export const ACCESS_CHECK_BATCH_LIMIT = 100;
export const accessCheckBatchRequest = z
  .strictObject({ checks: z.array(accessCheckRequest).min(1).max(ACCESS_CHECK_BATCH_LIMIT) })
  .meta({ id: "AccessCheckBatch" });
export const accessCheckBatchResponse = z
  .object({ results: z.array(accessCheckResponse).meta({ description: "One per check, in the same order" }) })
  .meta({ id: "AccessCheckBatchResult" });
