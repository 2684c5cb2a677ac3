import { describe, expect, it } from "vitest";
import { ROLES } from "../../services/accounts/src/domain/roles.ts";
import { MEMBER_ROLES } from "../../shared/src/table/entities/accounts/member-roles.ts";

describe("the roles the table stores", () => {
  it("are the roles accounts knows, in the same order", () => {
    expect([...MEMBER_ROLES]).toEqual([...ROLES]);
  });
});
