import { problem } from "../http/problem.ts";

/**
 * NIST SP 800-63B style password rules: length over composition, no password equal to or built
 * from the account's identifier, and none from a list of passwords known to be breached.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** The most common passwords of ten or more characters found in public breach corpora. */
const BREACHED = new Set([
  "1234567890",
  "12345678910",
  "123456789a",
  "0123456789",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "qwertyuiop",
  "qwerty1234",
  "qwerty12345",
  "qwerty123456",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "iloveyou12",
  "abcdefghij",
  "abc1234567",
  "1111111111",
  "0000000000",
  "9876543210",
  "aaaaaaaaaa",
  "asdfghjkl1",
  "asdfghjkl;",
  "zaq12wsxcde",
  "football123",
  "baseball123",
  "welcome123",
  "letmein123",
  "administrator",
  "changeme123",
  "sunshine123",
  "princess123",
  "superman123",
  "trustno1234",
  "monkey12345",
  "dragon12345",
  "michael123",
  "qazwsxedcrfv",
  "1q2w3e4r5t6y",
  "zxcvbnm123",
  "p@ssw0rd123",
  "p@ssword123",
  "haslo12345",
  "zaq1@wsx",
  "qwertyuiop123",
  "samsung123",
  "computer123",
  "internet123",
  "starwars123",
  "whatever123",
]);

export type PasswordProblem = "too_short" | "too_long" | "matches_identifier" | "breached";

export const passwordProblems = (password: string, identifiers: Array<string | undefined>): PasswordProblem[] => {
  const problems: PasswordProblem[] = [];
  const lowered = password.toLowerCase();
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push("too_short");
  if ([...password].length > MAX_PASSWORD_LENGTH) problems.push("too_long");
  const identifierParts = identifiers
    .filter((id): id is string => Boolean(id))
    .flatMap((id) => [id.toLowerCase(), id.toLowerCase().split("@")[0] ?? ""])
    .filter((part) => part.length >= 4);
  if (identifierParts.some((part) => lowered === part || lowered.includes(part))) problems.push("matches_identifier");
  if (BREACHED.has(lowered)) problems.push("breached");
  return problems;
};

const explanations: Record<PasswordProblem, string> = {
  too_short: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `must be at most ${MAX_PASSWORD_LENGTH} characters`,
  matches_identifier: "must not contain your email address or login",
  breached: "appears in lists of breached passwords; choose another",
};
export const explainPasswordProblem = (p: PasswordProblem): string => explanations[p];

/** Password rules as a 422 the client can show next to the field. */
export const assertAcceptablePassword = (password: string, identifiers: Array<string | undefined>, field: string) => {
  const found = passwordProblems(password, identifiers);
  if (found.length > 0) {
    throw problem.unprocessable(
      "weak_password",
      "Choose a stronger password.",
      found.map((p) => ({ path: field, message: explainPasswordProblem(p) })),
    );
  }
};
