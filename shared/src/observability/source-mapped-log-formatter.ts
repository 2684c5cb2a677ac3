import { LogFormatter, LogItem } from "@aws-lambda-powertools/logger";
import type { LogAttributes, UnformattedAttributes } from "@aws-lambda-powertools/logger/types";
import { sourceMappedStack } from "./source-mapped-stack.ts";

/**
 * Powertools' standard log shape, with the stack of every logged error (and of its causes) mapped
 * to the TypeScript sources: functions run without `--enable-source-maps`, so the bundle's map is
 * read only when an error is logged (see `source-mapped-stack.ts`).
 */
export class SourceMappedLogFormatter extends LogFormatter {
  override formatError(error: Error): LogAttributes {
    const formatted = super.formatError(error);
    if (typeof error.stack !== "string") return formatted;
    const stack = sourceMappedStack(error.stack);
    if (stack === error.stack) return formatted;
    return {
      ...formatted,
      location: this.getCodeLocation(stack),
      // Powertools' dev mode (the local runtime) logs the stack as an array of lines.
      stack: Array.isArray(formatted.stack) ? stack.split("\n") : stack,
    };
  }

  // Powertools' own formatter is not exported (aws-powertools/powertools-lambda-typescript#3414):
  // these are the keys and order it writes, so the logs read as they did with it.
  formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: attributes.lambdaContext?.coldStart,
        function_arn: attributes.lambdaContext?.invokedFunctionArn,
        function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
        function_name: attributes.lambdaContext?.functionName,
        function_request_id: attributes.lambdaContext?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
        tenant_id: attributes.lambdaContext?.tenantId,
      },
    }).addAttributes(additionalLogAttributes);
  }
}
