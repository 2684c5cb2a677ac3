import * as z from "zod";

/**
 * How the privacy job is triggered: EventBridge Scheduler invokes the privacy function on this
 * rate with this input (declarative, so CDK can import it without loading service code).
 */
export const privacyJobSchedule = {
  expression: "rate(5 minutes)",
  input: { job: "privacy" },
} as const;

export const privacyJobInvocation = z.object({ job: z.literal(privacyJobSchedule.input.job) });

export const isPrivacyJobInvocation = (event: unknown): boolean => privacyJobInvocation.safeParse(event).success;
