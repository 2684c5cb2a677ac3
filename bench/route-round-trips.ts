import type { accountsRoutes } from "../services/accounts/src/routes.ts";
import { serviceCatalog } from "../services/catalog.ts";
import type { docsRoutes } from "../services/docs/src/routes.ts";
import type { notifyRoutes } from "../services/notify/src/routes.ts";
import type { privacyRoutes } from "../services/privacy/src/routes.ts";
import type { usersRoutes } from "../services/users/src/routes.ts";
import { routeKeyOf } from "../shared/src/http/route.ts";
import type { DynamoDbUsage } from "../shared/src/observability/dynamodb-usage.ts";

type OperationId = (
  | typeof usersRoutes
  | typeof accountsRoutes
  | typeof privacyRoutes
  | typeof notifyRoutes
  | typeof docsRoutes
)[number]["operationId"];

/** The fewest DynamoDB round trips an operation's successful path can take, and why, when it is not obvious. */
export interface RoundTripClaim {
  minimum: number;
  why?: string;
  /**
   * Paths of the operation that need more than its common one because a rule asks for a read no
   * batch can absorb, each by name with its own minimum and reason. The bench measures a request on
   * such a path (the scenario names it) against that claim, and every other request against `minimum`.
   */
  paths?: Record<string, PathClaim>;
}

/** A named path's own minimum, and the rule that makes it more than the route's common path. */
export interface PathClaim {
  minimum: number;
  why: string;
}

const claim = (minimum: number, why?: string, paths?: Record<string, PathClaim>): RoundTripClaim => ({
  minimum,
  why,
  ...(paths ? { paths } : {}),
});

// The shapes most operations share. A member's rights: one BatchGetItem of the caller's membership
// and the account (SPEC 4), which can carry the target item's key too. A change: one
// TransactWriteItems of the item, its audit entry and its outbox entry.
const READ = claim(1, "one BatchGetItem: the caller's membership and the account, with the target item's key");
const LIST = claim(2, "the access check, then one Query of the page");
const CHANGE = claim(2, "the access check with the target item, then one transaction: item, audit entry, outbox entry");
const OWN_READ = claim(1, "one read of the caller's own items (key from the token)");
const OWN_CHECKED_CHANGE = claim(2, "read the caller's item to check the rule, then one transaction");
const STATIC = claim(0, "answered from the bundle; no table access");

/**
 * Claimed minimum DynamoDB round trips per operation, for the successful path with the realistic
 * setup the bench drives. The bench flags routes above their claim; `test/integration/round-trips.test.ts`
 * pins the routes at it. Lower a claim only with a reason; raising one needs a reason in the commit.
 */
export const CLAIMED_MINIMUM_ROUND_TRIPS: Record<OperationId, RoundTripClaim> = {
  // users
  health: STATIC,
  register: claim(
    3,
    "client-address rate window, the email-taken read before Cognito makes a user, then one transaction",
  ),
  verifyEmail: claim(3, "read the link token (it names the user), then the profile, then one transaction consuming it"),
  resendVerification: claim(
    3,
    "per-email rate window, the email's identifier, then the profile it names (already verified: no write)",
  ),
  login: claim(
    6,
    "client-address rate window, lockout read + conditional write, identifier then its profile, one transaction: session, activity, lockout cleared",
  ),
  refresh: claim(
    3,
    "the token's pointer names the session, the profile refuses blocked users at once, then a conditional touch",
  ),
  logout: claim(
    2,
    "the refresh token's pointer names the session, then one conditional transaction: session, pointer, activity entry",
  ),
  forgotPassword: claim(
    5,
    "two rate windows (client address, username), identifier then its profile, then the token with its outbox entry",
  ),
  resetPassword: claim(
    4,
    "token then its profile, the spending transaction before Cognito sets the password, then activity and event in one write",
  ),
  getMe: claim(
    4,
    "profile and TOTP factor in one BatchGetItem, memberships Query (isOwner), privacy's pending policies (policies, decisions)",
  ),
  updateMe: claim(3, "profile and TOTP factor in one BatchGetItem, memberships Query (isOwner), then one transaction"),
  setPhone: OWN_CHECKED_CHANGE,
  sendPhoneVerification: claim(
    4,
    "profile and code record in one BatchGetItem, two rate windows (user, number), then one transaction",
  ),
  confirmPhoneVerification: OWN_CHECKED_CHANGE,
  startPhoneChange: claim(
    4,
    "profile and code record in one BatchGetItem, two rate windows (user, number), then one transaction",
  ),
  confirmPhoneChange: OWN_CHECKED_CHANGE,
  platformUpdateUser: claim(
    3,
    "step-up reads the caller's factor (SPEC 6.1: provider-support identity changes), the user and the new email's identifier in one BatchGetItem, then one transaction with activity, audit and outbox",
  ),
  platformRemoveUserPhone: claim(
    3,
    "step-up reads the caller's factor (the route is step-up, as every platform change), read the user (its number is the write's condition, its name and locale the events'), then one transaction with activity, audit and outbox entries",
  ),
  platformCreateMachineClient: claim(
    1,
    "step-up reads the caller's factor (the route is step-up, as every platform change); Cognito makes the client, the table keeps no record of it",
  ),
  platformListMachineClients: claim(0, "a page of Cognito's app clients; no table access"),
  platformDeleteMachineClient: claim(
    1,
    "step-up reads the caller's factor; Cognito deletes the client (404 when there is none), the table keeps no record of it",
  ),
  loginWithTotp: claim(
    5,
    "lockout read + conditional write, profile and factor (consistent), code spent, one transaction: session, activity, lockout",
  ),
  enrolTotp: claim(2, "profile and factor in one BatchGetItem, then the conditional write of the pending factor"),
  confirmTotp: OWN_CHECKED_CHANGE,
  disableTotp: claim(
    4,
    "step-up reads the factor and spends the code (conditional), the profile and factor (the notice's address, name and locale), then one transaction: factor removed while on, activity entry, notice",
  ),
  listSessions: claim(1, "one Query of the caller's sessions"),
  revokeSession: claim(
    2,
    "the session's delete returns its refresh-token pointer, then one transaction: pointer and activity entry",
  ),
  listSecurityActivity: claim(1, "one Query of the caller's activity"),
  requestAvatarUpload: claim(1, "one write of the pending upload (S3 presigns without DynamoDB)"),
  confirmAvatar: claim(
    3,
    "read the profile, claim the upload (conditional, before the S3 work), then one publishing transaction",
  ),
  deleteAvatar: claim(2, "read the profile for the object's key, then one transaction"),
  listSignInProviders: STATIC,
  startProviderSignIn: claim(
    2,
    "client-address rate window (SPEC: rate limits on sign-in; declared like login's), then one write of the sign-in state",
  ),
  completeProviderSignIn: claim(
    6,
    "client-address rate window (SPEC), consume the single-use state before the code is redeemed, the subject's claim names the user, profile and TOTP factor in one BatchGetItem, the single-use proof Cognito's trigger spends (written before Cognito is asked), then one transaction: session and both activity entries",
  ),
  listIdentities: OWN_READ,
  startIdentityLink: claim(1, "one write of the link state"),
  completeIdentityLink: claim(2, "consume the link state, then one transaction linking the identity"),
  unlinkIdentity: OWN_CHECKED_CHANGE,
  // accounts
  getRightsCatalog: STATIC,
  checkAccess: claim(1, "SPEC 4: one BatchGetItem for a direct member"),
  checkAccessBatch: claim(1, "SPEC 6.8: one BatchGetItem per 100 keys for direct members"),
  getAccount: READ,
  updateAccount: CHANGE,
  deleteAccount: claim(
    3,
    "step-up reads the caller's factor, the access check, then one transaction; a top-level account that has had sub-accounts (its count of their changes is not 0) adds the Query of its links, which block the delete or go with it",
  ),
  listMembers: LIST,
  createManagedUser: CHANGE,
  getMember: claim(
    2,
    "one BatchGetItem: the caller's membership, the account, the member and their profile (phone); then one Query for the resources the view lists (seed 001): the member's grants, or for an owner or admin (who administer all, grants aside) the account's resources",
    {
      viewer: {
        minimum: 3,
        why: "a viewer sees every resource unless a grant hides or raises it: the account's resources and the member's grants, two Queries of different key ranges",
      },
    },
  ),
  updateMember: claim(2, CHANGE.why, {
    "identity change": {
      minimum: 3,
      why: "a new name or session limit changes the user's identity, allowed only to who administers every account the user belongs to (SPEC 3): the access check with the member and their profile, one Query of the user's memberships (no key names them; a new name is copied onto each), then one transaction",
    },
  }),
  removeMember: claim(
    4,
    "the access check with the target member read strongly consistent (its grants counter: a grant written later fails the removal, one written earlier is in the grants read), the resource and sub-account grants in two parallel Queries, then one transaction",
  ),
  setMemberRights: CHANGE,
  createPasswordResetLink: claim(
    4,
    "step-up reads the caller's TOTP factor, the access check with the member and their profile, one Query of the member's memberships (SPEC 3: only who administers every account of an identity changes it), then one transaction",
  ),
  transferOwnership: claim(
    3,
    "step-up reads the caller's factor, the access check with the new owner's membership, then one transaction: both memberships (conditional on their roles) and the account, audit and outbox entries",
  ),
  createResource: CHANGE,
  listResources: LIST,
  getResource: READ,
  updateResource: CHANGE,
  deleteResource: CHANGE,
  listResourceAccess: claim(
    3,
    "the access check with the resource and the caller's grant on it, one Query of a page of members, then one BatchGetItem of their grants on the resource",
  ),
  setResourceAccess: CHANGE,
  removeResourceAccess: CHANGE,
  listAudit: LIST,
  createInvitation: claim(
    4,
    "the access check with the inviter and the invited address's login record, the two rate windows SPEC 10 asks for (per account, per inviter: a conditional increment each, counting attempts), then one transaction",
    {
      "role reaching resources": {
        minimum: 5,
        why: "an owner, admin or viewer reaches every resource by default, and the email lists what they will use (seed 001, as regenerateInvitation): one Query of the account's resources more",
      },
      "existing account": {
        minimum: 5,
        why: "the address's login record names a user, whose keys are known only then: their membership (already a member: 409, SPEC 6.3) and profile (the email's language) in one BatchGetItem more",
      },
    },
  ),
  listInvitations: LIST,
  regenerateInvitation: claim(
    4,
    "the access check with the invitation, then the inviter and the invited address it names (the email's sender and language) beside the resources the invited role reaches (the email lists them: one Query), then one transaction",
  ),
  revokeInvitation: CHANGE,
  previewInvitation: claim(
    3,
    "the public route's client-address rate window, the link token (it names the invitation, its inviter and address), then one BatchGetItem of the invitation, its account and its people",
  ),
  acceptInvitation: claim(
    3,
    "the link token names the invitation, read with its account and people in one BatchGetItem (the membership is built from the invitation's role, rights and grants), then one transaction consuming the link",
  ),
  listMyAccounts: claim(
    2,
    "one Query of the caller's byUser partition (memberships and sub-account grants), one BatchGetItem of their accounts",
    {
      "granted member": {
        minimum: 3,
        why: "a top-level account that has had sub-accounts adds one Query of its links: the switcher lists the sub-accounts reached through it (the caller's grants there came with the memberships)",
      },
    },
  ),
  createSubaccount: CHANGE,
  listSubaccounts: LIST,
  getSubaccountGrants: LIST,
  setSubaccountGrants: claim(
    3,
    "the access check with the member and the named sub-accounts, then the member's current grants (a Query after the member is read: the removals must name them, and the write is conditional on that member version), then one transaction",
  ),
  createManagedAccount: claim(
    4,
    "the access check with the inviter and the owner's address, the inviter's invitation rate window (SPEC 10), the partner's report recipients (a Query of its members), then one transaction",
  ),
  listManagedAccounts: claim(
    3,
    "the access check, one Query of the partner's links, then one BatchGetItem of the page's accounts (delegation and owner state live on them, not on the links)",
  ),
  setAccountKind: claim(2, "read the account, then one transaction with the audit and outbox entries"),
  platformTransferOwnership: claim(
    3,
    "step-up reads the caller's factor, one BatchGetItem of the account (it names the owner) and the new owner's membership, then one transaction conditional on both roles",
  ),
  // privacy
  listPolicies: claim(1, "one Query of the policies"),
  getPolicy: claim(2, "the policy names its current version, whose item is keyed by that number: two reads"),
  listMyPolicies: claim(2, "one Query of the policies, one of the caller's decisions"),
  decidePolicy: claim(
    3,
    "the policy and the caller's profile (an erased user's token is refused), then one transaction",
  ),
  listPolicyDecisions: claim(
    2,
    "the policy (404 when unknown) beside one Query of the caller's decisions, in parallel",
  ),
  requestDataExport: claim(3, "the step-up check's read, the caller's profile (its email), then one transaction"),
  listMyPrivacyRequests: claim(2, "one Query of the caller's request refs, then one BatchGetItem of the requests"),
  requestErasure: claim(5, "step-up read, the caller's profile, the owned accounts and their members, one transaction"),
  cancelErasure: claim(3, "the erasure guard names the request, the request's state decides, then one transaction"),
  getRestrictions: OWN_READ,
  restrictProcessing: claim(
    3,
    "the caller's profile (erased users refused), one transaction, then the restrictions shown",
  ),
  liftRestriction: claim(
    3,
    "the caller's profile (erased users refused), one transaction, then the restrictions shown",
  ),
  createPolicy: claim(1, "one transaction: the policy and its first version"),
  publishPolicyVersion: claim(2, "read the policy's current version, then one transaction"),
  listPlatformPrivacyRequests: claim(
    2,
    "one Query of the requests index, then its platform audit entry (a read has no transaction)",
  ),
  // notify
  getNotificationPreferences: OWN_READ,
  changeNotificationPreferences: claim(
    2,
    "one BatchGetItem of the recipient and the preferences, then one transaction",
  ),
  unsubscribePage: claim(0, "the sealed token names the subscription; the page only asks to confirm"),
  unsubscribe: claim(
    2,
    "one BatchGetItem of the recipient (an erased user has none: nothing is written) and the preferences (news stays indexed while another channel wants it), then the versioned transaction",
  ),
  createBroadcast: claim(1, "one transaction: the broadcast and its outbox entry"),
  getBroadcast: claim(1, "one read of the broadcast"),
  linkTelegram: claim(1, "one write of the link code"),
  unlinkTelegram: claim(
    2,
    "the recipient names the chat to release (its item is keyed by chat id) and the goodbye's locale, then one conditional transaction",
  ),
  telegramWebhook: claim(
    3,
    "/start <token>: the token names the user, the user's recipient names the chat it replaces, then one transaction that also remembers the update (Telegram redelivers)",
  ),
  // docs
  apiReference: STATIC,
  apiReferenceScript: STATIC,
  eventCatalog: STATIC,
  openApiDocument: STATIC,
  eventCatalogDocument: STATIC,
};

/** One request the bench drove: the route key the service measured it under, its status and its DynamoDB usage. */
export interface DrivenRequest {
  routeKey?: string;
  /** The named path (a key of the route's claim's `paths`) the scenario drove, if not the common one. */
  path?: string;
  status: number;
  usage: DynamoDbUsage;
}

export interface RouteRoundTrips {
  operationId: OperationId;
  /** A named path of the route, or absent for its common path. */
  path?: string;
  routeKey: string;
  claim: RoundTripClaim | PathClaim;
  /** Round trips of the first successful request, when the bench drove one. */
  measured?: number;
  operations?: string[];
}

/**
 * Per route and per named path of it: the first successful request's round trips beside the
 * claimed minimum. A request naming a path its route does not claim is an error, not a pass.
 */
export const routeRoundTrips = (requests: DrivenRequest[]): RouteRoundTrips[] =>
  serviceCatalog.flatMap((service) =>
    service.routes.flatMap((route) => {
      const routeKey = routeKeyOf(route);
      const operationId = route.operationId as OperationId;
      const routeClaim = CLAIMED_MINIMUM_ROUND_TRIPS[operationId];
      const onRoute = requests.filter((r) => r.routeKey === routeKey);
      const unknown = onRoute.find((r) => r.path !== undefined && !routeClaim.paths?.[r.path]);
      if (unknown) throw new Error(`${operationId} claims no path named "${unknown.path}"`);
      const row = (path: string | undefined, pathClaim: RoundTripClaim | PathClaim): RouteRoundTrips => {
        const driven = onRoute.find((r) => r.path === path && r.status < 400);
        return {
          operationId,
          ...(path !== undefined ? { path } : {}),
          routeKey,
          claim: pathClaim,
          measured: driven?.usage.roundTrips,
          operations: driven?.usage.operations,
        };
      };
      return [
        row(undefined, routeClaim),
        ...Object.entries(routeClaim.paths ?? {}).map(([path, pathClaim]) => row(path, pathClaim)),
      ];
    }),
  );

const rowName = (row: RouteRoundTrips) => (row.path ? `${row.operationId} (${row.path})` : row.operationId);

export const printRouteRoundTrips = (requests: DrivenRequest[]) => {
  const rows = routeRoundTrips(requests);
  console.log("\nDynamoDB round trips per route (first successful request) against the claimed minimum");
  console.log(
    `${"operation".padEnd(44)} ${"route".padEnd(66)} ${"trips".padStart(5)} ${"min".padStart(4)}  operations`,
  );
  for (const row of rows) {
    const flag = row.measured === undefined ? "  not driven" : row.measured > row.claim.minimum ? "  ABOVE" : "";
    console.log(
      `${rowName(row).padEnd(44)} ${row.routeKey.padEnd(66)} ${String(row.measured ?? "-").padStart(5)} ${String(row.claim.minimum).padStart(4)}${flag}  ${row.operations?.join(", ") ?? ""}`,
    );
  }
  const above = rows.filter((row) => row.measured !== undefined && row.measured > row.claim.minimum);
  const notDriven = rows.filter((row) => row.measured === undefined);
  console.log(
    `\nRoutes and named paths above their claimed minimum: ${above.length} of ${rows.length - notDriven.length} driven`,
  );
  for (const row of above) {
    console.log(
      `  ${rowName(row).padEnd(44)} ${row.measured} > ${row.claim.minimum}  ${row.operations?.join(", ")}  (claim: ${row.claim.why ?? "-"})`,
    );
  }
  if (notDriven.length > 0) {
    console.log(`Routes and named paths the bench does not drive yet: ${notDriven.map(rowName).join(", ")}`);
  }
};
