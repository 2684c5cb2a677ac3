import { beforeAll, describe, expect, it } from "vitest";
import { CLAIMED_MINIMUM_ROUND_TRIPS } from "../../bench/route-round-trips.ts";
import type { Caller } from "../../services/accounts/src/use-cases/dependencies.ts";
import { createManagedAccount } from "../../services/accounts/src/use-cases/hierarchy/create-managed-account.ts";
import { listManagedAccounts } from "../../services/accounts/src/use-cases/hierarchy/list-managed-accounts.ts";
import { acceptInvitation } from "../../services/accounts/src/use-cases/invitations/accept-invitation.ts";
import { createInvitation } from "../../services/accounts/src/use-cases/invitations/invite-member.ts";
import { previewInvitation } from "../../services/accounts/src/use-cases/invitations/preview-invitation.ts";
import { regenerateInvitation } from "../../services/accounts/src/use-cases/invitations/regenerate-invitation.ts";
import { createResource } from "../../services/accounts/src/use-cases/resources/create-resource.ts";
import { api, makePlatformAdmin, registerVerifiedUser, type TestUser, uniqueEmail } from "../harness/api.ts";
import { accountsOnTable, callerOf, measured, roundTripMeta as meta, tokenOf } from "./accounts-round-trip-fixtures.ts";

/**
 * The DynamoDB calls each invitation step costs (SPEC 6.8), counted on the real adapters against
 * DynamoDB Local. Keys that can be derived are read together in one BatchGetItem; the writes are
 * one transaction. Cognito and the sealer are fakes here: they are not DynamoDB calls.
 */
describe("invitation round trips", () => {
  const deps = accountsOnTable();
  let owner: TestUser;
  let caller: Caller;

  beforeAll(async () => {
    owner = await registerVerifiedUser({ fullName: "Rita Roundtrip" });
    caller = callerOf(owner.userId);
  });

  const invite = (email: string) =>
    createInvitation(deps, caller, owner.accountId, { email, role: "standard" }) as Promise<{
      invitationId: string;
      link: string;
    }>;

  it("invites in four calls: access with the people in one batch, two rate limits, one transaction", async () => {
    const { value, operations } = await measured(() => invite(uniqueEmail("rt-invite")));
    expect(value?.link).toContain("token=");
    expect(operations).toEqual(["BatchGetItem", "UpdateItem", "UpdateItem", "TransactWriteItems"]);
    expect(operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.createInvitation.minimum);
    expect(operations.filter((op) => op.startsWith("TransactWrite"))).toHaveLength(1);
  });

  it("takes one call more on each named path: a role that reaches resources, an address that has an account", async () => {
    const paths = CLAIMED_MINIMUM_ROUND_TRIPS.createInvitation.paths ?? {};
    // The email lists what an admin or viewer will use: the account's resources, one Query.
    const viewer = await measured(() =>
      createInvitation(deps, caller, owner.accountId, { email: uniqueEmail("rt-invite-viewer"), role: "viewer" }),
    );
    expect(viewer.error).toBeUndefined();
    expect(viewer.operations).toEqual(["BatchGetItem", "UpdateItem", "UpdateItem", "Query", "TransactWriteItems"]);
    expect(viewer.operations).toHaveLength(paths["role reaching resources"]?.minimum ?? 0);
    // The login record names a user: their membership (409 when a member) and profile (the email's language).
    const existing = await registerVerifiedUser();
    const invitedExisting = await measured(() => invite(existing.email));
    expect(invitedExisting.error).toBeUndefined();
    expect(invitedExisting.operations).toEqual([
      "BatchGetItem",
      "UpdateItem",
      "UpdateItem",
      "BatchGetItem",
      "TransactWriteItems",
    ]);
    expect(invitedExisting.operations).toHaveLength(paths["existing account"]?.minimum ?? 0);
  });

  it("invites with named resources at the common claim: the resources ride in the access check, read once", async () => {
    const { view: resource } = await createResource(deps, caller, owner.accountId, {
      type: "application",
      name: "Round-trip app",
    });
    const { value, error, operations } = await measured(() =>
      createInvitation(deps, caller, owner.accountId, {
        email: uniqueEmail("rt-invite-resources"),
        role: "standard",
        resources: [{ resourceId: resource.resourceId, level: "use" }],
      }),
    );
    expect(error).toBeUndefined();
    expect(value?.link).toContain("token=");
    expect(operations).toEqual(["BatchGetItem", "UpdateItem", "UpdateItem", "TransactWriteItems"]);
    expect(operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.createInvitation.minimum);
    const missing = await measured(() =>
      createInvitation(deps, caller, owner.accountId, {
        email: uniqueEmail("rt-invite-missing"),
        role: "standard",
        resources: [{ resourceId: "01NOSUCHRESOURCE0000000000", level: "use" }],
      }),
    );
    expect(missing.error).toMatchObject({ status: 422 });
  });

  it("previews a link in two: the link, then the invitation with its account and people", async () => {
    const invited = await invite(uniqueEmail("rt-preview"));
    const { value, operations } = await measured(() => previewInvitation(deps, tokenOf(invited.link)));
    expect(value?.status).toBe("pending");
    expect(operations).toEqual(["GetItem", "BatchGetItem"]);
    // The route adds its client-address rate window in front.
    expect(operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.previewInvitation.minimum - 1);
    const unknown = await measured(() => previewInvitation(deps, "x".repeat(43)));
    expect(unknown.error).toMatchObject({ status: 410 });
    expect(unknown.operations).toHaveLength(1);
  });

  it("regenerates in three: access with the invitation, the people, one transaction", async () => {
    const invited = await invite(uniqueEmail("rt-regenerate"));
    const { value, operations } = await measured(() =>
      regenerateInvitation(deps, caller, owner.accountId, invited.invitationId),
    );
    expect(value?.link).not.toBe(invited.link);
    expect(operations).toEqual(["BatchGetItem", "BatchGetItem", "TransactWriteItems"]);
    // A role that reaches resources by default lists them in the email: one Query more (the bench's case).
    const admin = (await createInvitation(deps, caller, owner.accountId, {
      email: uniqueEmail("rt-regenerate-admin"),
      role: "admin",
    })) as { invitationId: string };
    const listed = await measured(() => regenerateInvitation(deps, caller, owner.accountId, admin.invitationId));
    expect(listed.error).toBeUndefined();
    expect(listed.operations).toEqual(["BatchGetItem", "BatchGetItem", "Query", "TransactWriteItems"]);
    expect(listed.operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.regenerateInvitation.minimum);
  });

  it("accepts in three: the link, the invitation with its account and people, one transaction", async () => {
    const invited = await invite(uniqueEmail("rt-new"));
    const fresh = await measured(() =>
      acceptInvitation(
        deps,
        tokenOf(invited.link),
        { password: "Correct-Horse-Battery-9" },
        { authorization: undefined, meta },
      ),
    );
    expect(fresh.error).toBeUndefined();
    expect(fresh.operations).toEqual(["GetItem", "BatchGetItem", "TransactWriteItems"]);
    expect(fresh.operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.acceptInvitation.minimum);

    const existing = await registerVerifiedUser();
    const invitedExisting = await invite(existing.email);
    const signedIn = await measured(() =>
      acceptInvitation(deps, tokenOf(invitedExisting.link), undefined, {
        authorization: `as:${existing.userId}`,
        meta,
      }),
    );
    expect(signedIn.error).toBeUndefined();
    expect(signedIn.operations).toHaveLength(3);
  });

  it("creates a managed account in four (access with the people, rate window, report recipients, transaction) and lists in three", async () => {
    const partner = await registerVerifiedUser({ accountName: "Round Trip Partners" });
    const madePartner = await api("PATCH", `/v1/platform/accounts/${partner.accountId}`, {
      token: await makePlatformAdmin(await registerVerifiedUser()),
      body: { kind: "partner" },
    });
    expect(madePartner.status).toBe(200);
    const { error, operations } = await measured(() =>
      createManagedAccount(deps, callerOf(partner.userId), partner.accountId, {
        name: "Client",
        ownerEmail: uniqueEmail("rt-client-owner"),
      }),
    );
    expect(error).toBeUndefined();
    expect(operations).toEqual(["BatchGetItem", "UpdateItem", "Query", "TransactWriteItems"]);
    expect(operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.createManagedAccount.minimum);
    const listed = await measured(() =>
      listManagedAccounts(deps, callerOf(partner.userId), partner.accountId, { limit: 10 }),
    );
    expect(listed.value?.items).toHaveLength(1);
    expect(listed.operations).toEqual(["BatchGetItem", "Query", "BatchGetItem"]);
    expect(listed.operations).toHaveLength(CLAIMED_MINIMUM_ROUND_TRIPS.listManagedAccounts.minimum);
  });
});
