import { Logger } from "@aws-lambda-powertools/logger";

/**
 * One structured logger per service, created at cold start. Log only identifiers (request id,
 * account id, route): never tokens, emails, names or phone numbers.
 */
export const createLogger = (serviceName: string) =>
  new Logger({
    serviceName,
    logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? "INFO",
  });
export type ServiceLogger = ReturnType<typeof createLogger>;
