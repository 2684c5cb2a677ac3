import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import S3rver from "s3rver";

/** s3rver knows one key pair; the local runtime's SDK clients use it. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

interface PresignedRequest {
  method: string;
  /** The request target as sent: raw path and query. */
  url: string;
  headers: IncomingHttpHeaders;
}

const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();

/** `20261201T063000Z` → epoch ms. */
const parseAmzDate = (value: string) =>
  Date.parse(
    `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T${value.slice(9, 11)}:${value.slice(11, 13)}:${value.slice(13, 15)}Z`,
  );

/**
 * Why S3 would refuse a query-string (presigned) SigV4 request, or undefined when it would accept
 * it: the signature is recomputed over the method, path, query and the signed headers as received,
 * so a body of another length or type than the one signed fails, as does an expired URL.
 * (s3rver itself accepts any V4 signature; this is the part of S3's behaviour the avatar upload
 * relies on.)
 */
export const presignedRequestDefect = (
  request: PresignedRequest,
  secretAccessKey: string,
  now = Date.now(),
): string | undefined => {
  const [path = "/", rawQuery = ""] = request.url.split("?", 2);
  const query = new URLSearchParams(rawQuery);
  const credential = query.get("X-Amz-Credential");
  const amzDate = query.get("X-Amz-Date");
  const expires = Number(query.get("X-Amz-Expires"));
  const signedHeaders = query.get("X-Amz-SignedHeaders");
  const signature = query.get("X-Amz-Signature");
  if (!credential || !amzDate || !signedHeaders || !signature || !Number.isFinite(expires)) {
    return "AuthorizationQueryParametersError";
  }
  if (parseAmzDate(amzDate) + expires * 1000 < now) return "AccessDenied: Request has expired";

  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== "X-Amz-Signature")
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
  const headerNames = signedHeaders.split(";");
  const canonicalHeaders = headerNames
    .map((name) => {
      const value = request.headers[name];
      const text = Array.isArray(value) ? value.join(",") : (value ?? "");
      return `${name}:${text.trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const payloadHash = query.get("X-Amz-Content-Sha256") ?? "UNSIGNED-PAYLOAD";
  const canonicalRequest = [request.method, path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join(
    "\n",
  );
  const [, date = "", region = "", service = "", terminator = ""] = credential.split("/");
  const scope = [date, region, service, terminator].join("/");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = [date, region, service, terminator].reduce<Buffer>(
    (key, part) => hmac(key, part),
    Buffer.from(`AWS4${secretAccessKey}`),
  );
  const expected = Buffer.from(hmac(signingKey, stringToSign).toString("hex"));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "SignatureDoesNotMatch";
  return undefined;
};

interface KoaContext {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  query: Record<string, unknown>;
  status: number;
  type: string;
  body: unknown;
}

const s3Error = (ctx: KoaContext, code: string) => {
  ctx.status = 403;
  ctx.type = "application/xml";
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code.split(":")[0]}</Code><Message>${code}</Message></Error>`;
};

/**
 * Starts s3rver in this process with its objects under `directory`, in front of it the checks of
 * S3 it lacks: presigned (query-string SigV4) requests are verified, and anonymous requests may
 * only read (the stand-in for the public CloudFront origin of published avatars; the SDK's own
 * header-signed requests pass as in s3rver).
 */
export const startS3Emulator = async (port: number, directory: string) => {
  const server = new S3rver({ address: "127.0.0.1", port, directory, silent: true, vhostBuckets: false });
  server.middleware.unshift(async (raw, next) => {
    const ctx = raw as KoaContext;
    const presigned = "X-Amz-Algorithm" in ctx.query;
    const signed = presigned || "authorization" in ctx.headers || "Signature" in ctx.query;
    if (presigned) {
      const defect = presignedRequestDefect(ctx, S3RVER_CREDENTIALS.secretAccessKey);
      if (defect) return s3Error(ctx, defect);
    } else if (!signed && !["GET", "HEAD"].includes(ctx.method)) {
      return s3Error(ctx, "AccessDenied");
    }
    await next();
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      const closed = server.close();
      server.httpServer?.closeAllConnections();
      await closed;
    },
  };
};
