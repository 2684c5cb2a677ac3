import { Metrics } from "@aws-lambda-powertools/metrics";
import { onFirstUse } from "../cold-start/on-first-use.ts";
import {
  BUSINESS_METRICS,
  type BusinessMetric,
  type BusinessMetrics,
  businessMetricDimensions,
  METRICS_NAMESPACE,
} from "./business-metrics.ts";

/**
 * Business metrics as CloudWatch embedded metric format (EMF) lines on stdout, which Lambda's log
 * stream turns into metrics without an API call. Each call is published at once, so nothing waits
 * for the end of an invocation (or is lost when one fails after the event happened). Powertools'
 * own settings apply: `POWERTOOLS_DEV` (the local runtime) turns it off unless
 * `POWERTOOLS_METRICS_DISABLED=false`. The Powertools instance is made with the first figure
 * (once per cold start): most requests record none.
 */
export const powertoolsBusinessMetrics = ({
  serviceName,
  stage,
}: {
  serviceName: string;
  stage: string;
}): BusinessMetrics => {
  const { service, ...defaultDimensions } = businessMetricDimensions(serviceName, stage);
  const metrics = onFirstUse(
    () => new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service, defaultDimensions }),
  );
  const record = (figures: Partial<Record<BusinessMetric, number>>) => {
    const entries = Object.entries(figures) as Array<[BusinessMetric, number]>;
    if (entries.length === 0) return;
    for (const [metric, value] of entries) {
      const { name, unit } = BUSINESS_METRICS[metric];
      metrics().addMetric(name, unit, value);
    }
    metrics().publishStoredMetrics();
  };
  return {
    count: (metric) => record({ [metric]: 1 }),
    record,
  };
};
