/**
 * The route key API Gateway picks for a request (`METHOD /path`, the path's segments literal or
 * `{x}` as the app names them): a key whose segments match (`{x}` one segment, `{x+}` one or
 * more), the most specific first — no greedy segment over one, then the most literal
 * segments — as API Gateway's HTTP APIs choose. `undefined` when no key matches.
 *
 * @example
 * selectedRoute(["GET /ui/{proxy+}", "GET /ui"], "GET /ui/inbox"); // "GET /ui/{proxy+}"
 */
export function selectedRoute(keys: Iterable<string>, request: string): string | undefined {
  const [method, path = ""] = request.split(" ");
  const segments = path.split("/").slice(1);
  const matching = [...keys].filter((key) => {
    const [keyMethod, keyPath = ""] = key.split(" ");
    if (keyMethod !== method) return false;
    const pattern = keyPath.split("/").slice(1);
    return (
      pattern.every((part, index) => {
        if (part.endsWith("+}")) return index === pattern.length - 1 && segments.length > index;
        const segment = segments[index];
        return segment !== undefined && (part.startsWith("{") || part === segment);
      }) &&
      (pattern.at(-1)?.endsWith("+}") || pattern.length === segments.length)
    );
  });
  const rank = (key: string) => {
    const parts = (key.split(" ")[1] ?? "").split("/");
    return [
      parts.some((part) => part.endsWith("+}")) ? 1 : 0,
      -parts.filter((p) => !p.startsWith("{")).length,
    ];
  };
  return matching.sort((a, b) => {
    const [ga = 0, la = 0] = rank(a);
    const [gb = 0, lb = 0] = rank(b);
    return ga - gb || la - lb;
  })[0];
}
