import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser, STRONG_PASSWORD, uniqueEmail } from "../harness/api.ts";

const HEADER_INJECTION = "Acme\r\nBcc: evil@example.test";

describe("name-like fields refuse control characters", () => {
  it("at registration (fullName and accountName)", async () => {
    const response = await api("POST", "/v1/auth/register", {
      body: { email: uniqueEmail(), password: STRONG_PASSWORD, fullName: "Ann\u0000", accountName: HEADER_INJECTION },
    });
    expect(response.status).toBe(400);
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["body.fullName", "body.accountName"]));
  });

  it("when renaming an account, naming a resource or a sub-account, and in the profile", async () => {
    const owner = await registerVerifiedUser();
    const base = `/v1/accounts/${owner.accountId}`;
    const attempts = [
      api("PATCH", base, { token: owner.accessToken, body: { name: HEADER_INJECTION } }),
      api("POST", `${base}/resources`, { token: owner.accessToken, body: { type: "project", name: HEADER_INJECTION } }),
      api("POST", `${base}/subaccounts`, { token: owner.accessToken, body: { name: HEADER_INJECTION } }),
      api("PATCH", "/v1/me", { token: owner.accessToken, body: { fullName: "Ann\u202Eevil" } }),
    ];
    const expectedPaths = ["body.name", "body.name", "body.name", "body.fullName"];
    for (const [i, response] of (await Promise.all(attempts)).entries()) {
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(expectedPaths[i]);
    }
    const account = await api("GET", base, { token: owner.accessToken });
    expect(account.body.name).toBe("Test Account");
  });
});
