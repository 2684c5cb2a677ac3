/**
 * Avatar rules (SPEC 6.1): which images are accepted, how big, how long an upload may take, where
 * the objects live, and whether stored bytes are really the declared image. No AWS, no HTTP.
 */

export const AVATAR_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type AvatarContentType = (typeof AVATAR_CONTENT_TYPES)[number];

/** 1 MiB: the largest avatar accepted. */
export const AVATAR_MAX_BYTES = 1024 * 1024;
/** How long an upload URL works; unconfirmed uploads are removed by the bucket's lifecycle rule later. */
export const AVATAR_UPLOAD_TTL_SECONDS = 15 * 60;
/** How long one confirm holds an upload before another may take it over (it crashed, say). */
export const AVATAR_CONFIRM_LEASE_SECONDS = 60;
/** Bytes read from a stored upload to recognise its format (WebP's signature ends at byte 12). */
export const AVATAR_SIGNATURE_BYTES = 16;

/** Uploads wait here until confirmed; the bucket expires this prefix (see infra). */
export const AVATAR_PENDING_PREFIX = "avatars/pending/";
/** Published avatars: the only prefix served publicly. */
export const AVATAR_PUBLIC_PREFIX = "avatars/public/";

const EXTENSIONS: Record<AvatarContentType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

export const isAvatarContentType = (value: string): value is AvatarContentType =>
  (AVATAR_CONTENT_TYPES as readonly string[]).includes(value);

export const pendingAvatarKey = (userId: string, uploadId: string) => `${AVATAR_PENDING_PREFIX}${userId}/${uploadId}`;

/**
 * A published avatar's key is named after its upload, so every new avatar has a new URL and no
 * cache can ever serve a stale one under it.
 */
export const publishedAvatarKey = (pendingKey: string, contentType: AvatarContentType) =>
  `${AVATAR_PUBLIC_PREFIX}${pendingKey.slice(AVATAR_PENDING_PREFIX.length)}.${EXTENSIONS[contentType]}`;

/** Every prefix under which a user's avatar objects live (erasure deletes them all). */
export const avatarPrefixesOf = (userId: string) => [
  `${AVATAR_PENDING_PREFIX}${userId}/`,
  `${AVATAR_PUBLIC_PREFIX}${userId}/`,
];

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** What the leading bytes say the file is (magic numbers), or undefined for anything else. */
export const sniffImageType = (head: Uint8Array): AvatarContentType | undefined => {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  return undefined;
};

/** Why a stored upload cannot become the avatar. */
export type UploadDefect = "size_mismatch" | "not_the_declared_image";

/** Checks the stored object against what was declared when the upload was handed out. */
export const uploadDefect = (
  declared: { contentType: AvatarContentType; contentLength: number },
  stored: { size: number; head: Uint8Array },
): UploadDefect | undefined => {
  if (stored.size !== declared.contentLength) return "size_mismatch";
  if (sniffImageType(stored.head) !== declared.contentType) return "not_the_declared_image";
  return undefined;
};
