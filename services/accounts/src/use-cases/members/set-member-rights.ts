import { problem } from "../../../../../shared/src/http/problem.ts";
import { versionedUpdate } from "../../../../../shared/src/http/versioned-update.ts";
import { shapeOf } from "../../domain/access.ts";
import type { Member } from "../../domain/member.ts";
import { type Right, type RightsOverrides, rightApplies } from "../../domain/rights.ts";
import type { AccountsDependencies, Caller } from "../dependencies.ts";
import { explainConflict } from "../explain-conflict.ts";
import { recordedChange } from "../recorded-change.ts";
import { authorizeOnMember, memberConflict, memberPerAttempt, ownerProtected } from "./member-problems.ts";
import { memberResponse } from "./member-response.ts";

/**
 * Switches individual rights on or off (`null` returns to the role default). Overrides merge into
 * what was read, so the write is conditional on that version (`versionedUpdate`): never a lost update.
 */
export const setMemberRights = async (
  deps: AccountsDependencies,
  caller: Caller,
  accountId: string,
  userId: string,
  changes: Partial<Record<Right, boolean | null>>,
  ifMatch: number | undefined,
) => {
  const { access, member: read } = await authorizeOnMember(deps, caller, accountId, userId, "members.manage");
  const memberToChange = memberPerAttempt(deps, read);
  return versionedUpdate(ifMatch, async (precondition) => {
    const member = await memberToChange();
    if (member.role === "owner") throw ownerProtected();
    precondition(member.version);
    const shape = shapeOf(access.account);
    const overrides: RightsOverrides = { ...member.rightsOverrides };
    for (const [right, value] of Object.entries(changes) as Array<[Right, boolean | null]>) {
      if (!rightApplies(right, shape)) {
        throw problem.unprocessable("right_not_applicable", `The right "${right}" does not exist in this account.`);
      }
      if (value === true && !access.rights.has(right)) {
        throw problem.forbidden("cannot_grant_right", `You cannot grant "${right}": you do not hold it.`);
      }
      if (value === null) delete overrides[right];
      else overrides[right] = value;
    }
    const now = deps.now();
    await explainConflict(
      deps.members.updateMember({
        accountId,
        userId,
        set: { rightsOverrides: overrides },
        expectedVersion: member.version,
        asRead: member,
        now,
        ...recordedChange({
          caller,
          access,
          accountId,
          action: "member.rights_changed",
          target: { type: "member", id: userId },
          changes,
          now,
          events: [{ type: "MemberUpdated", data: { accountId, userId, changed: ["rights"] } }],
        }),
      }),
      memberConflict,
    );
    const updated: Member = {
      ...member,
      rightsOverrides: overrides,
      version: member.version + 1,
      updatedAt: now.toISOString(),
    };
    return memberResponse(deps, access.account, updated);
  });
};
