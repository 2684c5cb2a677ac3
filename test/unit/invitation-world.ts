import type { AccountFacts } from "../../services/accounts/src/domain/access.ts";
import type { IdentitySummary } from "../../services/accounts/src/domain/identity.ts";
import { type Invitation, InvitationConflict } from "../../services/accounts/src/domain/invitation.ts";
import type { Member } from "../../services/accounts/src/domain/member.ts";
import type { Role } from "../../services/accounts/src/domain/roles.ts";
import type { InvitationAcceptance, InvitationStore } from "../../services/accounts/src/ports/invitation-store.ts";
import type { AccountsDependencies, Caller } from "../../services/accounts/src/use-cases/dependencies.ts";

/**
 * An in-memory account world behind the ports the invitation use cases need: one account A1,
 * its members, users by id and email, invitations and their links. Writes check the same
 * conditions the DynamoDB adapter's transactions do.
 */
export const invitationWorld = (now: Date) => {
  const account: AccountFacts = {
    accountId: "A1",
    name: "Acme",
    kind: "standard",
    status: "active",
    adminsCanGrantAdmin: false,
    version: 1,
  };
  const members = new Map<string, Member>();
  const users = new Map<string, IdentitySummary>();
  const invitations = new Map<string, Invitation>();
  const links = new Map<string, string>();
  const accepted: InvitationAcceptance[] = [];
  const createdIdentities: string[] = [];
  let ids = 0;

  const addUser = (userId: string, email: string, locale: IdentitySummary["locale"] = "en") => {
    users.set(userId, { userId, cognitoUsername: userId, email, fullName: `User ${userId}`, locale });
  };
  const addMember = (userId: string, role: Role, email = `${userId.toLowerCase()}@example.test`) => {
    addUser(userId, email);
    members.set(userId, {
      accountId: "A1",
      userId,
      role,
      status: "active",
      fullName: `User ${userId}`,
      email,
      addedBy: "U0",
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  };
  const userIdByEmail = (email: string) => [...users.values()].find((u) => u.email === email)?.userId;

  const store: InvitationStore = {
    async create({ invitation }) {
      const pending = [...invitations.values()].some((i) => i.email === invitation.email && i.status === "pending");
      if (pending) throw new InvitationConflict("already_invited");
      invitations.set(invitation.invitationId, invitation);
      links.set(invitation.tokenHash, invitation.invitationId);
    },
    get: async (_accountId, invitationId) => invitations.get(invitationId),
    async openLink(tokenHash, readerUserId) {
      const invitationId = links.get(tokenHash);
      const invitation = invitationId ? invitations.get(invitationId) : undefined;
      if (!invitation) return undefined;
      return { invitation, account, ...(readerUserId ? { reader: users.get(readerUserId) } : {}) };
    },
    peopleOf: async ({ invitedBy, email }) => ({ inviter: users.get(invitedBy), inviteeUserId: userIdByEmail(email) }),
    standingOf: async (_accountId, userId) => ({ isMember: members.has(userId), profile: users.get(userId) }),
    list: async () => ({ items: [...invitations.values()], nextCursor: null }),
    async regenerate({ invitation, tokenHash, expiresAt }) {
      const current = invitations.get(invitation.invitationId);
      if (current?.status !== "pending" || current.tokenHash !== invitation.tokenHash)
        throw new InvitationConflict("not_pending");
      links.delete(current.tokenHash);
      invitations.set(current.invitationId, { ...current, tokenHash, expiresAt });
      links.set(tokenHash, current.invitationId);
    },
    async revoke({ invitation }) {
      const current = invitations.get(invitation.invitationId);
      if (current?.status !== "pending") throw new InvitationConflict("not_pending");
      invitations.set(current.invitationId, { ...current, status: "revoked" });
      links.delete(current.tokenHash);
    },
    async accept(input) {
      const current = invitations.get(input.invitation.invitationId);
      if (current?.status !== "pending" || current.tokenHash !== input.tokenHash)
        throw new InvitationConflict("not_pending");
      if (members.has(input.member.userId)) throw new InvitationConflict("already_member");
      if (input.newIdentity && userIdByEmail(input.newIdentity.email)) throw new InvitationConflict("email_taken");
      invitations.set(current.invitationId, { ...current, status: "accepted", acceptedBy: input.member.userId });
      links.delete(input.tokenHash);
      members.set(input.member.userId, input.member);
      if (input.newIdentity) addUser(input.newIdentity.userId, input.newIdentity.email, input.newIdentity.locale);
      accepted.push(input);
    },
  };

  const access = {
    loadAccountAndMembership: async (_accountId: string, userId: string) => ({
      account,
      membership: members.get(userId),
    }),
    getInvitation: store.get,
    peopleOf: store.peopleOf,
    // What a request names rides in the access check: the same answers as the stores below.
    resourcesByIds: async () => [],
    accountsByIds: async () => [account],
    coalesced: () => access,
  };
  const deps = {
    invitations: store,
    access,
    accounts: { accountsByIds: async () => [account] },
    resources: { resourcesByIds: async () => [], listResources: async () => ({ items: [], nextCursor: null }) },
    identities: { getProfile: async (userId: string) => users.get(userId) },
    members: { allMembers: async () => [...members.values()] },
    rateLimiter: { consume: async () => ({ remaining: 1 }) },
    sealer: { seal: async (secret: string) => `sealed:${secret}` },
    identity: {
      createUser: async () => {
        ids += 1;
        return { userId: `NEW${ids}` };
      },
      deleteUser: async () => undefined,
      markEmailVerified: async (username: string) => {
        createdIdentities.push(username);
      },
    },
    verifyAccessToken: async (token: string) =>
      token.startsWith("as:") ? { sub: token.slice(3), username: token.slice(3), token_use: "access" } : undefined,
    config: {
      APP_BASE_URL: "https://app.example.test",
      INVITATION_TTL_DAYS: 7,
      INVITATIONS_PER_ACCOUNT_PER_HOUR: 100,
      INVITATIONS_PER_INVITER_PER_HOUR: 100,
    },
    metrics: { count: () => undefined },
    now: () => now,
    newId: () => {
      ids += 1;
      return `ID${ids}`;
    },
  } as unknown as AccountsDependencies;

  const callerOf = (userId: string): Caller => ({
    auth: { userId, cognitoUsername: userId, groups: [], isPlatformAdmin: false },
    meta: { requestId: "r", ip: "127.0.0.1", userAgent: "unit" },
  });

  return { deps, account, members, users, invitations, accepted, addUser, addMember, callerOf };
};
