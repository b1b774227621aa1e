/** An IPv4 loopback address, `127.x.x.x`. */
const IPV4 = String.raw`127(?:\.\d{1,3}){3}`;

/** A loopback name: `localhost`, `127.x.x.x`, `::1` and `::ffff:127.x.x.x`, bracketed or not. */
const LOOPBACK_NAME = new RegExp(
  String.raw`^(?:localhost|${IPV4}|::1|\[::1\]|::ffff:${IPV4}|\[::ffff:${IPV4}\])$`,
  "i",
);

/**
 * Whether a host name (an address to listen on, a URL's `hostname`) names this machine's
 * loopback interface: `localhost`, any `127.x.x.x`, `::1` or `[::1]`, an IPv4-mapped
 * `::ffff:127.x.x.x`. The one list the development identity, the `Host` check and the cookies'
 * `Secure` flag go by.
 *
 * @example
 * isLoopbackName("127.0.0.1"); // true
 * isLoopbackName("127.0.0.1.nip.io"); // false
 */
export function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAME.test(name);
}

/**
 * The name part of a `Host` header (`name` or `name:port`, an IPv6 name bracketed), or
 * `undefined` when the header is not of that form (`localhost:3000@evil.example`, `::1:3000`).
 *
 * @example
 * hostHeaderName("[::1]:3000"); // "[::1]"
 */
export function hostHeaderName(host: string): string | undefined {
  return /^(\[[^\]]*\]|[^:[\]]*)(?::\d{1,5})?$/.exec(host)?.[1];
}
