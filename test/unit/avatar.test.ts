import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { presignedRequestDefect } from "../../local/s3-emulator.ts";
import {
  avatarPrefixesOf,
  pendingAvatarKey,
  publishedAvatarKey,
  sniffImageType,
  uploadDefect,
} from "../../services/users/src/domain/avatar.ts";
import { avatarUrlOf } from "../../shared/src/profile/avatar-url.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, "latin1"));

describe("avatar formats by magic bytes", () => {
  it("recognises PNG, JPEG and WebP", () => {
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe("image/png");
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe("image/jpeg");
    expect(sniffImageType(ascii("RIFF\x10\x00\x00\x00WEBPVP8 "))).toBe("image/webp");
  });
  it("recognises nothing else: text, GIF, a RIFF that is not WebP, a truncated PNG signature", () => {
    expect(sniffImageType(ascii("hello, I am a PNG"))).toBeUndefined();
    expect(sniffImageType(ascii("GIF89a........"))).toBeUndefined();
    expect(sniffImageType(ascii("RIFF\x10\x00\x00\x00WAVEfmt "))).toBeUndefined();
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47))).toBeUndefined();
    expect(sniffImageType(bytes())).toBeUndefined();
  });
});

describe("uploadDefect", () => {
  const png = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  it("accepts the declared type at the declared size", () => {
    expect(uploadDefect({ contentType: "image/png", contentLength: 100 }, { size: 100, head: png })).toBeUndefined();
  });
  it("refuses another size than declared", () => {
    expect(uploadDefect({ contentType: "image/png", contentLength: 100 }, { size: 101, head: png })).toBe(
      "size_mismatch",
    );
  });
  it("refuses another format than declared", () => {
    expect(uploadDefect({ contentType: "image/jpeg", contentLength: 100 }, { size: 100, head: png })).toBe(
      "not_the_declared_image",
    );
  });
});

describe("avatar keys and URLs", () => {
  it("publishes under a new key per upload, with the format's extension, under the user's public prefix", () => {
    const pending = pendingAvatarKey("user-1", "01JUPLOAD");
    expect(pending).toBe("avatars/pending/user-1/01JUPLOAD");
    expect(publishedAvatarKey(pending, "image/jpeg")).toBe("avatars/public/user-1/01JUPLOAD.jpg");
    expect(avatarPrefixesOf("user-1")).toEqual(["avatars/pending/user-1/", "avatars/public/user-1/"]);
  });
  it("builds the public URL from the base and the key; no key, no URL", () => {
    expect(avatarUrlOf("https://cdn.example/", "avatars/public/u/a.png")).toBe(
      "https://cdn.example/avatars/public/u/a.png",
    );
    expect(avatarUrlOf("https://cdn.example", undefined)).toBeNull();
  });
});

describe("the S3 emulator's presigned-request check", () => {
  const client = new S3Client({
    endpoint: "http://127.0.0.1:4568",
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  const signedAt = new Date("2026-12-01T06:00:00Z");
  const presign = async () => {
    const signed = new Set(["content-type", "content-length"]);
    const url = new URL(
      await getSignedUrl(
        client,
        new PutObjectCommand({ Bucket: "b", Key: "avatars/pending/u/1", ContentType: "image/png", ContentLength: 42 }),
        { expiresIn: 900, signingDate: signedAt, signableHeaders: signed, unhoistableHeaders: signed },
      ),
    );
    return { url: `${url.pathname}${url.search}`, host: url.host };
  };
  const within = signedAt.getTime() + 60_000;

  it("accepts the request as signed, and the signature covers content-type and content-length", async () => {
    const { url, host } = await presign();
    expect(new URLSearchParams(url.split("?")[1]).get("X-Amz-SignedHeaders")).toBe("content-length;content-type;host");
    const headers = { host, "content-type": "image/png", "content-length": "42" };
    expect(presignedRequestDefect({ method: "PUT", url, headers }, "S3RVER", within)).toBeUndefined();
  });
  it("refuses another size, another type, another key, a wrong secret, and an expired URL", async () => {
    const { url, host } = await presign();
    const headers = { host, "content-type": "image/png", "content-length": "42" };
    const check = (overrides: Partial<{ url: string; headers: typeof headers; secret: string; now: number }>) =>
      presignedRequestDefect(
        { method: "PUT", url: overrides.url ?? url, headers: overrides.headers ?? headers },
        overrides.secret ?? "S3RVER",
        overrides.now ?? within,
      );
    expect(check({ headers: { ...headers, "content-length": "2097152" } })).toBe("SignatureDoesNotMatch");
    expect(check({ headers: { ...headers, "content-type": "text/plain" } })).toBe("SignatureDoesNotMatch");
    expect(check({ url: url.replace("/u/1", "/v/1") })).toBe("SignatureDoesNotMatch");
    expect(check({ secret: "other" })).toBe("SignatureDoesNotMatch");
    expect(check({ now: signedAt.getTime() + 901_000 })).toMatch(/^AccessDenied/);
  });
});
