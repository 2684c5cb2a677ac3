import { buildOpenApiDocument, renderApiReference } from "../../../../shared/src/http/openapi.ts";
import type { Operations } from "../../../../shared/src/http/service-handler.ts";
import { serviceCatalog } from "../../../catalog.ts";
import type { usersRoutes } from "../routes.ts";
import { confirmAvatar, deleteAvatar, requestAvatarUpload } from "../use-cases/avatar.ts";
import type { UsersDependencies } from "../use-cases/dependencies.ts";
import { health } from "../use-cases/health.ts";
import { forgotPassword, resendVerification, resetPassword, verifyEmail } from "../use-cases/link-tokens.ts";
import { getMe, updateMe } from "../use-cases/profile.ts";
import { register } from "../use-cases/register.ts";
import { login, logout, refresh } from "../use-cases/sessions.ts";

/** HTTP edge of the users service: each operation maps a validated request onto a use case. */
export const usersOperations = (deps: UsersDependencies): Operations<typeof usersRoutes> => {
  // The users service also serves the API description; it is built once per cold start.
  const apiDocument = buildOpenApiDocument(serviceCatalog.flatMap((service) => service.routes));
  const apiReference = renderApiReference(apiDocument);
  return {
    openApiDocument: async () => ({ body: apiDocument }),
    apiReference: async () => ({ text: apiReference, headers: { "content-type": "text/html; charset=utf-8" } }),
    health: async () => {
      const result = await health(deps);
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
    login: async ({ body }) => ({ body: await login(deps, body.username, body.password) }),
    refresh: async ({ body }) => ({ body: await refresh(deps, body.refreshToken) }),
    logout: async ({ body }) => {
      await logout(deps, body.refreshToken);
      return {};
    },
    forgotPassword: async ({ body }) => {
      await forgotPassword(deps, body.username);
      return {};
    },
    resetPassword: async ({ body }) => {
      await resetPassword(deps, body.token, body.newPassword);
      return {};
    },
    getMe: async ({ auth }) => ({ body: await getMe(deps, auth) }),
    updateMe: async ({ auth, body }) => ({ body: await updateMe(deps, auth, body) }),
    requestAvatarUpload: async ({ auth, body }) => ({ body: await requestAvatarUpload(deps, auth, body) }),
    confirmAvatar: async ({ auth }) => ({ body: await confirmAvatar(deps, auth) }),
    deleteAvatar: async ({ auth }) => {
      await deleteAvatar(deps, auth);
      return {};
    },
  };
};
