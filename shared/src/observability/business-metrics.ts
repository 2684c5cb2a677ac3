import { APP_NAME } from "../events/registry.ts";

/** The CloudWatch namespace of the platform's own metrics. */
export const METRICS_NAMESPACE = APP_NAME;

/**
 * The platform's business figures, named once for the code that emits them and the alarms and
 * dashboards (CDK) that read them.
 */
export const BUSINESS_METRICS = {
  /** A person registered (user, account and owner membership created). */
  signUps: { name: "SignUps", unit: "Count" },
  /** An invitation was accepted (a member joined), by a new or an existing user. */
  invitationsAccepted: { name: "InvitationsAccepted", unit: "Count" },
  /** Personal-data exports emailed by a privacy job run. */
  exportsSent: { name: "ExportsSent", unit: "Count" },
  /**
   * Privacy requests a job run could not fulfil: exports that failed for good, and entries that
   * failed unexpectedly (they stay queued). Any is worth a look: a legal deadline is running.
   */
  privacyJobFailures: { name: "PrivacyJobFailures", unit: "Count" },
  /** How long the oldest due entry of the privacy queue had waited when a job run began (0: none). */
  oldestDuePrivacyRequestAge: { name: "OldestDuePrivacyRequestAge", unit: "Seconds" },
} as const satisfies Record<string, { name: string; unit: "Count" | "Seconds" }>;

export type BusinessMetric = keyof typeof BUSINESS_METRICS;

/** The dimensions every business metric carries: stages may share an AWS account. */
export const businessMetricDimensions = (serviceName: string, stage: string) => ({ service: serviceName, stage });

/** A port: use cases record business figures through it and know nothing of CloudWatch. */
export interface BusinessMetrics {
  /** Counts one occurrence of a business event. */
  count(metric: "signUps" | "invitationsAccepted"): void;
  /** Records figures measured together (one privacy job run) as one entry. */
  record(figures: Partial<Record<BusinessMetric, number>>): void;
}
