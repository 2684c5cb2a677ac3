import { describe, expect, it } from "vitest";
import * as z from "zod";
import { serviceCatalog } from "../../services/catalog.ts";
import { inputValidation } from "../../shared/src/http/middleware.ts";

/** The `.meta({ id })` schemas built so far in this process (each test file runs in its own). */
const builtComponents = () => [...z.globalRegistry._idmap.keys()];

describe("the route table's schemas", () => {
  it("are built on first use: loading every route table builds none, a route's validation builds its request schemas only", () => {
    const routes = serviceCatalog.flatMap((service) => service.routes);
    expect(builtComponents()).toEqual([]);

    const createInvitation = routes.find((route) => route.operationId === "createInvitation");
    if (!createInvitation) throw new Error("createInvitation is not in the route table");
    inputValidation(createInvitation);
    // Its body is built; its response (`Invitation`) is read by the OpenAPI generator alone.
    expect(builtComponents()).toEqual(["CreateInvitationRequest"]);
  });

  it("are built once: every reader gets the same schema", () => {
    const [route] = serviceCatalog.flatMap((service) => service.routes).filter((r) => r.success.schema);
    expect(route?.success.schema?.()).toBe(route?.success.schema?.());
  });
});
