/** A user the account creates and manages (login, no email): the users service's profile shape. */
export interface ManagedProfile {
  userId: string;
  cognitoUsername: string;
  login: string;
  fullName: string;
  locale: "en" | "ru" | "pl";
  managedByAccountId: string;
  phone?: string;
  phoneStatus?: "unconfirmed" | "confirmed";
  createdAt: string;
}

/** What the accounts service reads of a user's profile. */
export interface IdentitySummary {
  userId: string;
  cognitoUsername: string;
  email?: string;
  login?: string;
  fullName: string;
  locale: "en" | "ru" | "pl";
  avatarKey?: string;
}
