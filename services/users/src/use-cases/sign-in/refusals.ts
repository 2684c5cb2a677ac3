import { Problem, problem } from "../../../../../shared/src/http/problem.ts";

export const invalidCredentials = () =>
  problem.unauthenticated("invalid_credentials", "The username or password is not correct.");
export const challengeUnusable = () =>
  problem.unauthenticated("invalid_token", "This sign-in challenge expired or is not valid; sign in again.");
export const wrongCode = () =>
  new Problem(401, "mfa_invalid", "The authenticator code is wrong, expired or already used; wait for the next one.");
