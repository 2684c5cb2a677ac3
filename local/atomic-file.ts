import { renameSync, writeFileSync } from "node:fs";

/**
 * Writes a file so that a process killed at any moment leaves the old content or the new one,
 * never a torn file that breaks every later start: a temporary file is renamed over it.
 */
export const writeFileAtomically = (filePath: string, data: string | Uint8Array, options: { mode?: number } = {}) => {
  const temporary = `${filePath}.${process.pid}.tmp`;
  writeFileSync(temporary, data, options);
  renameSync(temporary, filePath);
};
