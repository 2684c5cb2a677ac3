import type { OperationExamples } from "../../../shared/src/http/operation-examples.ts";
import type { usersRoutes } from "./routes.ts";

const userId = "01JD5Q8Z2V7K3M4N5P6Q7R8S9T";
const accountId = "01JD5Q8Z3A4B5C6D7E8F9G0H1J";
// Shortened JWTs and tokens: real ones are longer, the shape is what matters here.
const accessToken =
  "eyJraWQiOiJsb2NhbCIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiIwMUpENVE4WjJWN0szTTRONVA2UTdSOFM5VCJ9.c2lnbmF0dXJl";
const idToken = "eyJraWQiOiJsb2NhbCIsImFsZyI6IlJTMjU2In0.eyJlbWFpbCI6ImFubmEubm93YWtAZXhhbXBsZS5jb20ifQ.c2lnbmF0dXJl";
const refreshToken = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.cmVmcmVzaA.aXY.dG9rZW4.dGFn";
const linkToken = "q3R7xW9zB2mN5pL8vK1cD4fH6jS0tY3u";
const tokens = { accessToken, idToken, refreshToken, expiresIn: 900 };
const profile = {
  userId,
  email: "anna.nowak@example.com",
  login: null,
  fullName: "Anna Nowak",
  locale: "pl" as const,
  timezone: "Europe/Warsaw",
  avatarUrl: "https://avatars.tenantry.example.com/public/01JD5Q8Z2V7K3M4N5P6Q7R8S9T/01JD5R2B.png",
  emailVerified: true,
  isOwner: true,
  platformAdmin: false,
  phone: { number: "+48601234567", status: "confirmed" as const },
  mfa: { totp: true },
  telegram: { linked: true as const, username: "anna_nowak", linkedAt: "2026-11-20T09:00:00.000Z" },
  createdAt: "2026-11-02T08:15:00.000Z",
  actionRequired: [{ type: "accept_policy" as const, policyId: "privacy-policy", title: "Privacy policy", version: 3 }],
};
const codeSent = { expiresAt: "2026-11-22T10:10:00.000Z", resendAfter: "2026-11-22T10:01:00.000Z" };

/** Example requests and responses of the users service's operations (published in /openapi.json). */
export const usersExamples: OperationExamples<typeof usersRoutes> = {
  health: { response: { status: "ok", dependencies: { table: "ok", identityProvider: "ok" } } },
  register: {
    request: {
      email: "anna.nowak@example.com",
      password: "correct horse battery staple",
      fullName: "Anna Nowak",
      accountName: "Acme Sp. z o.o.",
      locale: "pl",
    },
    response: { userId, accountId },
  },
  verifyEmail: { request: { token: linkToken } },
  resendVerification: { request: { email: "anna.nowak@example.com" } },
  listSignInProviders: {
    response: { items: [{ provider: "google", displayName: "Google", signUpAllowed: true }] },
  },
  startProviderSignIn: {
    response: {
      authorizationUrl:
        "https://accounts.google.com/o/oauth2/v2/auth?client_id=tenantry&response_type=code&scope=openid%20email%20profile&state=Zm9vYmFyYmF6cXV4cXV1eA&nonce=bm9uY2Vub25jZW5vbmNl&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
      expiresAt: "2026-11-22T10:10:00.000Z",
    },
  },
  completeProviderSignIn: {
    request: { code: "4/0AbCdEfGhIjKlMnOpQrStUv", state: "Zm9vYmFyYmF6cXV4cXV1eA" },
    response: tokens,
  },
  listIdentities: {
    response: {
      items: [
        {
          provider: "google",
          subject: "109876543210987654321",
          email: "anna.nowak@example.com",
          linkedAt: "2026-11-20T09:00:00.000Z",
        },
      ],
    },
  },
  startIdentityLink: {
    response: {
      authorizationUrl:
        "https://accounts.google.com/o/oauth2/v2/auth?client_id=tenantry&response_type=code&scope=openid%20email%20profile&state=YmF6cXV4Zm9vYmFycXV1eA&nonce=bm9uY2Vub25jZW5vbmNl&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
      expiresAt: "2026-11-22T10:10:00.000Z",
    },
  },
  completeIdentityLink: {
    request: { code: "4/0AbCdEfGhIjKlMnOpQrStUv", state: "YmF6cXV4Zm9vYmFycXV1eA" },
    response: {
      provider: "google",
      subject: "109876543210987654321",
      email: "anna.nowak@example.com",
      linkedAt: "2026-11-22T10:00:00.000Z",
    },
  },
  login: {
    request: { username: "anna.nowak@example.com", password: "correct horse battery staple" },
    response: tokens,
  },
  refresh: { request: { refreshToken }, response: { accessToken, idToken, expiresIn: 900 } },
  logout: { request: { refreshToken } },
  forgotPassword: { request: { username: "anna.nowak@example.com" } },
  resetPassword: { request: { token: linkToken, newPassword: "a new and longer passphrase" } },
  getMe: { response: profile },
  updateMe: { request: { fullName: "Anna Nowak-Wiśniewska", timezone: "Europe/Warsaw" }, response: profile },
  setPhone: { request: { phone: "+48601234567" }, response: { number: "+48601234567", status: "unconfirmed" } },
  sendPhoneVerification: { response: codeSent },
  confirmPhoneVerification: { request: { code: "381946" }, response: { number: "+48601234567", status: "confirmed" } },
  startPhoneChange: { response: codeSent },
  confirmPhoneChange: { request: { code: "507213" } },
  platformCreateMachineClient: {
    request: { name: "billing-app", scopes: ["tenantry/access.check"] },
    response: {
      clientId: "4f2k9c1m7q3v8x0b5n6d2h1j7r",
      clientSecret: "1q2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n6m",
      tokenUrl: "https://tenantry-prod.auth.eu-central-1.amazoncognito.com/oauth2/token",
      name: "billing-app",
      scopes: ["tenantry/access.check"],
      createdAt: "2026-11-22T10:00:00.000Z",
    },
  },
  platformListMachineClients: {
    response: {
      items: [
        {
          clientId: "4f2k9c1m7q3v8x0b5n6d2h1j7r",
          name: "billing-app",
          scopes: ["tenantry/access.check"],
          createdAt: "2026-11-22T10:00:00.000Z",
        },
      ],
      nextCursor: null,
    },
  },
  platformUpdateUser: {
    request: { email: "anna@acme.example.com" },
    response: {
      userId,
      email: "anna@acme.example.com",
      login: null,
      fullName: "Anna Nowak",
      emailVerified: true,
      phone: null,
    },
  },
  loginWithTotp: {
    request: { session: "AYABeF7GhPq2xT0mLk9nQ3vW8yZ1cB4dE6fH", code: "612984" },
    response: tokens,
  },
  enrolTotp: {
    response: {
      secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
      otpauthUri:
        "otpauth://totp/Tenantry:anna.nowak%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Tenantry",
      qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33"><path d="M0 0h7v7H0z"/></svg>',
    },
  },
  confirmTotp: { request: { code: "612984" } },
  listSessions: {
    response: {
      items: [
        {
          sessionId: "01JD5R3C4D5E6F7G8H9J0K1M2N",
          createdAt: "2026-11-22T09:58:00.000Z",
          lastUsedAt: "2026-11-22T10:00:00.000Z",
          ip: "203.0.113.7",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
          current: true,
        },
      ],
    },
  },
  listSecurityActivity: {
    response: {
      items: [
        {
          type: "signed_in",
          at: "2026-11-22T09:58:00.000Z",
          ip: "203.0.113.7",
          userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        },
      ],
      nextCursor: null,
    },
  },
  requestAvatarUpload: {
    request: { contentType: "image/png", contentLength: 48213 },
    response: {
      uploadUrl:
        "https://tenantry-dev-av-123456789012-eu-central-1.s3.eu-central-1.amazonaws.com/pending/01JD5Q8Z2V7K3M4N5P6Q7R8S9T?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123",
      method: "PUT",
      headers: { "content-type": "image/png", "content-length": "48213" },
      expiresAt: "2026-11-22T10:05:00.000Z",
    },
  },
  confirmAvatar: { response: { avatarUrl: profile.avatarUrl } },
};
