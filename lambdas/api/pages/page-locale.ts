/** The languages the pages speak. */
export const PAGE_LOCALES = ["en", "zh-CN"] as const;

/** One of {@link PAGE_LOCALES}. */
export type PageLocale = (typeof PAGE_LOCALES)[number];

/** The cookie that keeps the language a person chose with `?lang=`. */
export const LOCALE_COOKIE = "baton_lang";

function named(value: string | null | undefined): PageLocale | undefined {
  if (!value) return undefined;
  const wanted = value.trim().toLowerCase();
  if (wanted === "en" || wanted.startsWith("en-")) return "en";
  if (wanted === "zh" || wanted.startsWith("zh-")) return "zh-CN";
  return undefined;
}

/** The value of one cookie of a `Cookie` header. */
export function cookieValue(header: string | null, name: string): string | undefined {
  for (const pair of (header ?? "").split(";")) {
    const [key, ...rest] = pair.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/**
 * The language of a page: `?lang=` (a switch link), else the {@link LOCALE_COOKIE} it set, else
 * the first language of `Accept-Language` the pages speak (any `zh` reads Simplified Chinese),
 * else English.
 *
 * @example
 * pageLocale(new Request("http://x/ui/inbox", { headers: { "accept-language": "zh-CN,zh;q=0.9" } })); // "zh-CN"
 */
export function pageLocale(request: Request): PageLocale {
  const chosen = named(new URL(request.url).searchParams.get("lang"));
  if (chosen) return chosen;
  const kept = named(cookieValue(request.headers.get("cookie"), LOCALE_COOKIE));
  if (kept) return kept;
  const accepted = (request.headers.get("accept-language") ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.split(";");
      const q = params.find((param) => param.trim().startsWith("q="));
      return { locale: named(tag), weight: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.locale !== undefined && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight);
  return accepted[0]?.locale ?? "en";
}
