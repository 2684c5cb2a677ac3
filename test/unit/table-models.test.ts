import { validateModel } from "electrodb/src/modelValidation.js";
import { describe, expect, it } from "vitest";
import { entityDefinitions } from "../../shared/src/table/entities.ts";

// Our ElectroDB is patched not to validate a model when it constructs an entity (so no Lambda
// bundle carries jsonschema): this is where every model of the table meets ElectroDB's validator.
describe("the entity models of the single table", () => {
  it.each(Object.entries(entityDefinitions))("%s is a valid ElectroDB model", (_, definition) => {
    expect(() => validateModel(definition.model)).not.toThrow();
  });

  it("are checked by a validator that rejects a malformed model", () => {
    const { model } = entityDefinitions.rateWindow;
    const malformed = { ...model, attributes: { ...model.attributes, count: { type: "number", required: "yes" } } };
    expect(() => validateModel(malformed)).toThrow(/attributes\.count\.required is not of a type\(s\) boolean/);
  });
});
