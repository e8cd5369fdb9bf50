// What of ECMAScript's built-ins APPSYNC_JS 1.0.0 has: the one table the realm's removal derives from
// (lockdown.ts removes every other global and every other own property of the built-ins below, once per
// isolate) and the conformance suite checks against (test/appsync/conformance-builtins.test.ts).
// A method AppSync has not implemented is simply absent there, so calling it fails at run time with
// "… is not a function", a TypeError reported as a Code error; the static check refuses the ones
// @aws-appsync/eslint-plugin's no-disallowed-methods lists where the receiver's type is known.

export const FEATURES = 'https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html';
export const LINT_DISALLOWED = '@aws-appsync/eslint-plugin@2.0.2 lib/rules/no-disallowed-methods.js (DENIED_METHODS)';

/** Own properties kept: exactly these names, or every name but these. */
export type Kept = { only: readonly string[] } | { except: readonly string[] };

export interface BuiltinRule {
  /** Whether resolver code can name it as a global. Built-ins without one stay reachable only as listed (`true.constructor`). */
  global: boolean;
  /** The constructor's or namespace object's own properties. */
  statics: Kept;
  /** Its prototype's own properties (constructors). */
  prototype?: Kept;
  source: string;
}

/**
 * Kept on every built-in whatever the table says: the language reads them itself (`new`, `instanceof`,
 * `.length` of strings and arrays, species lookup), and symbol-keyed properties (Symbol.iterator for
 * for-of and spread, Symbol.toPrimitive for coercion) can't be named by resolver code, which has no `Symbol`.
 */
export const LANGUAGE_INTERNALS: readonly string[] = ['constructor', 'length', 'name', 'prototype'];

export const SUPPORTED_BUILTINS = {
  Object: {
    global: true,
    statics: { only: ['assign', 'entries', 'hasOwn', 'keys', 'values'] },
    // toString/valueOf: ECMAScript's OrdinaryToPrimitive calls them for `${obj}` and `'' + obj`.
    prototype: { only: ['toString', 'valueOf'] },
    source: `${FEATURES} (Primitive objects: Object)`,
  },
  String: {
    global: true,
    statics: { only: ['raw'] },
    prototype: {
      only: ['charAt', 'concat', 'endsWith', 'indexOf', 'lastIndexOf', 'replace', 'replaceAll', 'slice', 'split', 'startsWith', 'toLowerCase', 'toUpperCase', 'trim', 'trimEnd', 'trimStart'],
    },
    source: `${FEATURES} (Primitive objects: String)`,
  },
  Number: {
    global: true,
    statics: { only: ['isFinite', 'isNaN'] },
    prototype: { only: [] },
    source: `${FEATURES} (Primitive objects: Number)`,
  },
  Math: {
    global: true,
    statics: { only: ['random', 'min', 'max', 'round', 'floor', 'ceil'] },
    source: `${FEATURES} (Built-in objects and functions: Math)`,
  },
  Array: {
    global: true,
    statics: { only: [] },
    prototype: {
      only: [
        'concat', 'fill', 'flat', 'indexOf', 'join', 'lastIndexOf', 'pop', 'push', 'reverse', 'shift', 'slice', 'sort', 'splice', 'unshift',
        'forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'find', 'some', 'every', 'findIndex', 'findLast', 'findLastIndex',
      ],
    },
    source: `${FEATURES} (Built-in objects and functions: Array)`,
  },
  JSON: {
    global: true,
    statics: { only: ['parse', 'stringify'] },
    source: `${FEATURES} (Built-in objects and functions: JSON)`,
  },
  // The page has no Date section; the plugin names which Date methods AppSync has not implemented.
  Date: {
    global: true,
    statics: { except: [] },
    prototype: {
      except: [
        'setDate', 'setFullYear', 'setHours', 'setMilliseconds', 'setMinutes', 'setMonth', 'setSeconds', 'setTime',
        'setUTCDate', 'setUTCFullYear', 'setUTCHours', 'setUTCMilliseconds', 'setUTCMinutes', 'setUTCMonth', 'setUTCSeconds', 'setYear',
        'toGMTString', 'toLocaleDateString', 'toLocaleString', 'toLocaleTimeString',
      ],
    },
    source: LINT_DISALLOWED,
  },
  // The global is lockdown's refusing stand-in (Function constructors are not supported); functions keep no methods.
  Function: {
    global: true,
    statics: { only: [] },
    prototype: { only: [] },
    source: `${FEATURES} (Built-in objects and functions: Function: "The apply, bind, and call methods not are supported", "Function constructors are not supported")`,
  },
  // Reachable without a global through literals (`true.constructor`, `1n.constructor`); no methods are listed.
  Boolean: { global: false, statics: { only: [] }, prototype: { only: [] }, source: `${FEATURES} (Core features: Types)` },
  BigInt: { global: false, statics: { only: [] }, prototype: { only: [] }, source: `${FEATURES} (Core features: Types)` },
} as const satisfies Record<string, BuiltinRule>;

export type SupportedBuiltin = keyof typeof SUPPORTED_BUILTINS;

/**
 * Globals resolver code has besides the built-ins above with `global: true`; every other global
 * (Promise, RegExp, Map, Set, Symbol, Reflect, Proxy, Intl, parseInt, the Error constructors, globalThis, …)
 * is removed. `eval` stays as lockdown's refusing stand-in, like `Function`.
 */
export const OTHER_GLOBALS: readonly { name: string; source: string }[] = [
  { name: 'NaN', source: `${FEATURES} (Globals)` },
  { name: 'Infinity', source: `${FEATURES} (Globals)` },
  { name: 'undefined', source: `${FEATURES} (Globals)` },
  { name: 'util', source: `${FEATURES} (Globals)` },
  { name: 'extensions', source: `${FEATURES} (Globals)` },
  { name: 'runtime', source: `${FEATURES} (Globals)` },
  { name: 'console', source: `${FEATURES} (Built-in objects and functions: Console)` },
  { name: 'eval', source: `${FEATURES} (Function constructors are not supported: refusing stand-in)` },
];

/** Whether `key` stays on an object governed by `kept`. */
export function isKept(kept: Kept, key: string): boolean {
  if (LANGUAGE_INTERNALS.indexOf(key) >= 0) return true;
  return 'only' in kept ? kept.only.indexOf(key) >= 0 : kept.except.indexOf(key) < 0;
}
