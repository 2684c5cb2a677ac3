/**
 * The public URL of a published avatar: the stage's public base (CloudFront in AWS, the S3
 * emulator's bucket locally) and the object key. Users and accounts both show it, from the key
 * each keeps; the URL is built at read time so a changed base never leaves stale URLs in items.
 */
export const avatarUrlOf = (publicBaseUrl: string, key: string | undefined | null) =>
  key ? `${publicBaseUrl.replace(/\/$/, "")}/${key}` : null;
