import {
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  ResourceNotFoundException,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { userPoolDefinition } from "../../../../shared/src/identity/user-pool-definition.ts";
import type { MachineClient, MachineClients } from "../ports/machine-clients.ts";

const { machineClientNamePrefix: PREFIX } = userPoolDefinition;

const machineClientOf = (client: UserPoolClientType): MachineClient => ({
  clientId: client.ClientId ?? "",
  name: (client.ClientName ?? "").slice(PREFIX.length),
  scopes: client.AllowedOAuthScopes ?? [],
  createdAt: (client.CreationDate ? new Date(client.CreationDate) : new Date(0)).toISOString(),
});

/**
 * Machine clients as Cognito app clients of the user pool: a generated secret, the
 * client-credentials grant only, and resource-server scopes. Their names carry a prefix so they
 * are told apart from the API's own client; Cognito is the only record of them.
 */
export const cognitoMachineClients = (client: CognitoIdentityProviderClient, userPoolId: string): MachineClients => {
  const describe = async (clientId: string) => {
    try {
      const { UserPoolClient } = await client.send(
        new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      );
      return UserPoolClient?.ClientName?.startsWith(PREFIX) ? UserPoolClient : undefined;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
  return {
    async create({ name, scopes }) {
      const { UserPoolClient } = await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: `${PREFIX}${name}`,
          GenerateSecret: true,
          AllowedOAuthFlows: ["client_credentials"],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: scopes,
          AccessTokenValidity: userPoolDefinition.machineAccessTokenValidityMinutes,
          TokenValidityUnits: { AccessToken: "minutes" },
          EnableTokenRevocation: true,
          PreventUserExistenceErrors: "ENABLED",
        }),
      );
      if (!UserPoolClient?.ClientId || !UserPoolClient.ClientSecret) {
        throw new Error("Cognito created a machine client without an id or a secret");
      }
      return { ...machineClientOf(UserPoolClient), clientSecret: UserPoolClient.ClientSecret };
    },
    async list({ limit, cursor }) {
      const page = await client.send(
        new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: limit, NextToken: cursor }),
      );
      // The listing names clients only: their scopes and creation time need one describe each (≤ 60, in parallel).
      const machines = (page.UserPoolClients ?? []).filter((c) => c.ClientName?.startsWith(PREFIX) && c.ClientId);
      const described = await Promise.all(machines.map((c) => describe(c.ClientId as string)));
      return {
        items: described.flatMap((c) => (c ? [machineClientOf(c)] : [])),
        nextCursor: page.NextToken ?? null,
      };
    },
    async delete(clientId) {
      if (!(await describe(clientId))) return false;
      try {
        await client.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
        return true;
      } catch (error) {
        // Deleted by a concurrent request between the two calls.
        if (error instanceof ResourceNotFoundException) return false;
        throw error;
      }
    },
  };
};
