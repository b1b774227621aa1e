/**
 * Resolves a role named by `approvers: { role }` into user ids: the port through which an
 * installation plugs in its own directory (LDAP, an HR system, a static table).
 *
 * @example
 * const directory = staticDirectory({ dba: ["dana", "dmitri"] });
 * directory.usersInRole("dba"); // ["dana", "dmitri"]
 */
export interface Directory {
  usersInRole(role: string): readonly string[];
}

/**
 * A directory backed by a fixed table.
 *
 * @param roles - role name to user ids. @default {} (every role resolves empty)
 */
export function staticDirectory(
  roles: Readonly<Record<string, readonly string[]>> = {},
): Directory {
  return {
    usersInRole: (role) => (Object.hasOwn(roles, role) ? (roles[role] ?? []) : []),
  };
}
