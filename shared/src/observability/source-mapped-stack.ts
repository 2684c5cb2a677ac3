import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Maps the frames of a stack trace to the TypeScript sources through the source map their file
 * links to, as `--enable-source-maps` would have, but only when an error is logged: Node parsing
 * a bundle's map at load costs every cold start ~50 ms for traces most invocations never print.
 *
 * A file's map is read and parsed once, the first time one of its frames is mapped. A frame whose
 * file names no map (TypeScript run by tsx, whose stacks are already mapped; `node:` internals) or
 * whose map cannot be read stays as it is: logging an error never fails because of its stack.
 */
export const sourceMappedStack = (stack: string): string => {
  try {
    return stack
      .split("\n")
      .map((line) => sourceMappedFrame(line) ?? line)
      .join("\n");
  } catch {
    return stack;
  }
};

// `    at [async ]name (location)` or `    at [async ]location`, the location being `file:line:column`.
const FRAME = /^(?<prefix>\s+at (?:async )?(?:(?<name>.*?) \()?)(?<file>[^()]+):(?<line>\d+):(?<column>\d+)\)?$/;

const sourceMappedFrame = (line: string): string | undefined => {
  const frame = FRAME.exec(line)?.groups;
  if (!frame?.file || !frame.line || !frame.column || frame.prefix === undefined) return undefined;
  const linked = linkedSourceMapOf(frame.file);
  if (!linked) return undefined;
  // 0-based positions, like Node's own mapping of stack traces.
  const entry = linked.map.findEntry(Number(frame.line) - 1, Number(frame.column) - 1);
  if (!("originalSource" in entry) || !entry.originalSource) return undefined;
  const source = new URL(entry.originalSource, linked.url);
  const location = `${source.protocol === "file:" ? fileURLToPath(source) : source.href}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  // Written as Node writes a mapped frame: an unnamed one becomes `<anonymous> (location)`.
  return frame.name === undefined ? `${frame.prefix}<anonymous> (${location})` : `${frame.prefix}${location})`;
};

interface LinkedSourceMap {
  map: SourceMap;
  /** Where the map is: its `sources` are relative to it. */
  url: URL;
}

/** Per file of a frame: its parsed map, or undefined when it has none that can be read. */
const linkedSourceMaps = new Map<string, LinkedSourceMap | undefined>();

const linkedSourceMapOf = (file: string): LinkedSourceMap | undefined => {
  if (!linkedSourceMaps.has(file)) linkedSourceMaps.set(file, readLinkedSourceMap(file));
  return linkedSourceMaps.get(file);
};

const readLinkedSourceMap = (file: string): LinkedSourceMap | undefined => {
  try {
    const fileUrl = file.startsWith("file://") ? new URL(file) : file.startsWith("/") ? pathToFileURL(file) : undefined;
    if (!fileUrl) return undefined;
    const reference = SOURCE_MAPPING_URL.exec(tailOf(fileURLToPath(fileUrl)))?.[1];
    if (!reference || reference.startsWith("data:")) return undefined;
    const url = new URL(reference, fileUrl);
    if (url.protocol !== "file:") return undefined;
    return { map: new SourceMap(JSON.parse(readFileSync(url, "utf8"))), url };
  } catch {
    return undefined;
  }
};

// The comment esbuild ends a bundle with: `//# sourceMappingURL=index.mjs.map`.
const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=([^\s'"]+)\s*$/;
const TAIL_BYTES = 1024;

/** The last bytes of a file, where the source map comment is: a bundle is megabytes, its comment one line. */
const tailOf = (path: string): string => {
  const descriptor = openSync(path, "r");
  try {
    const { size } = fstatSync(descriptor);
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(descriptor, buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    closeSync(descriptor);
  }
};
