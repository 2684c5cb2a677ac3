/**
 * The single table's physical shape: the one place that names its keys and indexes.
 * The CDK stack, the local provisioning and the ElectroDB entities all read it.
 */
export const tableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds; DynamoDB TTL removes expired tokens, outbox events and idempotency records. */
  timeToLiveAttribute: "expiresAt",
  indexes: {
    /** Everything keyed by a user across accounts: memberships (the account switcher), sub-account grants and resource access (a data export, an erasure). */
    byUser: { indexName: "byUser", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    /** An account's members by role, then status: `?role=` and `?role=&status=` as one key condition each. */
    membersByRole: { indexName: "membersByRole", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    /** An account's members by status: `?status=` alone as a key condition. */
    membersByStatus: { indexName: "membersByStatus", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  },
} as const;
