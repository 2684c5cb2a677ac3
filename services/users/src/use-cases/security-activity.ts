import type { SecurityActivityEntry, SecurityActivityType } from "../ports/security-activity.ts";
import type { ClientInfo, UsersDependencies } from "./dependencies.ts";

/** An entry of the user's security log, for writing alone or inside the change it records. */
export const activityEntry = (
  deps: UsersDependencies,
  userId: string,
  type: SecurityActivityType,
  client: ClientInfo,
): SecurityActivityEntry => ({ userId, type, at: deps.now(), ip: client.ip, userAgent: client.userAgent });

export const recordActivity = (
  deps: UsersDependencies,
  userId: string,
  type: SecurityActivityType,
  client: ClientInfo,
) => deps.activity.record(activityEntry(deps, userId, type, client));
