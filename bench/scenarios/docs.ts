import type { ScenarioContext } from "./sign-up.ts";

/** The published documentation: the reference page with its script, the event catalog, both documents. */
export const docsScenario = async ({ call }: ScenarioContext) => {
  for (const path of ["/docs", "/docs/api-reference.js", "/docs/events", "/openapi.json", "/events.json"]) {
    await call(`GET ${path}`, "GET", path);
  }
};
