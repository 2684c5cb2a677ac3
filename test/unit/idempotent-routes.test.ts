import { describe, expect, it } from "vitest";
import { serviceCatalog } from "../../services/catalog.ts";
import { buildOpenApiDocument } from "../../shared/src/http/openapi.ts";
import { routeKeyOf } from "../../shared/src/http/route.ts";

/**
 * POSTs that create or issue nothing a retry could duplicate, each with the reason. Any other
 * POST, including every one a later change adds, must honour Idempotency-Key (SPEC 5).
 */
const NOT_CREATES: Record<string, string> = {
  "POST /v1/auth/verify-email": "spends a link; a retry is 410 and changes nothing",
  "POST /v1/auth/verify-email/resend": "always 202; rate limited; nothing the client keeps",
  "POST /v1/auth/login": "issues tokens, which must never be kept for replay",
  "POST /v1/auth/refresh": "issues tokens, which must never be kept for replay",
  "POST /v1/auth/logout": "revokes; repeating it has the same outcome",
  "POST /v1/auth/password/forgot": "always 202; rate limited",
  "POST /v1/auth/password/reset": "spends a link; a retry is 410 and changes nothing",
  "POST /v1/me/privacy/restriction": "sets a state; repeating it has the same outcome",
  "POST /v1/me/phone/verification": "sends a code; another is refused for 60 s (429), so a retry cannot send twice",
  "POST /v1/me/phone/verification/confirm": "spends a code; a retry is 409/410 and changes nothing",
  "POST /v1/me/phone/change": "sends a code; another is refused for 60 s (429), so a retry cannot send twice",
  "POST /v1/me/phone/change/confirm": "spends a code; a retry is 410 and changes nothing",
  "POST /v1/auth/login/mfa": "issues tokens, which must never be kept for replay",
  "POST /v1/me/mfa/totp": "returns a TOTP secret, which must never be kept; a retry replaces the pending enrolment",
  "POST /v1/me/mfa/totp/verify": "spends a code; the replay guard refuses a retry, which changes nothing",
  "POST /v1/me/avatar": "hands out a presigned upload (a credential, never kept); a retry replaces the pending one",
  "POST /v1/me/avatar/confirm":
    "publishes the pending upload once; a retry is 409 no_pending_upload and changes nothing",
  "POST /v1/platform/machine-clients":
    "answers with the client's secret, which must never be kept for replay; a retry makes another client, the stray one is deleted",
  "POST /v1/access/check": "a read: answers whether a user may do something, creates nothing",
  "POST /v1/access/check-batch": "a read: answers up to 100 access questions, creates nothing",
  "POST /v1/notifications/unsubscribe":
    "sets a state (email off for the token's category); mail clients post it without an Idempotency-Key, and repeating it has the same outcome",
  "POST /v1/me/telegram/link":
    "hands out a single-use start token (a credential, never kept); a retry issues another, and an unused one expires in 10 minutes",
  "POST /v1/telegram/webhook":
    "Telegram's updates, answered 200 whatever they are; a redelivered update is recognised by its update_id and handled once",
  "POST /v1/auth/providers/{provider}/sign-in":
    "starts an authorization with a fresh single-use state; a retry starts another and keeps nothing",
  "POST /v1/auth/providers/{provider}/sign-in/callback": "issues tokens, which must never be kept for replay",
  "POST /v1/me/identities/{provider}/link":
    "starts an authorization with a fresh single-use state; a retry starts another and keeps nothing",
  "POST /v1/me/identities/{provider}/link/callback":
    "spends the attempt's state once; a retry is 400 and changes nothing",
};

/** Creates (201) that are still not replayable: what they answer with is a secret nobody may keep. */
const SECRET_BEARING_CREATES = new Set(["POST /v1/platform/machine-clients"]);

const routes = serviceCatalog.flatMap((service) => service.routes);

describe("Idempotency-Key is the default for POST", () => {
  it("every POST outside the reasoned list is idempotent, and every 201 is", () => {
    const posts = routes.filter((route) => route.method === "POST");
    const missing = posts.filter((route) => !route.idempotent && !(routeKeyOf(route) in NOT_CREATES));
    expect(missing.map(routeKeyOf)).toEqual([]);
    const creates = posts.filter((route) => route.success.status === 201);
    expect(
      creates.filter((route) => !route.idempotent && !SECRET_BEARING_CREATES.has(routeKeyOf(route))).map(routeKeyOf),
    ).toEqual([]);
    // The list names only routes that exist, so it cannot keep excusing a removed path.
    expect(Object.keys(NOT_CREATES).filter((key) => !posts.some((route) => routeKeyOf(route) === key))).toEqual([]);
  });

  it("names the issue's routes: register, owner transfer, regenerate, reset link, accept", () => {
    const idempotent = new Set(routes.filter((route) => route.idempotent).map(routeKeyOf));
    for (const key of [
      "POST /v1/auth/register",
      "POST /v1/accounts/{accountId}/owner-transfer",
      "POST /v1/platform/accounts/{accountId}/owner-transfer",
      "POST /v1/accounts/{accountId}/invitations/{invitationId}/regenerate",
      "POST /v1/accounts/{accountId}/members/{userId}/password-reset-link",
      "POST /v1/invitations/{token}/accept",
    ]) {
      expect(idempotent).toContain(key);
    }
  });

  it("documents the Idempotency-Key header on exactly the idempotent operations", () => {
    const document = buildOpenApiDocument(routes) as unknown as {
      paths: Record<string, Record<string, { operationId: string; parameters?: Array<{ in: string; name: string }> }>>;
    };
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      const documented = (operation?.parameters ?? []).some(
        (p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key",
      );
      expect([route.operationId, documented]).toEqual([route.operationId, Boolean(route.idempotent)]);
    }
  });
});
