import { HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, inviteNewMember, registerVerifiedUser, type TestUser } from "../harness/api.ts";
import {
  eventually,
  exportRecords,
  isExportEmail,
  platformRequest,
  registerPlatformAdmin,
  runPrivacyJob,
  sesEmailsTo,
} from "./privacy-fixtures.ts";

/** A tiny but real PNG (1×1, red) and a JPEG/WebP header: the format is judged by magic bytes. */
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108020000009077" +
    "53de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082",
  "hex",
);
const WEBP = Buffer.concat([Buffer.from("RIFF\x24\x00\x00\x00WEBPVP8 ", "latin1"), Buffer.alloc(28, 1)]);

const s3 = () =>
  new S3Client({
    endpoint: inject("endpoints").s3,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
const bucket = () => inject("resources").avatarBucketName;
const keysUnder = async (prefix: string) =>
  ((await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix }))).Contents ?? []).map((o) => o.Key);

interface Upload {
  uploadUrl: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresAt: string;
}

const requestUpload = (user: TestUser, contentType: string, contentLength: number) =>
  api<Upload>("POST", "/v1/me/avatar", { token: user.accessToken, body: { contentType, contentLength } });

/** What a browser does with the upload: the signed headers as given, and the file as the body. */
const upload = (target: Upload, bytes: Buffer, headers: Record<string, string> = target.headers) => {
  const { "content-length": _length, ...sent } = headers; // fetch sets content-length from the body
  return fetch(target.uploadUrl, { method: target.method, headers: sent, body: bytes });
};

/** Request, upload and confirm: the whole flow a client runs. */
const setAvatar = async (user: TestUser, bytes: Buffer, contentType = "image/png") => {
  const requested = await requestUpload(user, contentType, bytes.length);
  expect(requested.status).toBe(200);
  expect((await upload(requested.body, bytes)).status).toBe(200);
  return api("POST", "/v1/me/avatar/confirm", { token: user.accessToken });
};

const avatarUrlOfMe = async (user: TestUser) =>
  (await api("GET", "/v1/me", { token: user.accessToken })).body.avatarUrl as string | null;

describe("POST /v1/me/avatar + /confirm", () => {
  it("publishes an uploaded PNG: the profile's avatarUrl serves the bytes without a token", async () => {
    const user = await registerVerifiedUser();
    expect(await avatarUrlOfMe(user)).toBeNull();

    const requested = await requestUpload(user, "image/png", PNG.length);
    expect(requested.status).toBe(200);
    expect(requested.body).toEqual({
      uploadUrl: expect.stringMatching(/^http/),
      method: "PUT",
      headers: { "content-type": "image/png", "content-length": String(PNG.length) },
      expiresAt: expect.any(String),
    });
    expect(Date.parse(requested.body.expiresAt)).toBeGreaterThan(Date.now());
    expect((await upload(requested.body, PNG)).status).toBe(200);

    const confirmed = await api("POST", "/v1/me/avatar/confirm", { token: user.accessToken });
    expect(confirmed.status).toBe(200);
    const avatarUrl = confirmed.body.avatarUrl as string;
    expect(await avatarUrlOfMe(user)).toBe(avatarUrl);

    const fetched = await fetch(avatarUrl);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(PNG);
    expect(fetched.headers.get("content-type")).toBe("image/png");
    // The upload itself is gone once published.
    expect(await keysUnder(`avatars/pending/${user.userId}/`)).toEqual([]);
  });

  it("gives each new avatar a new URL and deletes the one it replaces", async () => {
    const user = await registerVerifiedUser();
    const first = (await setAvatar(user, PNG)).body.avatarUrl as string;
    const second = await setAvatar(user, WEBP, "image/webp");
    expect(second.status).toBe(200);
    expect(second.body.avatarUrl).not.toBe(first);
    expect(second.body.avatarUrl).toMatch(/\.webp$/);
    expect((await fetch(first)).status).toBe(404);
    expect(Buffer.from(await (await fetch(second.body.avatarUrl)).arrayBuffer())).toEqual(WEBP);
  });

  it("refuses a text file disguised as a PNG (422 invalid_image), deletes it and keeps the previous avatar", async () => {
    const user = await registerVerifiedUser();
    const previous = (await setAvatar(user, PNG)).body.avatarUrl as string;

    const disguised = Buffer.from("just some text pretending to be an image\n");
    const confirmed = await setAvatar(user, disguised, "image/png");
    expect(confirmed.status).toBe(422);
    expect(confirmed.body.code).toBe("invalid_image");

    expect(await avatarUrlOfMe(user)).toBe(previous);
    expect((await fetch(previous)).status).toBe(200);
    expect(await keysUnder(`avatars/pending/${user.userId}/`)).toEqual([]);
    // Nothing is left to confirm.
    const again = await api("POST", "/v1/me/avatar/confirm", { token: user.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("no_pending_upload");
  });

  it("refuses a PNG declared as JPEG (the magic bytes must match the declared type)", async () => {
    const user = await registerVerifiedUser();
    const confirmed = await setAvatar(user, PNG, "image/jpeg");
    expect(confirmed.status).toBe(422);
    expect(confirmed.body.code).toBe("invalid_image");
    expect(await avatarUrlOfMe(user)).toBeNull();
  });

  it.each([
    ["a 2 MiB image", { contentType: "image/png", contentLength: 2 * 1024 * 1024 }],
    ["an empty file", { contentType: "image/png", contentLength: 0 }],
    ["a GIF", { contentType: "image/gif", contentLength: 100 }],
    ["an SVG", { contentType: "image/svg+xml", contentLength: 100 }],
    ["an unknown field", { contentType: "image/png", contentLength: 100, name: "me.png" }],
  ])("refuses %s at request time (400)", async (_case, body) => {
    const user = await registerVerifiedUser();
    const response = await api("POST", "/v1/me/avatar", { token: user.accessToken, body });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("invalid_request");
  });

  it("has S3 refuse an upload larger than declared, or of another type: both are in the signature", async () => {
    const user = await registerVerifiedUser();
    const requested = await requestUpload(user, "image/png", PNG.length);
    const larger = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    expect((await upload(requested.body, larger)).status).toBe(403);
    const otherType = await upload(requested.body, PNG, { ...requested.body.headers, "content-type": "text/plain" });
    expect(otherType.status).toBe(403);
    const tampered = new URL(requested.body.uploadUrl);
    tampered.pathname = tampered.pathname.replace(user.userId, "someone-else");
    expect((await fetch(tampered, { method: "PUT", headers: { "content-type": "image/png" }, body: PNG })).status).toBe(
      403,
    );
    // Nothing arrived, so there is nothing to confirm yet.
    const confirmed = await api("POST", "/v1/me/avatar/confirm", { token: user.accessToken });
    expect(confirmed.status).toBe(409);
    expect(confirmed.body.code).toBe("upload_missing");
    // The upload URL still works for the declared file, and a confirm after it succeeds.
    expect((await upload(requested.body, PNG)).status).toBe(200);
    expect((await api("POST", "/v1/me/avatar/confirm", { token: user.accessToken })).status).toBe(200);
  });

  it("refuses anonymous writes to the bucket", async () => {
    const response = await fetch(`${inject("endpoints").s3}/${bucket()}/avatars/public/x/y.png`, {
      method: "PUT",
      body: PNG,
    });
    expect(response.status).toBe(403);
  });

  it("answers 409 when nothing was requested, and 401 without a token", async () => {
    const user = await registerVerifiedUser();
    const confirmed = await api("POST", "/v1/me/avatar/confirm", { token: user.accessToken });
    expect(confirmed.status).toBe(409);
    expect(confirmed.body.code).toBe("no_pending_upload");
    expect((await api("POST", "/v1/me/avatar", { body: { contentType: "image/png", contentLength: 10 } })).status).toBe(
      401,
    );
    expect((await api("POST", "/v1/me/avatar/confirm")).status).toBe(401);
    expect((await api("DELETE", "/v1/me/avatar")).status).toBe(401);
  });

  it("publishes exactly once when 20 confirms race", async () => {
    const user = await registerVerifiedUser();
    const requested = await requestUpload(user, "image/png", PNG.length);
    expect((await upload(requested.body, PNG)).status).toBe(200);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => api("POST", "/v1/me/avatar/confirm", { token: user.accessToken })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);
    const avatarUrl = await avatarUrlOfMe(user);
    expect(avatarUrl).toBe(results.find((r) => r.status === 200)?.body.avatarUrl);
    expect((await fetch(avatarUrl as string)).status).toBe(200);
  });
});

describe("DELETE /v1/me/avatar", () => {
  it("removes the avatar and its object; deleting again is a no-op", async () => {
    const user = await registerVerifiedUser();
    const avatarUrl = (await setAvatar(user, PNG)).body.avatarUrl as string;
    expect((await api("DELETE", "/v1/me/avatar", { token: user.accessToken })).status).toBe(204);
    expect(await avatarUrlOfMe(user)).toBeNull();
    expect((await fetch(avatarUrl)).status).toBe(404);
    expect((await api("DELETE", "/v1/me/avatar", { token: user.accessToken })).status).toBe(204);
  });
});

describe("avatarUrl on member views", () => {
  it("shows a member's avatar in the member view and the members list, and drops it when removed", async () => {
    const owner = await registerVerifiedUser();
    const member = await inviteNewMember(owner.accessToken, owner.accountId, "standard");
    const memberPath = `/v1/accounts/${owner.accountId}/members/${member.userId}`;
    expect((await api("GET", memberPath, { token: owner.accessToken })).body.avatarUrl).toBeNull();

    const memberUser = { ...member, accountId: owner.accountId, password: "" } as unknown as TestUser;
    const avatarUrl = (await setAvatar(memberUser, PNG)).body.avatarUrl as string;
    await eventually(
      async () => (await api("GET", memberPath, { token: owner.accessToken })).body.avatarUrl === avatarUrl,
      { what: "the member view to show the avatar" },
    );
    const list = await api("GET", `/v1/accounts/${owner.accountId}/members`, { token: owner.accessToken });
    const listed = list.body.items.map((m: { userId: string; avatarUrl: string | null }) => [m.userId, m.avatarUrl]);
    expect(listed).toContainEqual([member.userId, avatarUrl]);
    expect(listed).toContainEqual([owner.userId, null]);

    await api("DELETE", "/v1/me/avatar", { token: member.accessToken });
    await eventually(async () => (await api("GET", memberPath, { token: owner.accessToken })).body.avatarUrl === null, {
      what: "the member view to drop the avatar",
    });
  });
  it("shows the avatar of an existing user who joins another account by invitation at once", async () => {
    const owner = await registerVerifiedUser();
    const existing = await registerVerifiedUser({ accountName: "Their own" });
    const avatarUrl = (await setAvatar(existing, PNG)).body.avatarUrl as string;
    // The avatar event has been handled (their own membership shows it) before they join: the new
    // membership must get the avatar from the profile, not from that event.
    const ownView = `/v1/accounts/${existing.accountId}/members/${existing.userId}`;
    await eventually(
      async () => (await api("GET", ownView, { token: existing.accessToken })).body.avatarUrl === avatarUrl,
      {
        what: "the avatar event to be handled",
      },
    );
    const invited = await api("POST", `/v1/accounts/${owner.accountId}/invitations`, {
      token: owner.accessToken,
      body: { email: existing.email, role: "viewer" },
    });
    const token = new URL(invited.body.link).searchParams.get("token");
    expect((await api("POST", `/v1/invitations/${token}/accept`, { token: existing.accessToken })).status).toBe(201);
    const view = await api("GET", `/v1/accounts/${owner.accountId}/members/${existing.userId}`, {
      token: owner.accessToken,
    });
    expect(view.body.avatarUrl).toBe(avatarUrl);
  });

  it("does not show another tenant's member view, avatar or not (404)", async () => {
    const owner = await registerVerifiedUser();
    const stranger = await registerVerifiedUser();
    await setAvatar(owner, PNG);
    const response = await api("GET", `/v1/accounts/${owner.accountId}/members/${owner.userId}`, {
      token: stranger.accessToken,
    });
    expect(response.status).toBe(404);
  });
});

describe("avatar and privacy", () => {
  let admin: TestUser;
  beforeAll(async () => {
    admin = await registerPlatformAdmin();
  });

  it("includes the avatar in the data export", async () => {
    const user = await registerVerifiedUser();
    const avatarUrl = (await setAvatar(user, PNG)).body.avatarUrl as string;
    expect((await api("POST", "/v1/me/privacy/exports", { token: user.accessToken })).status).toBe(202);
    await runPrivacyJob();
    const [email] = await eventually(
      async () => {
        const emails = (await sesEmailsTo(user.email)).filter(isExportEmail);
        return emails.length > 0 && emails;
      },
      { what: "the export email" },
    );
    const records = exportRecords(email as NonNullable<typeof email>);
    const value = (field: string) => records.filter((r) => r.section === "profile" && r.field === field)[0]?.value;
    expect(value("avatarUrl")).toBe(avatarUrl);
  });

  it("erasure deletes the avatar object and any unconfirmed upload", async () => {
    const user = await registerVerifiedUser();
    const avatarUrl = (await setAvatar(user, PNG)).body.avatarUrl as string;
    const pending = await requestUpload(user, "image/png", PNG.length);
    expect((await upload(pending.body, PNG)).status).toBe(200);
    expect(await keysUnder(`avatars/pending/${user.userId}/`)).toHaveLength(1);

    const requested = await api("POST", "/v1/me/privacy/deletion", { token: user.accessToken });
    expect(requested.status).toBe(202);
    await runPrivacyJob(new Date(Date.now() + 31 * 24 * 3600_000));
    await eventually(
      async () => (await platformRequest(admin.accessToken, requested.body.requestId))?.status === "completed",
      { what: "the erasure to complete" },
    );
    expect((await fetch(avatarUrl)).status).toBe(404);
    expect(await keysUnder(`avatars/pending/${user.userId}/`)).toEqual([]);
    expect(await keysUnder(`avatars/public/${user.userId}/`)).toEqual([]);
    const key = new URL(avatarUrl).pathname.split("/").slice(2).join("/");
    await expect(s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }))).rejects.toThrow();
  });
});
