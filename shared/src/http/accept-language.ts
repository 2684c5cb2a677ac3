/**
 * The first of `supported` the `Accept-Language` header (RFC 9110 §12.5.4) asks for, by quality
 * then order; a tag matches by its primary subtag (`ru-RU` -> `ru`). `undefined` when none does.
 */
export const preferredLanguage = <L extends string>(
  header: string | undefined,
  supported: readonly L[],
): L | undefined => {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", quality, order };
    })
    .filter((entry) => entry.language && Number.isFinite(entry.quality) && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { language } of ranked) {
    const match = supported.find((candidate) => candidate === language);
    if (match) return match;
  }
  return undefined;
};
