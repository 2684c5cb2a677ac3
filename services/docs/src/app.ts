import { readFile } from "node:fs/promises";
import path from "node:path";
import type { OperationResult } from "../../../shared/src/http/middleware.ts";
import { createServiceHandler, type Operations } from "../../../shared/src/http/service-handler.ts";
import { createLogger } from "../../../shared/src/observability/logger.ts";
import { docsRoutes } from "./routes.ts";
import { type DocsSiteOperation, docsSiteFiles } from "./site.ts";

/** Where the generated documentation site is: beside the bundle in AWS, the build's output locally. */
export interface DocsSiteLocation {
  siteDir: string;
}

/**
 * The docs function: serves the files the build generated (the OpenAPI and AsyncAPI documents,
 * the pages and the renderer's script). Nothing is generated here, so a cold start only reads files,
 * and each file is read once, on its first request.
 */
export const createDocsHandler = ({ siteDir }: DocsSiteLocation) => {
  const cache = new Map<DocsSiteOperation, Promise<string>>();
  const serve = (operation: DocsSiteOperation) => async (): Promise<OperationResult> => {
    const { file, contentType } = docsSiteFiles[operation];
    let text = cache.get(operation);
    if (!text) {
      text = readFile(path.join(siteDir, file), "utf8");
      cache.set(operation, text);
      // A missing file is a broken build; forget the failure so a fixed site is picked up.
      text.catch(() => cache.delete(operation));
    }
    // The site changes only with a deploy: browsers may keep it for a few minutes.
    return { text: await text, headers: { "content-type": contentType, "cache-control": "public, max-age=300" } };
  };
  const operations: Operations<typeof docsRoutes> = {
    apiReference: serve("apiReference"),
    apiReferenceScript: serve("apiReferenceScript"),
    eventCatalog: serve("eventCatalog"),
    openApiDocument: serve("openApiDocument"),
    eventCatalogDocument: serve("eventCatalogDocument"),
  };
  return createServiceHandler({ routes: docsRoutes, operations, logger: createLogger("docs") });
};
