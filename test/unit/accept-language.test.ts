import { describe, expect, it } from "vitest";
import { preferredLanguage } from "../../shared/src/http/accept-language.ts";

const supported = ["en", "ru", "pl"] as const;

describe("preferredLanguage", () => {
  it("picks the highest-quality supported language, by primary subtag", () => {
    expect(preferredLanguage("de-DE, ru-RU;q=0.9, en;q=0.5", supported)).toBe("ru");
    expect(preferredLanguage("en;q=0.4, pl;q=0.8", supported)).toBe("pl");
    expect(preferredLanguage("PL-pl", supported)).toBe("pl");
  });

  it("keeps header order between equal qualities and ignores q=0", () => {
    expect(preferredLanguage("ru, en", supported)).toBe("ru");
    expect(preferredLanguage("ru;q=0, en;q=0.1", supported)).toBe("en");
  });

  it("answers undefined when nothing supported is asked for", () => {
    expect(preferredLanguage(undefined, supported)).toBeUndefined();
    expect(preferredLanguage("de, fr;q=0.8, *;q=0.1", supported)).toBeUndefined();
    expect(preferredLanguage(";;,q=abc", supported)).toBeUndefined();
  });
});
