import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { type AvatarStorage, StoredObjectChanged } from "../ports/avatar-storage.ts";

const isMissing = (error: unknown) => ["NotFound", "NoSuchKey"].includes((error as Error).name);
const isChanged = (error: unknown) =>
  isMissing(error) ||
  ["PreconditionFailed"].includes((error as Error).name) ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412;

// DeleteObjects takes at most 1000 keys, ListObjectsV2 returns at most 1000.
const DELETE_BATCH = 1000;

/**
 * The avatar bucket through the real S3 client (locally the same client reaches the S3 emulator
 * through `AWS_ENDPOINT_URL_S3`). Presigned uploads sign `content-type` and `content-length`, so
 * S3 refuses a body of another size or type than the one declared.
 */
export const s3AvatarStorage = (client: S3Client, bucket: string): AvatarStorage => {
  const remove = async (keys: string[]) => {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  };

  return {
    async presignUpload({ key, contentType, contentLength, expiresInSeconds, now }) {
      const signed = new Set(["content-type", "content-length"]);
      const uploadUrl = await getSignedUrl(
        client,
        new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType, ContentLength: contentLength }),
        { expiresIn: expiresInSeconds, signingDate: now, signableHeaders: signed, unhoistableHeaders: signed },
      );
      return {
        uploadUrl,
        method: "PUT",
        headers: { "content-type": contentType, "content-length": String(contentLength) },
        expiresAt: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
      };
    },

    async inspect(key, bytes) {
      let size: number;
      let etag: string;
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        size = head.ContentLength ?? 0;
        etag = head.ETag ?? "";
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
      if (size === 0) return { size, etag, head: new Uint8Array() };
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${bytes - 1}`, IfMatch: etag }),
        );
        const head = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
        return { size, etag, head };
      } catch (error) {
        if (isChanged(error)) throw new StoredObjectChanged();
        throw error;
      }
    },

    async publish({ from, to, etag, contentType }) {
      try {
        await client.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: to,
            CopySource: `${bucket}/${from}`,
            CopySourceIfMatch: etag,
            // The content under a published key never changes: caches may keep it for good.
            MetadataDirective: "REPLACE",
            ContentType: contentType,
            CacheControl: "public, max-age=31536000, immutable",
          }),
        );
      } catch (error) {
        if (isChanged(error)) throw new StoredObjectChanged();
        throw error;
      }
    },

    remove,

    async removeUnder(prefixes) {
      let removed = 0;
      for (const prefix of prefixes) {
        let token: string | undefined;
        do {
          const page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          );
          const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
          await remove(keys);
          removed += keys.length;
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
      }
      return removed;
    },
  };
};
