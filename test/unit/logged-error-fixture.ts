import { createLogger } from "../../shared/src/observability/logger.ts";

/**
 * Bundled by `source-mapped-stacks.test.ts` as a function is bundled, then loaded in a process
 * without source maps enabled: its logged error must still name this file and the line that throws.
 */
export const logger = createLogger("logged-error-fixture");

export const failDeepInside = (): never => {
  const step = () => {
    throw new Error("fixture failure");
  };
  return step();
};
