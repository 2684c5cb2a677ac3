import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { localSecretSealer } from "../../local/adapters/local-secret-sealer.ts";
import { openDocument, sealDocument } from "../../shared/src/crypto/sealed-envelope.ts";

const sealer = localSecretSealer(mkdtempSync(path.join(tmpdir(), "envelope-")));
const secretLink = `https://app.example/invitations/accept?token=${"x".repeat(40000)}-secret`;

describe("sealed documents (idempotency records)", () => {
  it("round-trips a document larger than KMS's 4 KiB and holds nothing of it in clear", async () => {
    const sealed = await sealDocument(sealer, "idempotent-response", secretLink, "scope\nkey");
    expect(sealed).not.toContain("secret");
    expect(sealed).not.toContain("invitations/accept");
    expect(await openDocument(sealer, "idempotent-response", sealed, "scope\nkey")).toBe(secretLink);
  });

  it("refuses to open under another record's key or another purpose", async () => {
    const sealed = await sealDocument(sealer, "idempotent-response", "link", "scope\nkey");
    await expect(openDocument(sealer, "idempotent-response", sealed, "scope\nother-key")).rejects.toThrow();
    await expect(openDocument(sealer, "invitation-link", sealed, "scope\nkey")).rejects.toThrow();
  });
});
