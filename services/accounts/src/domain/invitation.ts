import type { ResourceLevel, Via } from "./access.ts";
import type { RightsOverrides } from "./rights.ts";

export type InvitedRole = "owner" | "admin" | "standard" | "viewer" | "operator";

export interface Invitation {
  accountId: string;
  invitationId: string;
  email: string;
  role: InvitedRole;
  fullName?: string;
  rightsOverrides?: RightsOverrides;
  resources?: Array<{ resourceId: string; level: ResourceLevel }>;
  subaccountIds?: string[];
  status: "pending" | "accepted" | "revoked";
  tokenHash: string;
  expiresAt: number;
  invitedBy: string;
  /** How the inviter reached the account; the membership made on acceptance inherits it. */
  addedVia?: Via;
  acceptedBy?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Why an invitation write was refused. */
export class InvitationConflict extends Error {
  override name = "InvitationConflict";
  constructor(
    readonly reason: "already_invited" | "not_pending" | "already_member" | "email_taken" | "resource_missing",
  ) {
    super(reason);
  }
}

/** The identity created when a new person accepts: the users service's items, verified by the link itself. */
export interface NewInviteeIdentity {
  userId: string;
  cognitoUsername: string;
  email: string;
  fullName: string;
  locale: "en" | "ru" | "pl";
  phone?: string;
}
