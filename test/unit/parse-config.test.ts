import { describe, expect, it } from "vitest";
import { ConfigError, requiredVariables } from "../../shared/src/config/parse-config.ts";

describe("requiredVariables", () => {
  it("returns the named variables when every one is set", () => {
    expect(requiredVariables(["TABLE_NAME"], { TABLE_NAME: "tenantry", OTHER: "x" })).toEqual({
      TABLE_NAME: "tenantry",
    });
  });

  it("fails fast naming every variable that is unset or empty", () => {
    const read = () => requiredVariables(["TABLE_NAME", "KMS_KEY_ID"], { TABLE_NAME: "" });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow("Invalid configuration: TABLE_NAME: must be set; KMS_KEY_ID: must be set");
  });
});
