/**
 * Copies of JSON-like data whose prototype chain does not reach `Object.prototype`, so that a
 * polluted prototype (`Object.prototype.x = 1`, set by an attacker through some unsafe merge)
 * cannot add keys or values to them.
 *
 * sift reads document paths with `item[key]`, which follows the prototype chain, and it needs
 * query objects to look "vanilla" (`value.constructor === Object`), so a plain
 * `Object.create(null)` copy will not do for queries. The copies here get a frozen prototype
 * holding only the methods of `Object.prototype` (and, for arrays, of `Array.prototype`),
 * captured when this module loads: `constructor`, `hasOwnProperty`, `map`, ... are there, data
 * planted on the real prototypes is not.
 */

/** The function-valued data properties of `source`, as read-only, non-enumerable descriptors. */
function methodsOf(source: object): PropertyDescriptorMap {
  const methods: PropertyDescriptorMap = {};
  for (const key of Reflect.ownKeys(source)) {
    const descriptor = Object.getOwnPropertyDescriptor(source, key);
    if (descriptor && typeof descriptor.value === "function") {
      methods[key] = { value: descriptor.value, writable: false, enumerable: false };
    }
  }
  return methods;
}

const objectMethods = methodsOf(Object.prototype);
const detachedObjectPrototype: object = Object.freeze(Object.create(null, objectMethods));
const detachedArrayPrototype: object = Object.freeze(
  Object.create(null, { ...objectMethods, ...methodsOf(Array.prototype) }),
);

/**
 * Whether `value` is a plain object: one made by an object literal, `JSON.parse`,
 * `Object.create(null)` or {@link detachedCopy}. Arrays, class instances, dates and regular
 * expressions are not.
 *
 * @example
 * isPlainObject({ a: 1 });     // true
 * isPlainObject(new Date());   // false
 * isPlainObject([1, 2]);       // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    prototype === Object.prototype || prototype === null || prototype === detachedObjectPrototype
  );
}

/**
 * A deep copy of `value` in which every plain object and array is detached from
 * `Object.prototype` (see the module comment). Only own enumerable string keys are copied, each
 * read once; shared and cyclic references are kept as such. Other objects (dates, regular
 * expressions, functions, class instances) are not copied but kept as they are.
 *
 * @example
 * Object.prototype.polluted = 1; // what an attacker might do
 * const copy = detachedCopy({ a: { b: [1] } }) as { a: { polluted?: unknown } };
 * copy.a.polluted; // undefined
 */
export function detachedCopy(value: unknown): unknown {
  return copyValue(value, new Map());
}

function copyValue(value: unknown, copies: Map<object, object>): unknown {
  if (typeof value !== "object" || value === null) return value;
  const known = copies.get(value);
  if (known) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    Object.setPrototypeOf(copy, detachedArrayPrototype);
    copies.set(value, copy);
    copyOwnKeys(value, copy, copies);
    copy.length = value.length;
    return copy;
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = Object.create(detachedObjectPrototype);
    copies.set(value, copy);
    copyOwnKeys(value, copy, copies);
    return copy;
  }
  return value;
}

function copyOwnKeys(source: object, target: object, copies: Map<object, object>): void {
  for (const key of Object.keys(source)) {
    // defineProperty, not assignment: a key named "__proto__" stays an ordinary own key.
    Object.defineProperty(target, key, {
      value: copyValue((source as Record<string, unknown>)[key], copies),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
}
