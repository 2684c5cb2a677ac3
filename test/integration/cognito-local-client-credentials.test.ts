import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DescribeResourceServerCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, inject, it } from "vitest";
import { userPoolDefinition } from "../../shared/src/identity/user-pool-definition.ts";

/**
 * What patches/cognito-local+5.3.0+002+client-credentials.patch makes cognito-local do as Cognito
 * does, tested against the emulator directly: resource servers with scopes, app clients limited
 * to those scopes, and the OAuth 2.0 client-credentials grant at `/oauth2/token`.
 */
const endpoint = inject("endpoints").cognito;
const { userPoolId } = inject("resources");
const cognito = new CognitoIdentityProviderClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
const issuer = `${endpoint}/${userPoolId}`;
const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));

const machineClient = async (scopes: string[]) => {
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: "patch-test-machine",
      GenerateSecret: true,
      AllowedOAuthFlows: ["client_credentials"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: scopes,
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: "minutes" },
    }),
  );
  return { clientId: UserPoolClient?.ClientId ?? "", clientSecret: UserPoolClient?.ClientSecret ?? "" };
};

const requestToken = (credentials: { clientId: string; clientSecret: string }, scope?: string) =>
  fetch(`${endpoint}/oauth2/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "client_credentials", ...(scope ? { scope } : {}) }),
  });

describe("cognito-local patch: client-credentials grant and resource servers", () => {
  it("keeps the resource server local provisioning created from the shared definition", async () => {
    const { ResourceServer } = await cognito.send(
      new DescribeResourceServerCommand({ UserPoolId: userPoolId, Identifier: "tenantry" }),
    );
    expect(ResourceServer?.Scopes?.map((s) => s.ScopeName).sort()).toEqual(
      Object.keys(userPoolDefinition.resourceServer.scopes).sort(),
    );
  });

  it("issues an access token for the client with the scope claim, signed by the pool's JWKS", async () => {
    const client = await machineClient(["tenantry/access.check", "tenantry/accounts.read"]);
    const response = await requestToken(client, "tenantry/access.check");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(3600);
    expect(decodeProtectedHeader(body.access_token).alg).toBe("RS256");
    const { payload } = await jwtVerify(body.access_token, jwks, { issuer });
    expect(payload).toMatchObject({
      sub: client.clientId,
      client_id: client.clientId,
      token_use: "access",
      scope: "tenantry/access.check",
    });
    expect(payload.username).toBeUndefined();
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it("grants every allowed scope when none is asked for, and takes the client in the body too", async () => {
    const client = await machineClient(["tenantry/access.check", "tenantry/accounts.read"]);
    const response = await fetch(`${endpoint}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const { payload } = await jwtVerify(access_token, jwks, { issuer });
    expect(String(payload.scope).split(" ").sort()).toEqual(["tenantry/access.check", "tenantry/accounts.read"]);
  });

  it("refuses a wrong secret and an unknown client as invalid_client", async () => {
    const client = await machineClient(["tenantry/access.check"]);
    const wrong = await requestToken({ ...client, clientSecret: `${client.clientSecret}x` });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: "invalid_client" });
    const unknown = await requestToken({ clientId: "nosuchclient", clientSecret: client.clientSecret });
    expect(await unknown.json()).toEqual({ error: "invalid_client" });
  });

  it("refuses a scope the client was not given as invalid_scope", async () => {
    const client = await machineClient(["tenantry/access.check"]);
    const response = await requestToken(client, "tenantry/access.check tenantry/accounts.read");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_scope" });
  });

  it("refuses app clients with scopes no resource server defines, or client credentials without a secret", async () => {
    await expect(machineClient(["tenantry/nonexistent"])).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await expect(
      cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: "patch-test-no-secret",
          GenerateSecret: false,
          AllowedOAuthFlows: ["client_credentials"],
          AllowedOAuthScopes: ["tenantry/access.check"],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("refuses the grant to a client not allowed it (the API's own client has no secret, so it is invalid_client)", async () => {
    const { userPoolClientId } = inject("resources");
    const response = await requestToken({ clientId: userPoolClientId, clientSecret: "anything-at-all" });
    expect(await response.json()).toEqual({ error: "invalid_client" });
  });
});
