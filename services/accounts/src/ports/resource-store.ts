import type { ResourceLevel } from "../domain/access.ts";
import type { Page } from "../domain/page.ts";
import type { Resource } from "../domain/resource.ts";
import type { RecordedWrite } from "./recorded-write.ts";

/** A resource and the explicit level one member holds on it (undefined: no grant). */
export interface ResourceWithAccess {
  resource: Resource | undefined;
  level: ResourceLevel | "none" | undefined;
}

export interface ResourceUpdate extends RecordedWrite {
  accountId: string;
  resourceId: string;
  changes: { name?: string; settings?: Record<string, unknown> };
  /** The version the change was based on: the write is conditional on it. */
  expectedVersion: number;
  now: Date;
}

export interface ResourceAccessChange extends RecordedWrite {
  accountId: string;
  resourceId: string;
  userId: string;
  level: ResourceLevel | "none";
  grantedBy: string;
  now: Date;
}

/** An account's resources and the levels members hold on them. */
export interface ResourceStore {
  createResource(input: RecordedWrite & { resource: Resource }): Promise<void>;
  getResource(accountId: string, resourceId: string): Promise<Resource | undefined>;
  /** The caller's explicit level on one resource and the resource, in one round trip. */
  getResourceWithAccess(accountId: string, resourceId: string, userId: string): Promise<ResourceWithAccess>;
  listResources(accountId: string, limit: number, cursor?: string): Promise<Page<Resource>>;
  resourcesByIds(accountId: string, resourceIds: string[]): Promise<Resource[]>;
  /** A member's explicit resource levels: one page (with `limit`) or all of them. */
  listMemberAccess(
    accountId: string,
    userId: string,
    options?: { limit?: number; cursor?: string },
  ): Promise<Page<{ resourceId: string; level: ResourceLevel | "none" }>>;
  /** The explicit levels of some members on one resource (absent: no grant). */
  levelsOnResource(
    accountId: string,
    resourceId: string,
    userIds: string[],
  ): Promise<Map<string, ResourceLevel | "none">>;
  /** `WriteConflict("missing")` or `StaleVersion` when the condition fails. */
  updateResource(input: ResourceUpdate): Promise<void>;
  /** `WriteConflict("missing")` when it is already gone. */
  deleteResource(input: RecordedWrite & { accountId: string; resourceId: string }): Promise<void>;
  /** The resource and the member must still exist (`WriteConflict("missing")`). */
  setResourceAccess(input: ResourceAccessChange): Promise<void>;
}
