import type { BusinessMetric, BusinessMetrics } from "../../shared/src/observability/business-metrics.ts";

/** The business-metrics port in memory: what use cases recorded, one entry per call. */
export const recordedMetrics = () => {
  const entries: Array<Partial<Record<BusinessMetric, number>>> = [];
  const metrics: BusinessMetrics = {
    count: (metric) => void entries.push({ [metric]: 1 }),
    record: (figures) => void entries.push({ ...figures }),
  };
  /** The sum of one metric over every entry. */
  const total = (metric: BusinessMetric) => entries.reduce((sum, entry) => sum + (entry[metric] ?? 0), 0);
  return { metrics, entries, total };
};
