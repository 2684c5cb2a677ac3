import { describe, expect, it } from "vitest";
import { api, registerVerifiedUser } from "../harness/api.ts";

const deepArrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const deepObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

describe("resource settings the table cannot store are a 400 naming the path, never a 5xx", () => {
  it.each([
    ["an integer beyond 2^53", '{"n": 9007199254740993}', "body.settings.n"],
    ["1e300", '{"n": 1e300}', "body.settings.n"],
    ["1e-300", '{"n": 1e-300}', "body.settings.n"],
    ["an empty key", '{"": 1}', "body.settings."],
    ["a key named constructor", '{"constructor": {"x": 1}}', "body.settings.constructor"],
    ["nesting deeper than 32", `{"deep": ${deepObjects(40)}}`, undefined],
    ["3,000 nested arrays", `{"deep": ${deepArrays(3000)}}`, undefined],
  ])("on create and update: %s", async (_label, settings, path) => {
    const owner = await registerVerifiedUser();
    const base = `/v1/accounts/${owner.accountId}/resources`;
    const create = await api("POST", base, {
      token: owner.accessToken,
      rawBody: `{"type": "project", "name": "Pixel", "settings": ${settings}}`,
      headers: { "content-type": "application/json" },
    });
    expect(create.status).toBe(400);
    expect(create.headers.get("content-type")).toBe("application/problem+json");
    const paths = create.body.errors.map((e: { path: string }) => e.path);
    if (path) expect(paths).toContain(path);
    else expect(paths[0]).toMatch(/^body\.settings\.deep\./);

    const created = await api("POST", base, { token: owner.accessToken, body: { type: "project", name: "Pixel" } });
    expect(created.status).toBe(201);
    const update = await api("PATCH", `${base}/${created.body.resourceId}`, {
      token: owner.accessToken,
      rawBody: `{"settings": ${settings}}`,
      headers: { "content-type": "application/json" },
    });
    expect(update.status).toBe(400);
  });

  it("stores and returns settings that fit exactly", async () => {
    const owner = await registerVerifiedUser();
    const settings = { n: 9007199254740991, f: 0.1, tiny: 1e-100, list: [1, "two", null, { deep: [true] }] };
    const created = await api("POST", `/v1/accounts/${owner.accountId}/resources`, {
      token: owner.accessToken,
      body: { type: "application", name: "App", settings },
    });
    expect(created.status).toBe(201);
    expect(created.body.settings).toEqual({
      n: 9007199254740991,
      f: 0.1,
      tiny: 1e-100,
      list: [1, "two", null, { deep: [true] }],
    });
  });
});
