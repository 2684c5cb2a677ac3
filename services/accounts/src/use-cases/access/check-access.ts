import { Problem } from "../../../../../shared/src/http/problem.ts";
import {
  type Access,
  type EffectiveRole,
  levelAtLeast,
  type ResourceLevel,
  resourceLevelFor,
  type Via,
} from "../../domain/access.ts";
import type { Right } from "../../domain/rights.ts";
import type { AccessFacts } from "../../ports/access-facts.ts";
import type { AccountsDependencies } from "../dependencies.ts";
import { resolveAccess } from "./resolve-access.ts";

/** What one of the provider's apps asks (SPEC 6.8): may this user do this in this account? */
export interface AccessQuestion {
  userId: string;
  accountId: string;
  /** A right the user must hold in the account. */
  right?: Right;
  /** A resource the user must reach, at `level` (default `view`). */
  resourceId?: string;
  level?: ResourceLevel;
}

export interface AccessAnswer {
  allowed: boolean;
  /** How the user reaches the account; null with no access. */
  role: EffectiveRole | null;
  via: Via | null;
  rights: Right[];
  /** The user's level on `resourceId` (`none` when absent or unreachable); null when no resource was asked about. */
  resourceLevel: ResourceLevel | "none" | null;
}

/**
 * The resolver's refusals are answers here: unknown users and accounts, no access and a disabled
 * membership are all `allowed: false`, without saying which (an app learns no more than a user would).
 */
const accessOrNone = (resolution: Promise<Access>): Promise<Access | undefined> =>
  resolution.catch((error: unknown) => {
    if (error instanceof Problem && (error.status === 404 || error.status === 403)) return undefined;
    throw error;
  });

const answer = async (reads: AccessFacts, question: AccessQuestion): Promise<AccessAnswer> => {
  const { userId, accountId, right, resourceId } = question;
  // The resource and the user's grant on it are read in the resolver's first wave: a direct
  // member's whole answer is one round trip.
  const [access, onResource] = await Promise.all([
    accessOrNone(resolveAccess({ access: reads }, userId, accountId)),
    resourceId ? reads.getResourceWithAccess(accountId, resourceId, userId) : undefined,
  ]);
  if (!access) return { allowed: false, role: null, via: null, rights: [], resourceLevel: resourceId ? "none" : null };
  const resourceLevel = onResource ? (onResource.resource ? resourceLevelFor(access, onResource.level) : "none") : null;
  const allowed =
    (!right || access.rights.has(right)) &&
    (resourceLevel === null || levelAtLeast(resourceLevel, question.level ?? "view"));
  return { allowed, role: access.role, via: access.via, rights: [...access.rights].sort(), resourceLevel };
};

/**
 * Answers access questions with the same resolver every route uses (SPEC section 4), its reads
 * coalesced across the questions: a batch costs one BatchGetItem wave per resolver step (100 keys
 * a call), not one round trip per question. Answers come back in the questions' order.
 */
export const checkAccess = async (
  deps: Pick<AccountsDependencies, "access">,
  questions: AccessQuestion[],
): Promise<AccessAnswer[]> => {
  const reads = deps.access.coalesced();
  return Promise.all(questions.map((question) => answer(reads, question)));
};
