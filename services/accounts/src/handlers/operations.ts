import { expectedVersion } from "../../../../shared/src/http/etag.ts";
import type { Operations } from "../../../../shared/src/http/service-handler.ts";
import { rightsCatalog } from "../domain/rights.ts";
import type { accountsRoutes } from "../routes.ts";
import { checkAccess } from "../use-cases/access/check-access.ts";
import { deleteAccount } from "../use-cases/accounts/delete-account.ts";
import { getAccount } from "../use-cases/accounts/get-account.ts";
import { listAudit } from "../use-cases/accounts/list-audit.ts";
import { listMyAccounts } from "../use-cases/accounts/list-my-accounts.ts";
import { platformTransferOwnership } from "../use-cases/accounts/platform-transfer-ownership.ts";
import { setAccountKind } from "../use-cases/accounts/set-account-kind.ts";
import { updateAccount } from "../use-cases/accounts/update-account.ts";
import type { AccountsDependencies } from "../use-cases/dependencies.ts";
import { createManagedAccount } from "../use-cases/hierarchy/create-managed-account.ts";
import { createSubaccount } from "../use-cases/hierarchy/create-subaccount.ts";
import { getSubaccountGrants } from "../use-cases/hierarchy/get-subaccount-grants.ts";
import { listManagedAccounts } from "../use-cases/hierarchy/list-managed-accounts.ts";
import { listSubaccounts } from "../use-cases/hierarchy/list-subaccounts.ts";
import { setSubaccountGrants } from "../use-cases/hierarchy/set-subaccount-grants.ts";
import { acceptInvitation } from "../use-cases/invitations/accept-invitation.ts";
import { createInvitation } from "../use-cases/invitations/invite-member.ts";
import { listInvitations } from "../use-cases/invitations/list-invitations.ts";
import { previewInvitation } from "../use-cases/invitations/preview-invitation.ts";
import { regenerateInvitation } from "../use-cases/invitations/regenerate-invitation.ts";
import { revokeInvitation } from "../use-cases/invitations/revoke-invitation.ts";
import { createManagedUser } from "../use-cases/managed-identities/create-managed-user.ts";
import { createPasswordResetLink } from "../use-cases/managed-identities/create-password-reset-link.ts";
import { getMember } from "../use-cases/members/get-member.ts";
import { listMembers } from "../use-cases/members/list-members.ts";
import { removeMember } from "../use-cases/members/remove-member.ts";
import { setMemberRights } from "../use-cases/members/set-member-rights.ts";
import { transferOwnership } from "../use-cases/members/transfer-ownership.ts";
import { updateMember } from "../use-cases/members/update-member.ts";
import { createResource } from "../use-cases/resources/create-resource.ts";
import { deleteResource } from "../use-cases/resources/delete-resource.ts";
import { getResource } from "../use-cases/resources/get-resource.ts";
import { listResourceAccess } from "../use-cases/resources/list-resource-access.ts";
import { listResources } from "../use-cases/resources/list-resources.ts";
import { setResourceAccess } from "../use-cases/resources/set-resource-access.ts";
import { updateResource } from "../use-cases/resources/update-resource.ts";

const withEtag = ({ view, etag }: { view: unknown; etag: string }) => ({ body: view, headers: { etag } });

/** HTTP edge of the accounts service: map each validated request onto its use case. */
export const accountsOperations = (deps: AccountsDependencies): Operations<typeof accountsRoutes> => ({
  getRightsCatalog: async () => ({ body: rightsCatalog() }),
  checkAccess: async ({ body }) => ({ body: (await checkAccess(deps, [body]))[0] }),
  checkAccessBatch: async ({ body }) => ({ body: { results: await checkAccess(deps, body.checks) } }),
  getAccount: async ({ auth, meta, params }) => withEtag(await getAccount(deps, { auth, meta }, params.accountId)),
  updateAccount: async ({ auth, meta, params, body, headers }) =>
    withEtag(await updateAccount(deps, { auth, meta }, params.accountId, body, expectedVersion(headers))),
  deleteAccount: async ({ auth, meta, params, query }) => {
    await deleteAccount(deps, { auth, meta }, params.accountId, query.cascade === "true");
    return {};
  },
  listMembers: async ({ auth, meta, params, query }) => ({
    body: await listMembers(deps, { auth, meta }, params.accountId, query),
  }),
  createManagedUser: async ({ auth, meta, params, body }) => ({
    body: await createManagedUser(deps, { auth, meta }, params.accountId, body),
  }),
  getMember: async ({ auth, meta, params }) =>
    withEtag(await getMember(deps, { auth, meta }, params.accountId, params.userId)),
  listResourceAccess: async ({ auth, meta, params, query }) => ({
    body: await listResourceAccess(deps, { auth, meta }, params.accountId, params.resourceId, query),
  }),
  updateMember: async ({ auth, meta, params, body, headers }) =>
    withEtag(await updateMember(deps, { auth, meta }, params.accountId, params.userId, body, expectedVersion(headers))),
  removeMember: async ({ auth, meta, params, query }) => {
    await removeMember(deps, { auth, meta }, params.accountId, params.userId, query.deleteUser === "true");
    return {};
  },
  setMemberRights: async ({ auth, meta, params, body, headers }) =>
    withEtag(
      await setMemberRights(deps, { auth, meta }, params.accountId, params.userId, body, expectedVersion(headers)),
    ),
  createPasswordResetLink: async ({ auth, meta, params, body }) => ({
    body: await createPasswordResetLink(deps, { auth, meta }, params.accountId, params.userId, body.send ?? false),
  }),
  transferOwnership: async ({ auth, meta, params, body }) => ({
    body: await transferOwnership(deps, { auth, meta }, params.accountId, body.userId),
  }),
  createResource: async ({ auth, meta, params, body }) => {
    const { view, etag } = await createResource(deps, { auth, meta }, params.accountId, body);
    return { body: view, headers: { etag } };
  },
  listResources: async ({ auth, meta, params, query }) => ({
    body: await listResources(deps, { auth, meta }, params.accountId, query),
  }),
  getResource: async ({ auth, meta, params }) =>
    withEtag(await getResource(deps, { auth, meta }, params.accountId, params.resourceId)),
  updateResource: async ({ auth, meta, params, body, headers }) =>
    withEtag(
      await updateResource(deps, { auth, meta }, params.accountId, params.resourceId, body, expectedVersion(headers)),
    ),
  deleteResource: async ({ auth, meta, params }) => {
    await deleteResource(deps, { auth, meta }, params.accountId, params.resourceId);
    return {};
  },
  setResourceAccess: async ({ auth, meta, params, body }) => ({
    body: await setResourceAccess(deps, { auth, meta }, params.accountId, params.resourceId, params.userId, body.level),
  }),
  removeResourceAccess: async ({ auth, meta, params }) => ({
    body: await setResourceAccess(deps, { auth, meta }, params.accountId, params.resourceId, params.userId, "none"),
  }),
  listAudit: async ({ auth, meta, params, query }) => ({
    body: await listAudit(deps, { auth, meta }, params.accountId, query),
  }),
  createInvitation: async ({ auth, meta, params, body }) => ({
    body: await createInvitation(deps, { auth, meta }, params.accountId, body),
  }),
  listInvitations: async ({ auth, meta, params, query }) => ({
    body: await listInvitations(deps, { auth, meta }, params.accountId, query),
  }),
  regenerateInvitation: async ({ auth, meta, params }) => ({
    body: await regenerateInvitation(deps, { auth, meta }, params.accountId, params.invitationId),
  }),
  revokeInvitation: async ({ auth, meta, params }) => {
    await revokeInvitation(deps, { auth, meta }, params.accountId, params.invitationId);
    return {};
  },
  previewInvitation: async ({ params }) => ({ body: await previewInvitation(deps, params.token) }),
  acceptInvitation: async ({ params, body, headers, meta }) => ({
    body: await acceptInvitation(deps, params.token, body, {
      authorization: headers.authorization,
      acceptLanguage: headers["accept-language"],
      meta,
    }),
  }),
  listMyAccounts: async ({ auth }) => ({ body: await listMyAccounts(deps, auth.userId) }),
  createSubaccount: async ({ auth, meta, params, body }) => ({
    body: await createSubaccount(deps, { auth, meta }, params.accountId, body),
  }),
  listSubaccounts: async ({ auth, meta, params, query }) => ({
    body: await listSubaccounts(deps, { auth, meta }, params.accountId, query),
  }),
  getSubaccountGrants: async ({ auth, meta, params }) => ({
    body: await getSubaccountGrants(deps, { auth, meta }, params.accountId, params.userId),
  }),
  setSubaccountGrants: async ({ auth, meta, params, body }) => ({
    body: await setSubaccountGrants(deps, { auth, meta }, params.accountId, params.userId, body.subaccountIds),
  }),
  createManagedAccount: async ({ auth, meta, params, body }) => ({
    body: await createManagedAccount(deps, { auth, meta }, params.accountId, body),
  }),
  listManagedAccounts: async ({ auth, meta, params, query }) => ({
    body: await listManagedAccounts(deps, { auth, meta }, params.accountId, query),
  }),
  setAccountKind: async ({ auth, meta, params, body }) => ({
    body: await setAccountKind(deps, { auth, meta }, params.accountId, body.kind),
  }),
  platformTransferOwnership: async ({ auth, meta, params, body }) => ({
    body: await platformTransferOwnership(deps, { auth, meta }, params.accountId, body.userId),
  }),
});
