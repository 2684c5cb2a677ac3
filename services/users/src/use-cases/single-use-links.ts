import { problem } from "../../../../shared/src/http/problem.ts";

export const linkGone = () =>
  problem.gone("link_unusable", "This link has expired or was already used; request a new one.");
