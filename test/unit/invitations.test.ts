import { describe, expect, it } from "vitest";
import type { Invitation } from "../../services/accounts/src/domain/invitation.ts";
import type { AccountsDependencies } from "../../services/accounts/src/use-cases/dependencies.ts";
import { acceptInvitation } from "../../services/accounts/src/use-cases/invitations/accept-invitation.ts";
import { previewInvitation } from "../../services/accounts/src/use-cases/invitations/preview-invitation.ts";
import { hashLinkToken } from "../../shared/src/crypto/link-token.ts";
import { Problem } from "../../shared/src/http/problem.ts";
import { INVITATION_TOKEN, pendingInvitation } from "./invitation-fixtures.ts";

const TOKEN = INVITATION_TOKEN;
const NOW = new Date("2026-11-22T12:00:00Z");

const depsWith = (invitation: Partial<Invitation>): AccountsDependencies =>
  ({
    now: () => NOW,
    invitations: {
      openLink: async () => ({
        invitation: pendingInvitation(NOW, invitation),
        account: { accountId: "A1", name: "Acme", status: "active" },
      }),
      peopleOf: async () => ({ inviter: { fullName: "Inviter" }, inviteeUserId: undefined }),
    },
    verifyAccessToken: async () => undefined,
  }) as unknown as AccountsDependencies;

const goneCode = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Problem);
  return { status: (error as Problem).status, code: (error as Problem).code };
};

describe("invitation links", () => {
  it("work while pending and unexpired", async () => {
    await expect(previewInvitation(depsWith({}), TOKEN)).resolves.toMatchObject({
      accountName: "Acme",
      status: "pending",
    });
  });

  it.each([
    ["expired", { expiresAt: Math.floor(NOW.getTime() / 1000) - 1 }],
    ["accepted", { status: "accepted" as const }],
    ["revoked", { status: "revoked" as const }],
    ["replaced by a regenerated link", { tokenHash: hashLinkToken("another-token-0000000000000000000000000") }],
  ])("are 410 once %s, for preview and accept alike", async (_case, change) => {
    const deps = depsWith(change);
    expect(await goneCode(previewInvitation(deps, TOKEN))).toEqual({ status: 410, code: "invitation_unusable" });
    const accept = acceptInvitation(
      deps,
      TOKEN,
      { password: "Correct-Horse-Battery-9" },
      {
        authorization: undefined,
        meta: { requestId: "r", ip: "127.0.0.1", userAgent: "t" },
      },
    );
    expect(await goneCode(accept)).toEqual({ status: 410, code: "invitation_unusable" });
  });
});
