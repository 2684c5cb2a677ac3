/**
 * The roles a membership or an invitation can hold, as the table stores them. The entities cannot
 * import the accounts domain (shared imports no service), so the list is spelled here too; a unit
 * test keeps it equal to accounts' `ROLES`.
 */
export const MEMBER_ROLES = ["owner", "admin", "standard", "viewer", "operator"] as const;
