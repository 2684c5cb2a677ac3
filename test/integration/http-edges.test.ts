import net from "node:net";
import { describe, expect, inject, it } from "vitest";
import { api, registerVerifiedUser } from "../harness/api.ts";

const expectProblem = (response: { status: number; headers: Headers; body: any }, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(response.body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  expect(response.body.code).toEqual(expect.any(String));
};

/** A raw request line, so the client library cannot normalise the URL first. */
const rawGet = (target: string) =>
  new Promise<{ status: number; head: string; body: string }>((resolve, reject) => {
    const url = new URL(inject("apiUrl"));
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nhost: ${url.host}\r\nconnection: close\r\n\r\n`);
    });
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString("utf8");
    });
    socket.on("end", () => {
      const [head = "", body = ""] = data.split("\r\n\r\n");
      resolve({ status: Number(head.split(" ")[1]), head, body });
    });
    socket.on("error", reject);
  });

describe("path parameters and URLs the runtime cannot use", () => {
  it.each(["%", "%E0%A4%A", "%ZZ", "%C0%AF"])(
    "answers malformed percent-encoding %s with a 400 problem",
    async (bad) => {
      const owner = await registerVerifiedUser();
      const response = await api("GET", `/v1/accounts/${bad}`, { token: owner.accessToken });
      expectProblem(response, 400);
      expect(response.body.errors[0].path).toBe("params");
    },
  );

  it("answers a URL over the header limit with a 431 problem, not an empty body", async () => {
    const response = await rawGet(`/v1/accounts/${"a".repeat(20 * 1024)}`);
    expect(response.status).toBe(431);
    expect(response.head.toLowerCase()).toContain("content-type: application/problem+json");
    expect(JSON.parse(response.body)).toMatchObject({ status: 431, code: "request_header_too_large" });
  });
});

describe("wrong methods and OPTIONS on known paths", () => {
  it("answers a wrong method with 405 and an Allow header naming the path's methods", async () => {
    const response = await api("PUT", "/v1/me");
    expectProblem(response, 405);
    const allow = (response.headers.get("allow") ?? "").split(/,\s*/);
    expect(allow).toEqual(expect.arrayContaining(["GET", "PATCH", "OPTIONS"]));
    expect(allow).not.toContain("PUT");
  });

  it("answers OPTIONS on a known path with 204 and Allow, and on an unknown path with 404", async () => {
    const known = await api("OPTIONS", "/v1/accounts/01JABCDEFGHJKMNPQRSTVWXYZ0");
    expect(known.status).toBe(204);
    expect((known.headers.get("allow") ?? "").split(/,\s*/)).toEqual(
      expect.arrayContaining(["GET", "PATCH", "DELETE", "OPTIONS"]),
    );
    const unknown = await api("OPTIONS", "/v1/nowhere");
    expectProblem(unknown, 404);
  });
});

describe("operations that take no body", () => {
  it("accept {} as generated clients send it, and an absent body", async () => {
    const owner = await registerVerifiedUser();
    const withEmptyObject = await api("POST", "/v1/me/privacy/exports", { token: owner.accessToken, body: {} });
    expect(withEmptyObject.status).toBe(202);
    const absent = await api("GET", "/v1/me", { token: owner.accessToken });
    expect(absent.status).toBe(200);
  });

  it("still refuse any other body", async () => {
    const owner = await registerVerifiedUser();
    for (const body of [{ anything: 1 }, [], "text", 0, null]) {
      const response = await api("POST", "/v1/me/privacy/deletion", { token: owner.accessToken, body });
      expectProblem(response, 400);
      expect(response.body.errors[0].path).toBe("body");
    }
  });
});
