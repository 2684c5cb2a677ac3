import { describe, expect, it } from "vitest";
import type { InvitedRole } from "../../services/accounts/src/domain/invitation.ts";
import { acceptInvitation } from "../../services/accounts/src/use-cases/invitations/accept-invitation.ts";
import { createInvitation } from "../../services/accounts/src/use-cases/invitations/invite-member.ts";
import { previewInvitation } from "../../services/accounts/src/use-cases/invitations/preview-invitation.ts";
import { regenerateInvitation } from "../../services/accounts/src/use-cases/invitations/regenerate-invitation.ts";
import { revokeInvitation } from "../../services/accounts/src/use-cases/invitations/revoke-invitation.ts";
import { invitationWorld } from "./invitation-world.ts";

const NOW = new Date("2026-11-22T12:00:00Z");
const PASSWORD = "Correct-Horse-Battery-9";
const meta = { requestId: "r", ip: "127.0.0.1", userAgent: "unit" };

/** The status and code a rejected call failed with. */
const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status?: number; code?: string } | undefined;
  return { status: error?.status, code: error?.code };
};

const setup = () => {
  const world = invitationWorld(NOW);
  world.addMember("OWNER", "owner");
  world.addMember("ADMIN", "admin");
  world.addMember("STD", "standard");
  const invite = (by: string, email: string, role: InvitedRole = "viewer") =>
    createInvitation(world.deps, world.callerOf(by), "A1", { email, role });
  const tokenOf = (link: string) => new URL(link).searchParams.get("token") as string;
  return { world, invite, tokenOf };
};

describe("who may invite which role", () => {
  it.each([
    ["OWNER", "admin", undefined],
    ["OWNER", "standard", undefined],
    ["ADMIN", "standard", undefined],
    ["ADMIN", "admin", { status: 403, code: "cannot_grant_role" }],
    ["OWNER", "owner", { status: 422, code: "owner_transfer_required" }],
    ["OWNER", "operator", { status: 422, code: "role_not_available" }],
  ] as const)("%s inviting as %s", async (by, role, refused) => {
    const { invite } = setup();
    const outcome = invite(by, `new-${role}@example.test`, role);
    if (refused) expect(await failure(outcome)).toEqual(refused);
    else await expect(outcome).resolves.toMatchObject({ role, status: "pending" });
  });

  it("a member without members.manage cannot invite at all", async () => {
    const { invite } = setup();
    expect((await failure(invite("STD", "x@example.test"))).status).toBe(403);
  });
});

describe("one pending invitation per address", () => {
  it("refuses a second, and an address that is already a member", async () => {
    const { invite } = setup();
    await invite("OWNER", "twice@example.test");
    expect(await failure(invite("OWNER", "twice@example.test"))).toEqual({ status: 409, code: "already_invited" });
    expect(await failure(invite("OWNER", "std@example.test"))).toEqual({ status: 409, code: "already_member" });
  });

  it("allows inviting again once the first was revoked", async () => {
    const { world, invite } = setup();
    const first = await invite("OWNER", "again@example.test");
    await revokeInvitation(world.deps, world.callerOf("OWNER"), "A1", first.invitationId);
    await expect(invite("OWNER", "again@example.test")).resolves.toMatchObject({ status: "pending" });
  });
});

describe("links that no longer work", () => {
  it("a revoked, used or replaced link is 410; regenerating a revoked invitation is 409", async () => {
    const { world, invite, tokenOf } = setup();
    const revoked = await invite("OWNER", "revoked@example.test");
    await revokeInvitation(world.deps, world.callerOf("OWNER"), "A1", revoked.invitationId);
    expect(await failure(previewInvitation(world.deps, tokenOf(revoked.link)))).toEqual({
      status: 410,
      code: "invitation_unusable",
    });
    expect(
      await failure(regenerateInvitation(world.deps, world.callerOf("OWNER"), "A1", revoked.invitationId)),
    ).toEqual({ status: 409, code: "invitation_not_pending" });

    const replaced = await invite("OWNER", "replaced@example.test");
    const regenerated = await regenerateInvitation(world.deps, world.callerOf("OWNER"), "A1", replaced.invitationId);
    expect((await failure(previewInvitation(world.deps, tokenOf(replaced.link)))).status).toBe(410);
    await expect(previewInvitation(world.deps, tokenOf(regenerated.link))).resolves.toMatchObject({
      status: "pending",
    });

    const used = await invite("OWNER", "used@example.test");
    const accept = () =>
      acceptInvitation(world.deps, tokenOf(used.link), { password: PASSWORD }, { authorization: undefined, meta });
    await accept();
    expect(await failure(accept())).toEqual({ status: 410, code: "invitation_unusable" });
  });

  it("an unknown invitation is 404 to regenerate", async () => {
    const { world } = setup();
    expect((await failure(regenerateInvitation(world.deps, world.callerOf("OWNER"), "A1", "NOPE"))).status).toBe(404);
  });
});

describe("accepting", () => {
  it("a new person sets a password and gets a verified identity with the invited email", async () => {
    const { world, invite, tokenOf } = setup();
    const invited = await invite("OWNER", "fresh@example.test");
    const joined = await acceptInvitation(
      world.deps,
      tokenOf(invited.link),
      { password: PASSWORD, fullName: "Fresh Person" },
      { authorization: undefined, meta },
    );
    expect(joined).toMatchObject({ accountId: "A1", role: "viewer" });
    expect(world.accepted[0]?.newIdentity).toMatchObject({ email: "fresh@example.test", fullName: "Fresh Person" });
    expect(world.members.get(joined.userId)?.role).toBe("viewer");
  });

  it("an existing user must sign in; signed in, they join with their identity", async () => {
    const { world, invite, tokenOf } = setup();
    world.addUser("EXISTING", "existing@example.test");
    const invited = await invite("OWNER", "existing@example.test");
    const token = tokenOf(invited.link);
    expect(
      await failure(acceptInvitation(world.deps, token, { password: PASSWORD }, { authorization: undefined, meta })),
    ).toEqual({ status: 409, code: "user_exists" });
    const joined = await acceptInvitation(world.deps, token, undefined, { authorization: "as:EXISTING", meta });
    expect(joined).toEqual({ accountId: "A1", userId: "EXISTING", role: "viewer" });
    expect(world.accepted[0]?.newIdentity).toBeUndefined();
  });

  it("refuses a signed-in user whose email is not the invited one, and a password when signed in", async () => {
    const { world, invite, tokenOf } = setup();
    world.addUser("OTHER", "other@example.test");
    world.addUser("INVITED", "invited@example.test");
    const token = tokenOf((await invite("OWNER", "invited@example.test")).link);
    expect(await failure(acceptInvitation(world.deps, token, undefined, { authorization: "as:OTHER", meta }))).toEqual({
      status: 403,
      code: "email_mismatch",
    });
    expect(
      (
        await failure(
          acceptInvitation(world.deps, token, { password: PASSWORD }, { authorization: "as:INVITED", meta }),
        )
      ).status,
    ).toBe(400);
    expect(world.accepted).toEqual([]);
  });
});
