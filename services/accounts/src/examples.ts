import type { OperationExamples } from "../../../shared/src/http/operation-examples.ts";
import type { accountsRoutes } from "./routes.ts";

const accountId = "01JD5Q8Z3A4B5C6D7E8F9G0H1J";
const ownerId = "01JD5Q8Z2V7K3M4N5P6Q7R8S9T";
const memberId = "01JD5QA3B4C5D6E7F8G9H0J1K2";
const subaccountId = "01JD5QB6C7D8E9F0G1H2J3K4M5";
const partnerAccountId = "01JD5QC1D2E3F4G5H6J7K8M9N0";
const invitationId = "01JD5QD4E5F6G7H8J9K0M1N2P3";
const resourceId = "01JD5QF0G1H2J3K4M5N6P7Q8R9";
const at = "2026-11-22T10:00:00.000Z";

const account = {
  accountId,
  name: "Acme Sp. z o.o.",
  kind: "standard" as const,
  parentAccountId: null,
  managedBy: null,
  delegation: null,
  billingAccountId: accountId,
  settings: { adminsCanGrantAdmin: false },
  createdAt: "2026-11-02T08:15:00.000Z",
  updatedAt: at,
  myAccess: {
    role: "owner",
    via: "member",
    rights: ["account.read" as const, "account.manage" as const, "members.read" as const, "members.manage" as const],
  },
};
const member = {
  userId: memberId,
  fullName: "Jan Kowalski",
  email: "jan.kowalski@example.com",
  login: null,
  avatarUrl: null,
  role: "standard" as const,
  status: "active" as const,
  rights: ["account.read" as const, "resources.read" as const],
  rightsOverrides: { "billing.read": false },
  addedBy: ownerId,
  addedVia: "member" as const,
  suspended: false,
  createdAt: "2026-11-05T09:00:00.000Z",
  updatedAt: at,
};
const managedMember = {
  ...member,
  userId: "01JD5QH5J6K7M8N9P0Q1R2S3T4",
  fullName: "Warehouse terminal 3",
  email: null,
  login: "terminal-3",
};
const resource = {
  resourceId,
  type: "application" as const,
  name: "Accounting",
  settings: { database: "acme-2026", edition: "professional" },
  myLevel: "administer" as const,
  createdBy: ownerId,
  createdAt: "2026-11-05T09:30:00.000Z",
  updatedAt: at,
};
const invitation = {
  invitationId,
  email: "piotr.zielinski@example.com",
  role: "admin" as const,
  fullName: "Piotr Zieliński",
  status: "pending" as const,
  expiresAt: "2026-11-29T10:00:00.000Z",
  invitedBy: ownerId,
  acceptedBy: null,
  createdAt: at,
};
const invitationLink = "https://app.tenantry.example.com/invitations/q3R7xW9zB2mN5pL8vK1cD4fH6jS0tY3u";
const subaccount = {
  accountId: subaccountId,
  name: "Acme Kraków",
  externalId: "KRK-01",
  parentAccountId: accountId,
  billingAccountId: accountId,
};
const grants = { userId: memberId, allByRole: false, subaccountIds: [subaccountId] };
const ownerTransferred = { accountId, ownerUserId: memberId };

/** Example requests and responses of the accounts service's operations (published in /openapi.json). */
export const accountsExamples: OperationExamples<typeof accountsRoutes> = {
  checkAccess: {
    request: { userId: memberId, accountId, right: "billing.read" },
    response: {
      allowed: true,
      role: "standard",
      via: "member",
      rights: ["account.read", "billing.read"],
      resourceLevel: null,
    },
  },
  checkAccessBatch: {
    request: {
      checks: [
        { userId: memberId, accountId, right: "billing.read" },
        { userId: memberId, accountId, resourceId, level: "use" },
      ],
    },
    response: {
      results: [
        {
          allowed: true,
          role: "standard",
          via: "member",
          rights: ["account.read", "billing.read"],
          resourceLevel: null,
        },
        {
          allowed: false,
          role: "standard",
          via: "member",
          rights: ["account.read", "billing.read"],
          resourceLevel: "view",
        },
      ],
    },
  },
  getRightsCatalog: {
    response: {
      rights: [
        { right: "members.manage", description: "Add, change and remove members" },
        { right: "resources.read", description: "See the account's applications, pixels and projects" },
        { right: "partner.clients.manage", description: "Create and manage client accounts", appliesTo: "partner" },
      ],
      roles: [
        { role: "admin", defaults: ["account.read", "account.manage", "members.read", "members.manage"] },
        { role: "operator", appliesTo: "partner", defaults: ["account.read", "partner.clients.manage"] },
      ],
    },
  },
  getAccount: { response: account },
  updateAccount: {
    request: { name: "Acme Polska Sp. z o.o.", settings: { adminsCanGrantAdmin: true } },
    response: { ...account, name: "Acme Polska Sp. z o.o.", settings: { adminsCanGrantAdmin: true } },
  },
  listMembers: { response: { items: [member], nextCursor: null } },
  createManagedUser: {
    request: {
      login: "terminal-3",
      password: "a long and unique passphrase",
      fullName: "Warehouse terminal 3",
      role: "standard",
    },
    response: managedMember,
  },
  getMember: {
    response: {
      ...member,
      phone: { number: "+48601234567", status: "confirmed" },
      resources: [{ resourceId, name: "Accounting", level: "use" }],
    },
  },
  updateMember: { request: { role: "admin" }, response: { ...member, role: "admin" } },
  setMemberRights: {
    request: { "billing.read": true, "audit.read": null },
    response: { ...member, rights: [...member.rights, "billing.read"], rightsOverrides: { "billing.read": true } },
  },
  createPasswordResetLink: {
    request: { send: false },
    response: {
      link: "https://app.tenantry.example.com/reset-password?token=q3R7xW9zB2mN5pL8vK1cD4fH6jS0tY3u",
      expiresAt: "2026-11-22T11:00:00.000Z",
    },
  },
  transferOwnership: { request: { userId: memberId }, response: ownerTransferred },
  createResource: {
    request: { type: "application", name: "Accounting", settings: { database: "acme-2026", edition: "professional" } },
    response: resource,
  },
  listResources: { response: { items: [resource], nextCursor: null } },
  getResource: { response: resource },
  updateResource: { request: { name: "Accounting 2026" }, response: { ...resource, name: "Accounting 2026" } },
  listResourceAccess: {
    response: {
      items: [
        {
          userId: memberId,
          fullName: "Jan Kowalski",
          email: "jan.kowalski@example.com",
          role: "standard",
          level: "use",
          by: "grant",
        },
      ],
      nextCursor: null,
    },
  },
  setResourceAccess: { request: { level: "use" }, response: { resourceId, userId: memberId, level: "use" } },
  removeResourceAccess: { response: { resourceId, userId: memberId, level: "none" } },
  listAudit: {
    response: {
      items: [
        {
          entryId: "01JD5R4D5E6F7G8H9J0K1M2N3P",
          action: "member.role_changed",
          actorType: "user",
          actorUserId: ownerId,
          actorVia: "member",
          targetType: "member",
          targetId: memberId,
          changes: { role: { from: "standard", to: "admin" } },
          ip: "203.0.113.7",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
          requestId: "01JD5R4C3B2A1Z0Y9X8W7V6T5S",
          at,
        },
      ],
      nextCursor: null,
    },
  },
  createInvitation: {
    request: {
      email: "piotr.zielinski@example.com",
      role: "admin",
      fullName: "Piotr Zieliński",
      resources: [{ resourceId, level: "administer" }],
    },
    response: { ...invitation, link: invitationLink },
  },
  listInvitations: { response: { items: [invitation], nextCursor: null } },
  regenerateInvitation: {
    response: {
      ...invitation,
      expiresAt: "2026-11-30T10:00:00.000Z",
      link: "https://app.tenantry.example.com/invitations/Zb8nQ2wE5rT7yU1iO3pA6sD9fG4hJ0kL",
    },
  },
  previewInvitation: {
    response: {
      accountName: "Acme Sp. z o.o.",
      inviterName: "Anna Nowak",
      role: "admin",
      email: "piotr.zielinski@example.com",
      userExists: false,
      status: "pending",
      expiresAt: "2026-11-29T10:00:00.000Z",
    },
  },
  acceptInvitation: {
    request: { password: "correct horse battery staple", fullName: "Piotr Zieliński", locale: "pl" },
    response: { accountId, userId: "01JD5QJ8K9M0N1P2Q3R4S5T6V7", role: "admin" },
  },
  listMyAccounts: {
    response: {
      items: [
        {
          accountId,
          name: "Acme Sp. z o.o.",
          kind: "standard",
          role: "owner",
          via: "member",
          parentAccountId: null,
          managedBy: null,
        },
        {
          accountId: subaccountId,
          name: "Acme Kraków",
          kind: "standard",
          role: "owner",
          via: "parent",
          parentAccountId: accountId,
          managedBy: null,
        },
      ],
    },
  },
  createSubaccount: { request: { name: "Acme Kraków", externalId: "KRK-01" }, response: subaccount },
  listSubaccounts: { response: { items: [subaccount], nextCursor: null } },
  getSubaccountGrants: { response: grants },
  setSubaccountGrants: { request: { subaccountIds: [subaccountId] }, response: grants },
  createManagedAccount: {
    request: { name: "Bistro Smak", ownerEmail: "owner@bistro-smak.example.com", ownerFullName: "Ewa Lis" },
    response: {
      accountId: "01JD5QK1M2N3P4Q5R6S7T8V9W0",
      name: "Bistro Smak",
      managedBy: partnerAccountId,
      delegation: { enabled: true },
      ownerInvitation: {
        invitationId: "01JD5QM4N5P6Q7R8S9T0V1W2X3",
        email: "owner@bistro-smak.example.com",
        expiresAt: "2026-11-29T10:00:00.000Z",
        link: "https://app.tenantry.example.com/invitations/Hk2Lm4Np6Qr8St0Uv2Wx4Yz6Ab8Cd0Ef",
      },
    },
  },
  listManagedAccounts: {
    response: {
      items: [
        {
          accountId: "01JD5QK1M2N3P4Q5R6S7T8V9W0",
          name: "Bistro Smak",
          delegation: { enabled: true },
          hasOwner: false,
        },
      ],
      nextCursor: null,
    },
  },
  setAccountKind: { request: { kind: "partner" }, response: { accountId: partnerAccountId, kind: "partner" } },
  platformTransferOwnership: { request: { userId: memberId }, response: ownerTransferred },
};
