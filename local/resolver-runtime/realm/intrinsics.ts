// The realm's own handles on built-ins that resolver code does not get. lockdown() removes every
// built-in APPSYNC_JS does not have (supported-builtins.ts) from the shared realm; these bindings are
// taken when the realm bundle is evaluated, before that, and live in the bundle's closure where
// resolver code cannot reach them. Realm helpers import them instead of naming the globals, and call
// removed prototype methods through `uncurry` (Function.prototype.call is removed too).
// Constructors are re-exported under their own names (value and type), so `new Map()` or
// `throw new Error(…)` in a realm module means the captured original.

const g = globalThis;

export const apply = g.Reflect.apply;
export const ownKeys = g.Reflect.ownKeys;
export const deleteProperty = g.Reflect.deleteProperty;
export const reflectGet = g.Reflect.get;

/** `method(self, …args)` for a prototype method, without Function.prototype.call. */
export function uncurry<A extends unknown[], R>(fn: (...args: A) => R): (self: unknown, ...args: A) => R {
  return (self, ...args) => apply(fn, self, args);
}

export const defineProperty = g.Object.defineProperty;
export const freeze = g.Object.freeze;
export const hasOwn = g.Object.hasOwn;
export const create = g.Object.create;
export const getPrototypeOf = g.Object.getPrototypeOf;
export const setPrototypeOf = g.Object.setPrototypeOf;
export const getOwnPropertyDescriptor = g.Object.getOwnPropertyDescriptor;
export const isArray = g.Array.isArray;
export const fromCharCode = g.String.fromCharCode;
export const fromCodePoint = g.String.fromCodePoint;
export const abs = g.Math.abs;
export const trunc = g.Math.trunc;
export const parseInt = g.parseInt;

export const charCodeAt = uncurry(g.String.prototype.charCodeAt);
export const stringIncludes = uncurry(g.String.prototype.includes as (search: string, position?: number) => boolean);
export const padStart = uncurry(g.String.prototype.padStart as (maxLength: number, fillString?: string) => string);
export const repeat = uncurry(g.String.prototype.repeat);
export const normalize = uncurry(g.String.prototype.normalize as (form: string) => string);
export const arrayIncludes = uncurry(g.Array.prototype.includes as (search: unknown, fromIndex?: number) => boolean);
export const numberToString = uncurry(g.Number.prototype.toString);

export const Map = g.Map;
export type Map<K, V> = globalThis.Map<K, V>;
export const Set = g.Set;
export type Set<T> = globalThis.Set<T>;
export const RegExp = g.RegExp;
export type RegExp = globalThis.RegExp;
export const Proxy = g.Proxy;
export const Symbol = g.Symbol;
export const BigInt = g.BigInt;
export const DateTimeFormat = g.Intl.DateTimeFormat;
export type DateTimeFormat = Intl.DateTimeFormat;
export const Error = g.Error;
export type Error = globalThis.Error;
export const TypeError = g.TypeError;
export const RangeError = g.RangeError;
export const SyntaxError = g.SyntaxError;
export const EvalError = g.EvalError;
