import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildAsyncApiDocument } from "../../../shared/src/events/asyncapi.ts";
import { buildOpenApiDocument } from "../../../shared/src/http/openapi.ts";
import { serviceCatalog } from "../../catalog.ts";
import { docsSiteFiles } from "../src/site.ts";
import { renderApiReferencePage, renderEventCatalogPage } from "./pages.ts";

/** Where the build writes the site: the docs function's asset in CDK, served as is by the local runtime. */
export const DOCS_SITE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../generated/docs-site");

/** The published documents, built from the route table and the event registry. */
export const buildApiDocuments = () => ({
  openApi: buildOpenApiDocument(
    serviceCatalog.flatMap((service) => service.routes),
    { examples: Object.assign({}, ...serviceCatalog.map((service) => service.examples)) },
  ),
  asyncApi: buildAsyncApiDocument(),
});

/**
 * Writes the documentation site: both documents, the two pages and Scalar's standalone bundle
 * copied from node_modules. Run at build time (npm start, npm test, cdk synth), never in a Lambda.
 */
export const writeDocsSite = (outDir: string = DOCS_SITE_DIR) => {
  const { openApi, asyncApi } = buildApiDocuments();
  mkdirSync(outDir, { recursive: true });
  const write = (operation: keyof typeof docsSiteFiles, content: string) =>
    writeFileSync(path.join(outDir, docsSiteFiles[operation].file), content);
  write("openApiDocument", JSON.stringify(openApi));
  write("eventCatalogDocument", JSON.stringify(asyncApi));
  write("apiReference", renderApiReferencePage(`${openApi.info.title} reference`));
  write("eventCatalog", renderEventCatalogPage(asyncApi));
  const scalarBundle = createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js");
  copyFileSync(scalarBundle, path.join(outDir, docsSiteFiles.apiReferenceScript.file));
  return outDir;
};
