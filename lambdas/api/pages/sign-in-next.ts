/** Where a sign-in goes when it was not sent from a page. */
export const DEFAULT_NEXT = "/ui/inbox";

/** A path of the pages: `/ui` alone, or followed by `/`, `?` or `#`. */
const PAGE_PATH = /^\/ui(?:[/?#]|$)/;

/**
 * Where a sign-in may return to: `next` when it is a path of this site's pages (`/ui…`,
 * with its query), else {@link DEFAULT_NEXT}. A scheme, a host (`//evil`, `/\evil`), a path
 * that leaves `/ui` once resolved (`/ui/../v1`) or anything else is ignored, so the sign-in
 * is never an open redirect.
 *
 * @example
 * safeNext("/ui/approvals/a1?done=1"); // "/ui/approvals/a1?done=1"
 * safeNext("https://evil.example/ui"); // "/ui/inbox"
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !PAGE_PATH.test(next)) return DEFAULT_NEXT;
  const base = "https://baton.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== base || !PAGE_PATH.test(url.pathname)) return DEFAULT_NEXT;
  return `${url.pathname}${url.search}`;
}
