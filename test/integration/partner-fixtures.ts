import { expect } from "vitest";
import {
  api,
  inviteNewMember,
  type JoinedMember,
  makePlatformAdmin,
  registerVerifiedUser,
  STRONG_PASSWORD,
  type TestUser,
  uniqueEmail,
} from "../harness/api.ts";

export interface PartnerWithClient {
  partnerOwner: TestUser;
  partnerAdmin: JoinedMember;
  clientId: string;
  clientOwner: { email: string; token: string; userId: string };
}

/** A partner account (made one by provider support) with an admin, and a managed client whose owner has joined. */
export const partnerWithClient = async (): Promise<PartnerWithClient> => {
  const partnerOwner = await registerVerifiedUser({ accountName: "HostCo" });
  const supportToken = await makePlatformAdmin(await registerVerifiedUser());
  const madePartner = await api("PATCH", `/v1/platform/accounts/${partnerOwner.accountId}`, {
    token: supportToken,
    body: { kind: "partner" },
  });
  expect(madePartner.status).toBe(200);
  const partnerAdmin = await inviteNewMember(partnerOwner.accessToken, partnerOwner.accountId, "admin");
  const email = uniqueEmail("client-owner");
  const created = await api("POST", `/v1/accounts/${partnerOwner.accountId}/managed-accounts`, {
    token: partnerOwner.accessToken,
    body: { name: "Client", ownerEmail: email },
  });
  expect(created.status).toBe(201);
  const token = new URL(created.body.ownerInvitation.link).searchParams.get("token");
  const accepted = await api("POST", `/v1/invitations/${token}/accept`, { body: { password: STRONG_PASSWORD } });
  expect(accepted.status).toBe(201);
  const login = await api("POST", "/v1/auth/login", { body: { username: email, password: STRONG_PASSWORD } });
  return {
    partnerOwner,
    partnerAdmin,
    clientId: created.body.accountId,
    clientOwner: { email, token: login.body.accessToken, userId: accepted.body.userId },
  };
};
