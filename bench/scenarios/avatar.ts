import { type ScenarioContext, signUp } from "./sign-up.ts";

// A 1×1 PNG: the confirm step judges the format by its magic bytes.
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082",
  "hex",
);

/** Uploads the bytes to the presigned URL the API handed out (straight to S3: no API round trip). */
const upload = async (
  target: { uploadUrl: string; method: string; headers: Record<string, string> },
  bytes: Buffer,
) => {
  const { "content-length": _length, ...headers } = target.headers;
  const response = await fetch(target.uploadUrl, { method: target.method, headers, body: bytes });
  if (!response.ok) throw new Error(`avatar upload answered ${response.status}`);
};

/** The avatar routes: request an upload, confirm it, a refused (disguised) file, removal. */
export const avatarScenario = async ({ call, apiUrl }: ScenarioContext) => {
  const { token } = await signUp(call, apiUrl, "avatar");
  const declared = { contentType: "image/png", contentLength: PNG.length };
  const requested = await call("POST /v1/me/avatar", "POST", "/v1/me/avatar", { token, body: declared });
  await upload(requested.body, PNG);
  await call("POST /v1/me/avatar/confirm", "POST", "/v1/me/avatar/confirm", { token });
  await call("GET /v1/me (with avatar)", "GET", "/v1/me", { token });

  const disguised = Buffer.alloc(PNG.length, "x");
  const again = await call("POST /v1/me/avatar (replacement)", "POST", "/v1/me/avatar", { token, body: declared });
  await upload(again.body, disguised);
  await call("POST /v1/me/avatar/confirm (not a PNG)", "POST", "/v1/me/avatar/confirm", { token });
  await call("DELETE /v1/me/avatar", "DELETE", "/v1/me/avatar", { token });
};
