import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { SessionRecord, SessionStore } from "../../services/users/src/ports/session-store.ts";
import type { UsersDependencies } from "../../services/users/src/use-cases/dependencies.ts";
import { listSessions } from "../../services/users/src/use-cases/sessions/list-sessions.ts";
import { startSession } from "../../services/users/src/use-cases/sessions/start-session.ts";
import type { AuthContext } from "../../shared/src/auth/auth-context.ts";

const memoryStore = (sessions: SessionRecord[]): SessionStore => ({
  async start(session) {
    sessions.push(session);
  },
  async list(userId) {
    return sessions.filter((s) => s.userId === userId).sort((a, b) => a.sessionId.localeCompare(b.sessionId));
  },
  async findByRefreshTokenHash() {
    return undefined;
  },
  async touch() {
    return true;
  },
  async end(userId, sessionId) {
    const index = sessions.findIndex((s) => s.userId === userId && s.sessionId === sessionId);
    return index < 0 ? undefined : sessions.splice(index, 1)[0];
  },
  async endFound({ userId, sessionId }) {
    const index = sessions.findIndex((s) => s.userId === userId && s.sessionId === sessionId);
    if (index >= 0) sessions.splice(index, 1);
    return index >= 0;
  },
});

const session = (sessionId: string, expiresAt: number): SessionRecord => ({
  userId: "u1",
  sessionId,
  originJti: `jti-${sessionId}`,
  sealedRefreshToken: `sealed-${sessionId}`,
  refreshTokenHash: `hash-${sessionId}`,
  ip: "10.0.0.1",
  userAgent: "ua",
  createdAt: "2026-03-01T00:00:00.000Z",
  lastUsedAt: "2026-03-01T00:00:00.000Z",
  expiresAt,
});

const NOW = new Date("2026-03-10T12:00:00Z");
const nowSeconds = NOW.getTime() / 1000;

const setup = (existing: SessionRecord[]) => {
  const sessions = [...existing];
  const revoked: string[] = [];
  const deps = {
    sessions: memoryStore(sessions),
    sealer: { seal: async (s: string) => `sealed-${s}`, open: async (s: string) => s.replace(/^sealed-/, "") },
    identity: { revoke: async (token: string) => void revoked.push(token) },
    activity: { record: async () => undefined },
    now: () => NOW,
    newId: () => "S9",
  } as unknown as UsersDependencies;
  return { deps, sessions, revoked };
};

const tokensWithOrigin = async (originJti: string) => ({
  accessToken: await new SignJWT({ origin_jti: originJti })
    .setProtectedHeader({ alg: "HS256" })
    .sign(new Uint8Array(32)),
  idToken: "id",
  refreshToken: "refresh-new",
  expiresIn: 900,
});

describe("session rules (fake clock)", () => {
  it("does not list a session whose refresh token has expired, and marks the current one", async () => {
    const { deps } = setup([session("S1", nowSeconds - 1), session("S2", nowSeconds + 60)]);
    const auth = { userId: "u1", originJti: "jti-S2" } as AuthContext;
    const { items } = await listSessions(deps, auth);
    expect(items.map((s) => [s.sessionId, s.current])).toEqual([["S2", true]]);
  });

  it("beyond maxSessions ends the oldest live sessions (revoking their refresh tokens), not expired ones", async () => {
    const { deps, sessions, revoked } = setup([
      session("S1", nowSeconds - 10),
      session("S2", nowSeconds + 60),
      session("S3", nowSeconds + 60),
    ]);
    await startSession(deps, {
      userId: "u1",
      maxSessions: 2,
      tokens: await tokensWithOrigin("jti-new"),
      client: { ip: "10.0.0.2", userAgent: "ua" },
    });
    expect(sessions.map((s) => s.sessionId).sort()).toEqual(["S1", "S3", "S9"]);
    expect(revoked).toEqual(["S2"]);
  });
});
