import { userPoolDefinition } from "../identity/user-pool-definition.ts";

/** Who is calling, as established by the API's JWT authorizer. */
export interface AuthContext {
  userId: string;
  cognitoUsername: string;
  groups: string[];
  isPlatformAdmin: boolean;
  /** Cognito's `origin_jti`: the sign-in (session) this token descends from. */
  originJti?: string;
}

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/** API Gateway renders array claims as `"[a b]"`; the local authorizer passes arrays. */
const parseGroups = (raw: Claims[string]): string[] => {
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== "string" || raw.length === 0) return [];
  return raw
    .replace(/^\[|\]$/g, "")
    .split(/[\s,]+/)
    .filter(Boolean);
};

export const authContextFromClaims = (claims: Claims): AuthContext | undefined => {
  const sub = claims.sub;
  if (typeof sub !== "string" || claims.token_use !== "access") return undefined;
  const groups = parseGroups(claims["cognito:groups"]);
  return {
    userId: sub,
    cognitoUsername: String(claims.username ?? claims["cognito:username"] ?? sub),
    groups,
    isPlatformAdmin: groups.includes(userPoolDefinition.groups.platformAdmins),
    ...(typeof claims.origin_jti === "string" ? { originJti: claims.origin_jti } : {}),
  };
};
