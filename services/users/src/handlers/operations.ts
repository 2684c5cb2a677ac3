import type { Operations } from "../../../../shared/src/http/service-handler.ts";
import type { usersRoutes } from "../routes.ts";
import { confirmAvatar } from "../use-cases/avatar/confirm-avatar.ts";
import { deleteAvatar } from "../use-cases/avatar/delete-avatar.ts";
import { requestAvatarUpload } from "../use-cases/avatar/request-avatar-upload.ts";
import type { UsersDependencies } from "../use-cases/dependencies.ts";
import { resendVerification } from "../use-cases/email-verification/resend-verification.ts";
import { verifyEmail } from "../use-cases/email-verification/verify-email.ts";
import { completeLink } from "../use-cases/external-sign-in/complete-link.ts";
import { completeProviderSignIn } from "../use-cases/external-sign-in/complete-provider-sign-in.ts";
import { listIdentities } from "../use-cases/external-sign-in/list-identities.ts";
import { listProviders } from "../use-cases/external-sign-in/list-providers.ts";
import { startLink } from "../use-cases/external-sign-in/start-link.ts";
import { startProviderSignIn } from "../use-cases/external-sign-in/start-provider-sign-in.ts";
import { unlinkIdentity } from "../use-cases/external-sign-in/unlink-identity.ts";
import { health } from "../use-cases/health/check-health.ts";
import { createMachineClient } from "../use-cases/machine-clients/create-machine-client.ts";
import { deleteMachineClient } from "../use-cases/machine-clients/delete-machine-client.ts";
import { listMachineClients } from "../use-cases/machine-clients/list-machine-clients.ts";
import { confirmTotp } from "../use-cases/mfa/confirm-totp.ts";
import { disableTotp } from "../use-cases/mfa/disable-totp.ts";
import { enrolTotp } from "../use-cases/mfa/enrol-totp.ts";
import { forgotPassword } from "../use-cases/password-reset/forgot-password.ts";
import { resetPassword } from "../use-cases/password-reset/reset-password.ts";
import { confirmPhoneChange } from "../use-cases/phone/confirm-phone-change.ts";
import { confirmPhoneVerification } from "../use-cases/phone/confirm-phone-verification.ts";
import { sendPhoneVerification } from "../use-cases/phone/send-phone-verification.ts";
import { setPhone } from "../use-cases/phone/set-phone.ts";
import { startPhoneChange } from "../use-cases/phone/start-phone-change.ts";
import { changeUserIdentity } from "../use-cases/platform-users/change-user-identity.ts";
import { removeUserPhone } from "../use-cases/platform-users/remove-user-phone.ts";
import { getMe } from "../use-cases/profile/get-me.ts";
import { updateMe } from "../use-cases/profile/update-me.ts";
import { listSessions } from "../use-cases/sessions/list-sessions.ts";
import { logout } from "../use-cases/sessions/logout.ts";
import { refresh } from "../use-cases/sessions/refresh.ts";
import { revokeSession } from "../use-cases/sessions/revoke-session.ts";
import { login } from "../use-cases/sign-in/login.ts";
import { loginWithTotp } from "../use-cases/sign-in/login-with-totp.ts";
import { register } from "../use-cases/sign-up/register.ts";

/** The caller's own access token: Cognito's self-service MFA calls act on its holder. */
const bearerToken = (headers: Record<string, string | undefined>): string =>
  /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1] ?? "";

/** HTTP edge of the users service: each operation maps a validated request onto a use case. */
export const usersOperations = (deps: UsersDependencies): Operations<typeof usersRoutes> => {
  return {
    health: async ({ query }) => {
      const result = await health(deps, { deep: query.deep === "true" });
      return { status: result.status === "ok" ? 200 : 503, body: result };
    },
    register: async ({ body }) => ({ body: await register(deps, body) }),
    verifyEmail: async ({ body }) => {
      await verifyEmail(deps, body.token);
      return {};
    },
    resendVerification: async ({ body }) => {
      await resendVerification(deps, body.email);
      return {};
    },
    login: async ({ body, meta }) => ({ body: await login(deps, body.username, body.password, meta) }),
    loginWithTotp: async ({ body, meta }) => ({ body: await loginWithTotp(deps, body, meta) }),
    refresh: async ({ body }) => ({ body: await refresh(deps, body.refreshToken) }),
    logout: async ({ body, meta }) => {
      await logout(deps, body.refreshToken, meta);
      return {};
    },
    forgotPassword: async ({ body }) => {
      await forgotPassword(deps, body.username);
      return {};
    },
    resetPassword: async ({ body, meta }) => {
      await resetPassword(deps, body.token, body.newPassword, meta);
      return {};
    },
    getMe: async ({ auth }) => ({ body: await getMe(deps, auth) }),
    updateMe: async ({ auth, body }) => ({ body: await updateMe(deps, auth, body) }),
    setPhone: async ({ auth, body }) => ({ body: await setPhone(deps, auth, body.phone) }),
    sendPhoneVerification: async ({ auth }) => ({ body: await sendPhoneVerification(deps, auth) }),
    confirmPhoneVerification: async ({ auth, body, meta }) => ({
      body: await confirmPhoneVerification(deps, auth, body.code, meta),
    }),
    startPhoneChange: async ({ auth }) => ({ body: await startPhoneChange(deps, auth) }),
    confirmPhoneChange: async ({ auth, body, meta }) => {
      await confirmPhoneChange(deps, auth, body.code, meta);
      return {};
    },
    platformUpdateUser: async ({ auth, meta, params, body }) => ({
      body: await changeUserIdentity(deps, { auth, meta }, params.userId, body),
    }),
    platformRemoveUserPhone: async ({ auth, meta, params }) => {
      await removeUserPhone(deps, { auth, meta }, params.userId);
      return {};
    },
    platformCreateMachineClient: async ({ body }) => ({ body: await createMachineClient(deps, body) }),
    platformListMachineClients: async ({ query }) => ({ body: await listMachineClients(deps, query) }),
    platformDeleteMachineClient: async ({ params }) => {
      await deleteMachineClient(deps, params.clientId);
      return {};
    },
    enrolTotp: async ({ auth, headers }) => ({ body: await enrolTotp(deps, auth, bearerToken(headers)) }),
    confirmTotp: async ({ auth, headers, body, meta }) => {
      await confirmTotp(deps, auth, bearerToken(headers), body.code, meta);
      return {};
    },
    disableTotp: async ({ auth, headers, meta }) => {
      await disableTotp(deps, auth, bearerToken(headers), meta);
      return {};
    },
    listSessions: async ({ auth }) => ({ body: await listSessions(deps, auth) }),
    revokeSession: async ({ auth, params, meta }) => {
      await revokeSession(deps, auth, params.sessionId, meta);
      return {};
    },
    listSecurityActivity: async ({ auth, query }) => ({ body: await deps.activity.list(auth.userId, query) }),
    requestAvatarUpload: async ({ auth, body }) => ({ body: await requestAvatarUpload(deps, auth, body) }),
    confirmAvatar: async ({ auth }) => ({ body: await confirmAvatar(deps, auth) }),
    deleteAvatar: async ({ auth }) => {
      await deleteAvatar(deps, auth);
      return {};
    },
    listSignInProviders: async () => ({ body: listProviders(deps) }),
    startProviderSignIn: async ({ params }) => ({ body: await startProviderSignIn(deps, params.provider) }),
    completeProviderSignIn: async ({ params, body, meta }) => ({
      body: await completeProviderSignIn(deps, params.provider, body, meta),
    }),
    listIdentities: async ({ auth }) => ({ body: await listIdentities(deps, auth) }),
    startIdentityLink: async ({ auth, params }) => ({ body: await startLink(deps, auth, params.provider) }),
    completeIdentityLink: async ({ auth, params, body, meta }) => ({
      body: await completeLink(deps, auth, params.provider, body, meta),
    }),
    unlinkIdentity: async ({ auth, params, meta }) => {
      await unlinkIdentity(deps, auth, params.provider, meta);
      return {};
    },
  };
};
