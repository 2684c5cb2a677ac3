import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDocsHandler } from "./app.ts";
import { DOCS_SITE_FOLDER } from "./site.ts";

// CDK copies the generated site beside the bundle (infra/api-stack.ts).
export const handler = createDocsHandler({
  siteDir: path.join(path.dirname(fileURLToPath(import.meta.url)), DOCS_SITE_FOLDER),
});
