import { createServiceHandler } from "../../../shared/src/http/service-handler.ts";
import { createLogger } from "../../../shared/src/observability/logger.ts";
import { privacyRoutes } from "./routes.ts";

/** The privacy service's single Lambda handler; its capabilities arrive with their issues. */
export const handler = createServiceHandler({ routes: privacyRoutes, operations: {}, logger: createLogger("privacy") });
