import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from "aws-lambda";
import { createMachineTokenVerifier, machineAuthorizerContext } from "./machine-token-verifier.ts";

/**
 * The two settings it needs, checked by hand: zod would be nine tenths of this function's bundle
 * and of its cold start, for two variables.
 */
const requiredSetting = (name: string, isValid: (value: string) => boolean = () => true): string => {
  const value = process.env[name] ?? "";
  if (value === "" || !isValid(value)) throw new Error(`Invalid machine authorizer configuration: ${name}`);
  return value;
};

const verify = createMachineTokenVerifier({
  issuer: requiredSetting("JWT_ISSUER", URL.canParse),
  userClientId: requiredSetting("USER_POOL_CLIENT_ID"),
});

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
