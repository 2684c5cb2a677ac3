import { outboxItem } from "../../../../shared/src/events/outbox.ts";
import { etagOf } from "../../../../shared/src/http/etag.ts";
import { problem } from "../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../shared/src/http/versioned-update.ts";
import { type Access, levelAtLeast, type ResourceLevel, resourceLevelFor } from "../domain/access.ts";
import { auditEntry } from "../domain/audit.ts";
import type { Resource } from "../domain/resource.ts";
import { isPrivileged } from "../domain/roles.ts";
import { WriteConflict } from "../domain/write-conflict.ts";
import type { AccountsDependencies, Caller } from "./dependencies.ts";
import { authorize, requireRight } from "./resolve-access.ts";
import { resourceView } from "./views.ts";

type ResourceChange = "created" | "updated" | "deleted" | "access";

/** What every resource change writes with it: the audit entry and the ResourceChanged event. */
const resourceChangeRecords = (input: {
  access: Access;
  caller: Caller;
  resourceId: string;
  change: ResourceChange;
  auditChanges?: Record<string, unknown>;
  grant?: { userId: string; level: ResourceLevel | "none" };
  now: Date;
}) => {
  const { access, caller, resourceId, change, now } = input;
  const accountId = access.account.accountId;
  const action = change === "access" ? "resource.access_changed" : `resource.${change}`;
  return {
    audit: [
      auditEntry({
        accountId,
        action,
        access,
        target: { type: "resource", id: resourceId },
        ...(input.auditChanges ? { changes: input.auditChanges } : {}),
        meta: caller.meta,
        now,
      }),
    ],
    events: [
      outboxItem({
        type: "ResourceChanged",
        now,
        accountId,
        actor: { type: "user", userId: caller.auth.userId },
        data: { accountId, resourceId, change, ...(input.grant ?? {}) },
      }),
    ],
  };
};

const resourceNotFound = () => problem.notFound("No such resource, or you have no access to it.");

/** The resource and the caller's level on it; a resource the caller cannot see does not exist for them. */
const loadVisible = async (deps: AccountsDependencies, access: Access, resourceId: string) => {
  const { resource, level } = await deps.resources.getResourceWithAccess(
    access.account.accountId,
    resourceId,
    access.userId,
  );
  const effective = resourceLevelFor(access, level);
  if (!resource || !levelAtLeast(effective, "view")) throw resourceNotFound();
  return { resource, level: effective };
};

export const createResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  input: { type: Resource["type"]; name: string; settings?: Record<string, unknown> },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.manage");
  const now = deps.now();
  const resource: Resource = {
    accountId,
    resourceId: deps.newId(),
    type: input.type,
    name: input.name,
    ...(input.settings ? { settings: input.settings } : {}),
    version: 1,
    createdBy: caller.auth.userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.resources.createResource({
    resource,
    ...resourceChangeRecords({
      access,
      caller,
      resourceId: resource.resourceId,
      change: "created",
      auditChanges: { type: input.type },
      now,
    }),
  });
  return { view: resourceView(resource, resourceLevelFor(access, undefined)), etag: etagOf(resource.version) };
};

/**
 * Resources the caller can see, one page at a time. Roles that see everything page through the
 * account's resources minus explicit removals; roles that see nothing by default page through
 * their grants. Either way a page costs the same at any account size.
 */
export const listResources = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { limit: number; cursor?: string },
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.read");
  if (access.resourceDefault === "none") {
    const grants = await deps.resources.listMemberAccess(accountId, caller.auth.userId, query);
    const visible = grants.items.filter((g) => g.level !== "none");
    const resources = await deps.resources.resourcesByIds(
      accountId,
      visible.map((g) => g.resourceId),
    );
    const levels = new Map(visible.map((g) => [g.resourceId, g.level]));
    return {
      items: resources.map((r) => resourceView(r, levels.get(r.resourceId) ?? "none")),
      nextCursor: grants.nextCursor,
    };
  }
  const [page, explicit] = await Promise.all([
    deps.resources.listResources(accountId, query.limit, query.cursor),
    access.resourceDefault === "administer"
      ? Promise.resolve({ items: [] })
      : deps.resources.listMemberAccess(accountId, caller.auth.userId),
  ]);
  const levels = new Map(explicit.items.map((g) => [g.resourceId, g.level]));
  return {
    items: page.items
      .map((r) => ({ resource: r, level: resourceLevelFor(access, levels.get(r.resourceId)) }))
      .filter(({ level }) => level !== "none")
      .map(({ resource, level }) => resourceView(resource, level)),
    nextCursor: page.nextCursor,
  };
};

export const getResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.read");
  const { resource, level } = await loadVisible(deps, access, resourceId);
  return { view: resourceView(resource, level), etag: etagOf(resource.version) };
};

/**
 * Name and settings: anyone who administers the resource (or manages all resources) may change
 * them; conditional on the version read (`versionedUpdate`).
 */
export const updateResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
  changes: { name?: string; settings?: Record<string, unknown> },
  ifMatch: number | undefined,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.read");
  return versionedUpdate(ifMatch, async (precondition) => {
    const { resource, level } = await loadVisible(deps, access, resourceId);
    if (!access.rights.has("resources.manage") && level !== "administer") {
      throw problem.forbidden("missing_right", "Changing a resource needs administer access to it.");
    }
    precondition(resource.version);
    const now = deps.now();
    try {
      await deps.resources.updateResource({
        accountId,
        resourceId,
        changes,
        expectedVersion: resource.version,
        now,
        ...resourceChangeRecords({
          access,
          caller,
          resourceId: resourceId,
          change: "updated",
          auditChanges: { fields: Object.keys(changes) },
          now,
        }),
      });
    } catch (error) {
      if (error instanceof WriteConflict) throw resourceNotFound();
      throw error;
    }
    const updated = { ...resource, ...changes, version: resource.version + 1, updatedAt: now.toISOString() };
    return { view: resourceView(updated, level), etag: etagOf(updated.version) };
  });
};

export const deleteResource = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.manage");
  const now = deps.now();
  try {
    await deps.resources.deleteResource({
      accountId,
      resourceId,
      ...resourceChangeRecords({ access, caller, resourceId: resourceId, change: "deleted", now }),
    });
  } catch (error) {
    if (error instanceof WriteConflict) throw resourceNotFound();
    throw error;
  }
};

/** A member's level on one resource; `none` hides it from them (even a viewer). Owners and admins always administer. */
export const setResourceAccess = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  resourceId: string,
  userId: string,
  level: ResourceLevel | "none",
) => {
  const access = await authorize(deps, caller.auth.userId, accountId, "resources.read");
  requireRight(access, "resources.manage");
  const member = await deps.members.getMember(accountId, userId);
  if (!member) throw problem.notFound("No such member in this account.");
  if (isPrivileged(member.role)) {
    throw problem.conflict(
      "full_access_role",
      "Owners and admins administer every resource; their access cannot be changed.",
    );
  }
  const now = deps.now();
  try {
    await deps.resources.setResourceAccess({
      accountId,
      resourceId,
      userId,
      level,
      grantedBy: caller.auth.userId,
      now,
      ...resourceChangeRecords({
        access,
        caller,
        resourceId: resourceId,
        change: "access",
        auditChanges: { userId, level },
        grant: { userId, level },
        now,
      }),
    });
  } catch (error) {
    if (error instanceof WriteConflict) throw resourceNotFound();
    throw error;
  }
  return { resourceId, userId, level };
};

export const listAudit = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  query: { limit: number; cursor?: string },
) => {
  await authorize(deps, caller.auth.userId, accountId, "audit.read");
  const page = await deps.accounts.listAudit(accountId, query.limit, query.cursor);
  return {
    items: page.items.map(({ accountId: _accountId, entryId, ...entry }) => ({ entryId, ...entry })),
    nextCursor: page.nextCursor,
  };
};
