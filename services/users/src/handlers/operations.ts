import type { Operations } from "../../../../shared/src/http/service-handler.ts";
import type { usersRoutes } from "../routes.ts";
import { confirmAvatar, deleteAvatar, requestAvatarUpload } from "../use-cases/avatar.ts";
import type { UsersDependencies } from "../use-cases/dependencies.ts";
import {
  completeLink,
  completeProviderSignIn,
  listIdentities,
  listProviders,
  startLink,
  startProviderSignIn,
  unlinkIdentity,
} from "../use-cases/external-sign-in.ts";
import { health } from "../use-cases/health.ts";
import { forgotPassword, resendVerification, resetPassword, verifyEmail } from "../use-cases/link-tokens.ts";
import { createMachineClient, deleteMachineClient, listMachineClients } from "../use-cases/machine-clients.ts";
import { confirmTotp, disableTotp, enrolTotp } from "../use-cases/mfa.ts";
import {
  confirmPhoneChange,
  confirmPhoneVerification,
  sendPhoneVerification,
  setPhone,
  startPhoneChange,
} from "../use-cases/phone.ts";
import { changeUserIdentity, removeUserPhone } from "../use-cases/platform-users.ts";
import { getMe, updateMe } from "../use-cases/profile.ts";
import { register } from "../use-cases/register.ts";
import { login, loginWithTotp, logout, refresh } from "../use-cases/sessions.ts";
import { listSessions, revokeSession } from "../use-cases/user-sessions.ts";

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
