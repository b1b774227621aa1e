/**
 * A function that makes its value once, when first asked: a state written only if some
 * transition goes to it.
 *
 * @example
 * const end = once(() => endInstance(states, names, "completed"));
 */
export function once<V>(make: () => V): () => V {
  let made: { value: V } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/**
 * A function that makes each value once per key, when first asked.
 *
 * @example
 * const poisoned = memo((reason: string) => writePoisoned(reason));
 */
export function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}
