import type { AsyncApiDocument } from "../../../shared/src/events/asyncapi.ts";
import { type EventType, eventContracts, eventSourceOf } from "../../../shared/src/events/registry.ts";
import { escapeHtml } from "../../../shared/src/http/html.ts";
import { docsRoutes } from "../src/routes.ts";

const pathOf = (operationId: (typeof docsRoutes)[number]["operationId"]) =>
  docsRoutes.find((route) => route.operationId === operationId)?.path ?? "/";

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}code,pre{font:13px/1.4 ui-monospace,monospace}
pre{background:#f6f6f6;padding:.5rem;overflow:auto}dt{font-weight:600}dd{margin:0 0 .3rem 1rem}nav li{display:inline-block;margin-right:.8rem}`;

/**
 * The API reference page: Scalar's standalone renderer, served from this API (no CDN), reading
 * /openapi.json. Its default fonts, telemetry and AI agent would call Scalar's hosts: all off, so
 * the page works with no other host reachable. (The element is not `#api-reference`: the bundle
 * mounts an empty reference of its own on an element with that id.)
 */
export const renderApiReferencePage = (title: string) => {
  const config = {
    url: pathOf("openApiDocument"),
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    showDeveloperTools: "never",
    hideClientButton: false,
    defaultOpenAllTags: false,
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body>
<noscript>This reference needs JavaScript; the document itself is at <a href="${pathOf("openApiDocument")}">${pathOf("openApiDocument")}</a>.</noscript>
<div id="reference"></div>
<script src="${pathOf("apiReferenceScript")}"></script>
<script>Scalar.createApiReference("#reference", ${JSON.stringify(config)});</script>
</body></html>
`;
};

const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
const list = (services: readonly string[]) =>
  services.length > 0 ? services.map((service) => `<code>${escapeHtml(service)}</code>`).join(", ") : "none yet";

/** The event catalog page, rendered from the AsyncAPI document: readable without any script. */
export const renderEventCatalogPage = (document: AsyncApiDocument) => {
  const types = Object.keys(eventContracts) as EventType[];
  const messages = document.components.messages as Record<
    string,
    { payload: unknown; examples: Array<{ payload: unknown }> }
  >;
  const sections = types.map((type) => {
    const contract = eventContracts[type];
    const message = messages[type];
    return `<section id="${escapeHtml(type)}"><h2>${escapeHtml(type)}</h2>
<p>${escapeHtml(contract.description)}</p>
<dl><dt>source / detail-type</dt><dd><code>${escapeHtml(eventSourceOf(type))}</code> / <code>${escapeHtml(type)}</code></dd>
<dt>Published by</dt><dd>${list(contract.producers)}</dd><dt>Consumed by</dt><dd>${list(contract.consumers)}</dd></dl>
<h3>Example <code>detail</code></h3>${json(message?.examples[0]?.payload)}
<details><summary>JSON Schema of <code>detail</code></summary>${json(message?.payload)}</details></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Machine-readable: <a href="${pathOf("eventCatalogDocument")}">${pathOf("eventCatalogDocument")}</a> (AsyncAPI 3.0).
The HTTP API: <a href="${pathOf("apiReference")}">${pathOf("apiReference")}</a>.</p>
<nav><ul>${types.map((type) => `<li><a href="#${escapeHtml(type)}">${escapeHtml(type)}</a></li>`).join("")}</ul></nav>
${sections.join("\n")}
</body></html>
`;
};
