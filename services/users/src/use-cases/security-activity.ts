import type { SecurityActivityType } from "../ports/security-activity.ts";
import type { ClientInfo, UsersDependencies } from "./dependencies.ts";

export const recordActivity = (
  deps: UsersDependencies,
  userId: string,
  type: SecurityActivityType,
  client: ClientInfo,
) => deps.activity.record({ userId, type, at: deps.now(), ip: client.ip, userAgent: client.userAgent });
