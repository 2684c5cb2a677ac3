import { problem } from "../../../../../shared/src/http/problem.ts";
import { PhoneChanged } from "../../ports/phone-store.ts";
import type { UsersDependencies } from "../dependencies.ts";
import { phoneChangedEvent } from "../phone/phone-view.ts";
import { activityEntry } from "../security-activity.ts";
import {
  changedBySupportEvent,
  changedMeanwhile,
  loadUser,
  type SupportCaller,
  supportAudit,
} from "./support-changes.ts";

/** `DELETE /v1/platform/users/{userId}/phone`: a phone the user lost, removed with its pending codes. */
export const removeUserPhone = async (deps: UsersDependencies, caller: SupportCaller, userId: string) => {
  const profile = await loadUser(deps, userId);
  if (!profile.phone) throw problem.notFound("This user has no phone.");
  const now = deps.now();
  const actor = { type: "platform-admin" as const, userId: caller.auth.userId };
  try {
    await deps.phones.removePhone({
      userId,
      number: profile.phone,
      now,
      audit: supportAudit(deps, caller, userId, "user.phone_removed", ["phone"], now),
      activity: activityEntry(deps, userId, "phone_removed", caller.meta),
      events: [phoneChangedEvent(profile, null, actor, now), changedBySupportEvent(caller, profile, ["phone"], now)],
    });
  } catch (error) {
    if (error instanceof PhoneChanged) throw changedMeanwhile();
    throw error;
  }
};
