import { createServiceHandler } from "../../../shared/src/http/service-handler.ts";
import { createLogger } from "../../../shared/src/observability/logger.ts";
import { accountsRoutes } from "./routes.ts";

/** The accounts service's single Lambda handler; its capabilities arrive with their issues. */
export const handler = createServiceHandler({
  routes: accountsRoutes,
  operations: {},
  logger: createLogger("accounts"),
});
