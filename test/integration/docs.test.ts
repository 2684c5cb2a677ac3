import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { buildApiDocuments } from "../../services/docs/build/docs-site.ts";
import { eventContracts } from "../../shared/src/events/registry.ts";

/** Debian's Chromium (CI installs it, see .ci/run); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Where the browser check leaves its screenshots. */
const OUTPUT_DIR = path.resolve("test-results");

const get = async (pathname: string) => {
  const response = await fetch(`${inject("apiUrl")}${pathname}`);
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
};

describe("the published documentation", () => {
  const built = buildApiDocuments();

  it("serves the OpenAPI document the build generates from the current routes", async () => {
    const served = await get("/openapi.json");
    expect(served.status).toBe(200);
    expect(served.type).toContain("application/json");
    expect(JSON.parse(served.text)).toEqual(JSON.parse(JSON.stringify(built.openApi)));
  });

  it("serves the event catalog as AsyncAPI at /events.json and as a page at /docs/events", async () => {
    const document = await get("/events.json");
    expect(document.status).toBe(200);
    expect(JSON.parse(document.text)).toEqual(JSON.parse(JSON.stringify(built.asyncApi)));

    const page = await get("/docs/events");
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    for (const type of Object.keys(eventContracts)) expect(page.text).toContain(`<h2>${type}</h2>`);
    expect(page.text).toContain("anna.nowak@example.com");
  });

  it("serves /docs with the renderer's script from this API only", async () => {
    const page = await get("/docs");
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    const scripts = [...page.text.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts).toEqual(["/docs/api-reference.js"]);
    // Nothing on the page points at another host.
    expect(page.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await get("/docs/api-reference.js");
    expect(script.status).toBe(200);
    expect(script.type).toContain("javascript");
    expect(script.text).toContain("createApiReference");
  });

  it.runIf(existsSync(CHROMIUM))(
    "renders the operations in headless Chromium with every other host blocked",
    async () => {
      const apiUrl = new URL(inject("apiUrl"));
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const blocked: string[] = [];
        await page.route("**/*", (route) => {
          const url = new URL(route.request().url());
          if (url.protocol === "data:" || url.protocol === "blob:" || url.host === apiUrl.host) return route.continue();
          blocked.push(url.href);
          return route.abort();
        });
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));

        await page.goto(`${apiUrl.origin}/docs`);
        // Operations as Scalar renders them: the first tag's are open, with their summaries as headings.
        const health = built.openApi.paths?.["/v1/health"]?.get?.summary ?? "";
        await page.getByRole("heading", { name: health }).first().waitFor({ timeout: 120_000 });
        await expect(page.getByRole("heading", { name: "Tenantry API" }).first().isVisible()).resolves.toBe(true);
        await expect(page.getByText("/v1/platform/users/{userId}").first().isVisible()).resolves.toBe(true);
        mkdirSync(OUTPUT_DIR, { recursive: true });
        await page.screenshot({ path: path.join(OUTPUT_DIR, "docs-api-reference.png") });

        await page.goto(`${apiUrl.origin}/docs/events`);
        await page.getByRole("heading", { name: "UserRegistered" }).waitFor();
        await page.screenshot({ path: path.join(OUTPUT_DIR, "docs-events.png") });

        expect(errors).toEqual([]);
        // Offline means offline: the pages did not even try another host.
        expect(blocked).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    180_000,
  );
});
