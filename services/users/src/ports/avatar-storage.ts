/** A presigned upload: what the client sends, and where. */
export interface PresignedUpload {
  uploadUrl: string;
  method: "PUT";
  /** Headers the client must send as they are: they are part of the signature. */
  headers: Record<string, string>;
  expiresAt: string;
}

/** What is stored under a key: its size, its ETag and its first bytes. */
export interface StoredObjectHead {
  size: number;
  etag: string;
  head: Uint8Array;
}

/** The avatar bucket (S3 in AWS, the S3 emulator locally). */
export interface AvatarStorage {
  /** A URL that accepts exactly one object of exactly this type and size under the key until it expires. */
  presignUpload(input: {
    key: string;
    contentType: string;
    contentLength: number;
    expiresInSeconds: number;
    now: Date;
  }): Promise<PresignedUpload>;
  /** Size, ETag and the first `bytes` bytes; undefined when nothing is stored under the key. */
  inspect(key: string, bytes: number): Promise<StoredObjectHead | undefined>;
  /** Copies the object if it still has this ETag (what was checked is what gets published). */
  publish(input: { from: string; to: string; etag: string; contentType: string }): Promise<void>;
  /** Deletes the keys; missing ones are not an error. */
  remove(keys: string[]): Promise<void>;
  /** Deletes every object under the prefixes; returns how many went. */
  removeUnder(prefixes: string[]): Promise<number>;
}

/** The object changed or vanished between the check and the copy (a concurrent upload or confirm). */
export class StoredObjectChanged extends Error {
  override name = "StoredObjectChanged";
}
