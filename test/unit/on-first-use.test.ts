import { describe, expect, it } from "vitest";
import { clientOnFirstUse } from "../../shared/src/aws/clients.ts";
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

describe("clientOnFirstUse", () => {
  class FakeClient {
    readonly config = { region: "eu-west-1" };
    sent: string[] = [];
    send(command: string) {
      this.sent.push(command);
      return Promise.resolve(command.length);
    }
  }

  it("makes the client on the first read of any member, once, and calls its methods on it", async () => {
    const made: FakeClient[] = [];
    const client = clientOnFirstUse(() => {
      const real = new FakeClient();
      made.push(real);
      return real;
    });
    expect(made).toHaveLength(0);
    expect(client.config.region).toBe("eu-west-1");
    const { send } = client;
    await expect(send("GetItem")).resolves.toBe(7);
    await client.send("PutItem");
    expect(made).toHaveLength(1);
    expect(made[0]?.sent).toEqual(["GetItem", "PutItem"]);
  });
});
