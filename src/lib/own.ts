/**
 * The value `table` holds under `key` as its own property, or undefined. A name→handler table is
 * a plain object, so `table[name]` also finds what every object inherits: `constructor`,
 * `toString`, `__proto__`. A name a user typed must never reach those.
 *
 * @example
 * const command = own(commands, argv[0]); // undefined for 'constructor', as for 'nonsense'
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
