import type { PlatformConfig } from "../../../../shared/src/config/platform-config.ts";
import type { BusinessMetrics } from "../../../../shared/src/observability/business-metrics.ts";
import type { ServiceLogger } from "../../../../shared/src/observability/logger.ts";
import type {
  DataExportDelivery,
  PersonalDataProvider,
  UserDirectory,
} from "../../../../shared/src/privacy/personal-data.ts";
import type { PolicyStore } from "../ports/policy-store.ts";
import type { PrivacyStore } from "../ports/privacy-store.ts";

/** What the privacy use cases need from the outside world. */
export interface PrivacyDependencies {
  policies: PolicyStore;
  requests: PrivacyStore;
  /** The users service's contract: does the user exist, how to reach them. */
  directory: UserDirectory;
  /** Every service's personal-data contract, the privacy service's own included. */
  providers: PersonalDataProvider[];
  /** The notify service's contract for sending an export. */
  exportDelivery: DataExportDelivery;
  config: Pick<
    PlatformConfig,
    | "PRIVACY_DELETION_GRACE_DAYS"
    | "PRIVACY_EXPORT_WINDOW_HOURS"
    | "PRIVACY_JOB_BATCH_SIZE"
    | "PRIVACY_JOB_CONCURRENCY"
    | "PRIVACY_JOB_LEASE_SECONDS"
    | "PRIVACY_JOB_MAX_ATTEMPTS"
    | "PRIVACY_ERASURE_RECHECK_MINUTES"
    | "PRIVACY_EMAIL_SEND_RATE"
  >;
  logger: ServiceLogger;
  /** The job's figures per run: exports sent, failures, the oldest due request's age. */
  metrics: BusinessMetrics;
  now: () => Date;
  /** Waits `ms` (the job paces its emails with it). */
  sleep: (ms: number) => Promise<void>;
  newId: () => string;
}
