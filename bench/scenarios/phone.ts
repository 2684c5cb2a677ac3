import { randomInt } from "node:crypto";
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { userPoolDefinition } from "../../shared/src/identity/user-pool-definition.ts";
import { BENCH_PASSWORD, type ScenarioContext, signUp } from "./sign-up.ts";

const benchPhone = () => `+4860${String(randomInt(0, 10_000_000)).padStart(7, "0")}`;

/** The code of the `skip`-th SMS (oldest first) to `number`, from the dev outbox. */
const smsCode = async (apiUrl: string, number: string, skip = 0): Promise<string> => {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const { items } = (await (await fetch(`${apiUrl}/dev/outbox.json`)).json()) as {
      items: Array<{ to: string; channel: string; text: string }>;
    };
    const texts = items.filter((m) => m.to === number && m.channel === "sms").reverse();
    const code = texts[skip]?.text.match(/\b(\d{6})\b/)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no SMS reached ${number}`);
};

/** Every phone route and both provider-support identity routes once, in the order a person meets them. */
export const phoneScenario = async ({ call, apiUrl, platform }: ScenarioContext) => {
  const user = await signUp(call, apiUrl, "phone");
  const number = benchPhone();
  await call("PUT /v1/me/phone", "PUT", "/v1/me/phone", { token: user.token, body: { phone: number } });
  await call("POST /v1/me/phone/verification", "POST", "/v1/me/phone/verification", { token: user.token });
  await call("POST /v1/me/phone/verification (too early)", "POST", "/v1/me/phone/verification", {
    token: user.token,
  });
  const code = await smsCode(apiUrl, number);
  await call("POST /v1/me/phone/verification/confirm (wrong)", "POST", "/v1/me/phone/verification/confirm", {
    token: user.token,
    body: { code: String((Number(code) + 1) % 1_000_000).padStart(6, "0") },
  });
  await call("POST /v1/me/phone/verification/confirm", "POST", "/v1/me/phone/verification/confirm", {
    token: user.token,
    body: { code },
  });
  await call("POST /v1/me/phone/change", "POST", "/v1/me/phone/change", { token: user.token });
  const changeCode = await smsCode(apiUrl, number, 1);
  await call("POST /v1/me/phone/change/confirm", "POST", "/v1/me/phone/change/confirm", {
    token: user.token,
    body: { code: changeCode },
  });
  await call(
    "GET /v1/accounts/{id}/members/{userId} (phone)",
    "GET",
    `/v1/accounts/${user.accountId}/members/${user.userId}`,
    {
      token: user.token,
    },
  );

  // Provider support: a platform admin changes the user's identity and removes a new phone.
  const admin = await signUp(call, apiUrl, "phone-support");
  const username = JSON.parse(Buffer.from(admin.token.split(".")[1] ?? "", "base64url").toString()).username;
  await new CognitoIdentityProviderClient({ endpoint: platform.endpoints.cognito }).send(
    new AdminAddUserToGroupCommand({
      UserPoolId: platform.resources.userPoolId,
      Username: username,
      GroupName: userPoolDefinition.groups.platformAdmins,
    }),
  );
  const adminToken = (
    await call("(setup) login", "POST", "/v1/auth/login", { body: { username: admin.email, password: BENCH_PASSWORD } })
  ).body.accessToken as string;
  await call("PATCH /v1/platform/users/{userId}", "PATCH", `/v1/platform/users/${user.userId}`, {
    token: adminToken,
    body: { email: `moved-${user.email}`, fullName: "Bench Renamed" },
  });
  await call("(setup) PUT /v1/me/phone", "PUT", "/v1/me/phone", { token: user.token, body: { phone: benchPhone() } });
  await call("DELETE /v1/platform/users/{userId}/phone", "DELETE", `/v1/platform/users/${user.userId}/phone`, {
    token: adminToken,
  });
};
