import { Logger } from "@aws-lambda-powertools/logger";
import { SourceMappedLogFormatter } from "./source-mapped-log-formatter.ts";

/**
 * One structured logger per service, created at cold start. Log only identifiers (request id,
 * account id, route): never tokens, emails, names or phone numbers. Logged errors carry stacks
 * that name the TypeScript files and lines, though the functions run without source maps enabled.
 */
export const createLogger = (serviceName: string) =>
  new Logger({
    serviceName,
    logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? "INFO",
    logFormatter: new SourceMappedLogFormatter(),
  });
export type ServiceLogger = ReturnType<typeof createLogger>;
