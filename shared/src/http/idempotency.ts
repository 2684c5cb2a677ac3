import { createHash } from "node:crypto";
import type middy from "@middy/core";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { openDocument, sealDocument } from "../crypto/sealed-envelope.ts";
import { SEAL_PURPOSE, type SecretSealer } from "../crypto/secret-sealer.ts";
import { isConditionFailure } from "../table/conditional-write.ts";
import type { TableService } from "../table/entities.ts";
import { type HttpEvent, parsedRequestOf } from "./middleware.ts";
import { Problem, problem } from "./problem.ts";

const RETENTION_SECONDS = 24 * 60 * 60;
const LEASE_MS = 60_000;

type StoredResponse = Pick<APIGatewayProxyStructuredResultV2, "statusCode" | "headers" | "body">;

type Claim =
  | { kind: "claimed" }
  | { kind: "completed"; requestHash: string; response: StoredResponse }
  | { kind: "in-progress" };

/** Remembers the first response to each `Idempotency-Key` for 24 hours. */
export interface IdempotencyStore {
  claim(scope: string, key: string): Promise<Claim>;
  complete(scope: string, key: string, record: { requestHash: string; response: StoredResponse }): Promise<void>;
  release(scope: string, key: string): Promise<void>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * The claim is a conditional put, so two concurrent retries cannot both run the create. The kept
 * response (which may carry an invitation or reset link) and the request's fingerprint are sealed
 * with the platform key before they are written (SPEC 10: secrets only as hashes in the table), and
 * opened on replay; the record's key binds the seal, so a record cannot be moved to another key.
 */
export const tableIdempotencyStore = (
  table: TableService,
  sealer: SecretSealer,
  now: () => Date = () => new Date(),
): IdempotencyStore => {
  const { idempotencyRecord } = table.entities;
  const context = (scope: string, key: string) => `${scope}\n${key}`;
  return {
    async claim(scope, key) {
      const at = now().getTime();
      try {
        await idempotencyRecord
          .put({
            scope,
            key,
            status: "in_progress",
            leaseUntil: at + LEASE_MS,
            expiresAt: Math.floor(at / 1000) + RETENTION_SECONDS,
          })
          .where(
            (attr, op) =>
              `${op.notExists(attr.status)} OR (${op.eq(attr.status, "in_progress")} AND ${op.lt(attr.leaseUntil, at)})`,
          )
          .go({ response: "none" });
        return { kind: "claimed" };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { data } = await idempotencyRecord.get({ scope, key }).go({ consistent: true });
      if (data?.status === "completed" && data.response) {
        const opened = await openDocument(sealer, SEAL_PURPOSE.idempotentResponse, data.response, context(scope, key));
        const record = JSON.parse(opened) as { requestHash: string; response: StoredResponse };
        return { kind: "completed", ...record };
      }
      return { kind: "in-progress" };
    },
    async complete(scope, key, record) {
      const sealed = await sealDocument(
        sealer,
        SEAL_PURPOSE.idempotentResponse,
        JSON.stringify(record),
        context(scope, key),
      );
      await idempotencyRecord
        .patch({ scope, key })
        .set({ status: "completed", response: sealed })
        .go({ response: "none" });
    },
    async release(scope, key) {
      await idempotencyRecord.delete({ scope, key }).go({ response: "none" });
    },
  };
};

type Request = middy.Request<HttpEvent, APIGatewayProxyStructuredResultV2> & {
  internal: { idempotency?: { scope: string; key: string; requestHash: string } };
};

/**
 * Whose key space a request is in. A signed-in caller's keys are theirs alone; a public route
 * (register, accept) has no caller, so its keys are shared per route and path, and the request
 * body's fingerprint decides: the same body gets the first response, another body a 422. The
 * path is hashed with the rest because a public path can carry a secret (an invitation token).
 */
const scopeOf = (request: Request) => {
  const { auth } = parsedRequestOf(request.event);
  return sha256(`${auth?.userId ?? "public"}\n${request.event.routeKey}\n${request.event.rawPath}`);
};

/**
 * `Idempotency-Key` on creates: the first request runs and its response is kept; a retry with the
 * same key and body gets that response again, with a different body `422`, while the first is
 * still running `409`. A failed attempt releases the key so the client can retry.
 */
export const idempotentCreates = ({ store }: { store: IdempotencyStore }) => ({
  before: async (request: Request) => {
    const key = request.event.headers?.["idempotency-key"];
    if (key === undefined) return;
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw problem.invalid("Idempotency-Key must be 1-255 visible ASCII characters.", [
        { path: "headers.idempotency-key", message: "invalid" },
      ]);
    }
    const scope = scopeOf(request);
    const requestHash = sha256(request.event.body ?? "");
    const claim = await store.claim(scope, key);
    if (claim.kind === "in-progress") {
      throw new Problem(
        409,
        "idempotency_in_progress",
        "A request with this Idempotency-Key is still being processed.",
      );
    }
    if (claim.kind === "completed") {
      if (claim.requestHash !== requestHash) {
        throw problem.unprocessable(
          "idempotency_key_reused",
          "This Idempotency-Key was used with a different request body.",
        );
      }
      return { ...claim.response, headers: { ...claim.response.headers, "idempotent-replayed": "true" } };
    }
    request.internal.idempotency = { scope, key, requestHash };
  },
  after: async (request: Request) => {
    const claimed = request.internal.idempotency;
    if (!claimed || !request.response) return;
    const { statusCode, headers, body } = request.response;
    await store.complete(claimed.scope, claimed.key, {
      requestHash: claimed.requestHash,
      response: { statusCode, headers, body },
    });
  },
  onError: async (request: Request) => {
    const claimed = request.internal.idempotency;
    if (claimed) await store.release(claimed.scope, claimed.key);
  },
});
