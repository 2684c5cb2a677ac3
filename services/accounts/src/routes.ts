import { defineRoutes } from "../../../shared/src/http/route.ts";

export const accountsRoutes = defineRoutes([]);
