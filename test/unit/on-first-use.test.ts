import { describe, expect, it } from "vitest";
import { onFirstUse } from "../../shared/src/cold-start/on-first-use.ts";

describe("onFirstUse", () => {
  it("makes nothing until the value is first asked for, then makes it once", () => {
    let made = 0;
    const client = onFirstUse(() => ({ id: ++made }));
    expect(made).toBe(0);
    const first = client();
    expect(client()).toBe(first);
    expect(made).toBe(1);
  });

  it("keeps a made value that is falsy", () => {
    let made = 0;
    const nothing = onFirstUse(() => {
      made += 1;
      return undefined;
    });
    nothing();
    nothing();
    expect(made).toBe(1);
  });

  it("tries again after a failed make: a failure is not remembered as the value", () => {
    let attempts = 0;
    const config = onFirstUse(() => {
      attempts += 1;
      if (attempts === 1) throw new Error("not yet");
      return "ready";
    });
    expect(() => config()).toThrow("not yet");
    expect(config()).toBe("ready");
    expect(attempts).toBe(2);
  });
});
