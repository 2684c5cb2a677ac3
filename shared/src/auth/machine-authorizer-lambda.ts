import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from "aws-lambda";
import { z } from "zod";
import { createMachineTokenVerifier, machineAuthorizerContext } from "./machine-token-verifier.ts";

const config = z.object({ JWT_ISSUER: z.url(), USER_POOL_CLIENT_ID: z.string().min(1) }).parse(process.env);
const verify = createMachineTokenVerifier({ issuer: config.JWT_ISSUER, userClientId: config.USER_POOL_CLIENT_ID });

/**
 * The HTTP API's authorizer for machine routes (simple responses): lets through a valid machine
 * token and hands its client id and scopes to the service, which checks the route's scopes so a
 * missing one is a `403` problem rather than the gateway's bare `403`.
 */
export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<ReturnType<typeof machineAuthorizerContext>>> => {
  const identity = await verify(event.headers?.authorization ?? event.identitySource?.[0]);
  return identity
    ? { isAuthorized: true, context: machineAuthorizerContext(identity) }
    : { isAuthorized: false, context: { clientId: "", scope: "" } };
};
