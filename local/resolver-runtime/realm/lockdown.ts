// Freezes everything resolver code can reach, once per sandbox, after the AppSync globals are installed.
// Many bundles share one sandbox and each invocation gets a fresh module instance, so frozen shared
// objects are what keeps one evaluation from leaving anything behind for the next (a patched
// Array.prototype.map, a global, a replaced util.time). Modelled on SES's lockdown, reduced to what
// APPSYNC_JS exposes; a library is not used because SES's shims assume a full host (timers, modules).

import { SUPPORTED_BUILTINS, OTHER_GLOBALS, isKept, type Kept } from './supported-builtins.js';
import { defineProperty, deleteProperty, hasOwn, EvalError, freeze, getOwnPropertyDescriptor, getPrototypeOf, Map, ownKeys, Set, Symbol, TypeError } from './intrinsics.js';

type AnyObject = Record<PropertyKey, unknown>;

/** Code generation from strings: the same EvalError V8 throws in a context that disallows it. */
function refuseCodeGeneration(): void {
  const refuse = function Function(): never {
    throw new EvalError('Code generation from strings disallowed for this context');
  };
  const g = globalThis as unknown as AnyObject;
  const constructors = [
    Function,
    getPrototypeOf(function* () {}).constructor,
    getPrototypeOf(async function () {}).constructor,
    getPrototypeOf(async function* () {}).constructor,
  ] as ((...args: unknown[]) => unknown)[];
  for (const ctor of constructors) {
    const safe = function Function(): never {
      return refuse();
    };
    // `instanceof Function` keeps working: the stand-in shares the real prototype.
    defineProperty(safe, 'prototype', { value: ctor.prototype });
    defineProperty(ctor.prototype, 'constructor', { value: safe, writable: false, enumerable: false, configurable: false });
    if (ctor === Function) g.Function = safe;
  }
  g.eval = function evaluate(): never {
    return refuse();
  };
}

/**
 * The "override mistake": on a frozen prototype, `err.name = 'X'` or `obj.toString = f` would throw in
 * strict code though the object itself is writable. Turn the commonly shadowed data properties into
 * accessors whose setter defines the property on the instance instead.
 */
function allowShadowing(proto: object, keys: readonly PropertyKey[]): void {
  for (const key of keys) {
    const desc = getOwnPropertyDescriptor(proto, key);
    if (!desc || !('value' in desc) || !desc.writable) continue;
    const value: unknown = desc.value;
    defineProperty(proto, key, {
      get() {
        return value;
      },
      set(this: unknown, next: unknown) {
        if (this === proto) throw new TypeError(`Cannot assign to read only property '${String(key)}' of object`);
        defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable === true,
      configurable: false,
    });
  }
}

/** Intrinsics no global property leads to, reached the way resolver code could reach them. */
function hiddenIntrinsics(): unknown[] {
  const proto = getPrototypeOf as (o: unknown) => unknown;
  const gen = function* () {};
  const asyncGen = async function* () {};
  return [
    proto([][Symbol.iterator]()),
    proto(proto([][Symbol.iterator]())),
    proto(new Map().entries()),
    proto(new Set().values()),
    proto(''[Symbol.iterator]()),
    proto(/x/[Symbol.matchAll]('')),
    gen,
    proto(gen),
    proto(gen()),
    asyncGen,
    proto(asyncGen),
    proto(asyncGen()),
    proto(async function () {}),
  ];
}

function harden(roots: unknown[]): void {
  const seen = new Set<unknown>();
  const stack = roots.slice();
  while (stack.length) {
    const o = stack.pop();
    if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
    seen.add(o);
    freeze(o);
    stack.push(getPrototypeOf(o));
    for (const key of ownKeys(o)) {
      const desc = getOwnPropertyDescriptor(o, key);
      if (!desc) continue;
      if ('value' in desc) stack.push(desc.value);
      else stack.push(desc.get, desc.set);
    }
  }
}

/**
 * Deletes an own property that must go. V8 adds some that cannot be deleted but stay writable, e.g. the
 * global `gc` of a process started with --expose-gc: emptied and made read-only instead, so resolver
 * code finds nothing to call there (`typeof gc` is "undefined"). Anything else is a bug in the table.
 */
function remove(o: object, key: PropertyKey, what: string): void {
  if (deleteProperty(o, key)) return;
  const desc = getOwnPropertyDescriptor(o, key);
  if (desc && 'value' in desc && desc.writable && defineProperty(o, key, { value: undefined, writable: false })) return;
  throw new TypeError(`lockdown: cannot remove ${what}`);
}

function keepOnly(o: object, kept: Kept, what: string): void {
  for (const key of ownKeys(o)) {
    if (typeof key !== 'string' || isKept(kept, key)) continue;
    // ECMAScript makes the numeric constants (Number.MAX_VALUE, Math.PI, …) non-deletable; they stay,
    // frozen, as values: nothing of them can be called.
    const desc = getOwnPropertyDescriptor(o, key)!;
    if (!desc.configurable && 'value' in desc && typeof desc.value !== 'function') continue;
    remove(o, key, `${what}.${key}`);
  }
}

/**
 * Removes what APPSYNC_JS does not have (supported-builtins.ts): every global but the listed ones, and
 * every own property of the listed built-ins and their prototypes the table does not keep. Code the
 * static check cannot see through (a value of unknown type) then fails as on AppSync: "… is not a
 * function" / "… is not defined". Returns the removed globals (the realm still uses some, hardened too).
 */
function removeUnsupported(): unknown[] {
  const g = globalThis as unknown as AnyObject;
  const byName: AnyObject = {};
  for (const name of ownKeys(SUPPORTED_BUILTINS)) byName[name] = g[name];
  const keptGlobals = new Set<PropertyKey>(OTHER_GLOBALS.map((x) => x.name));
  const removed: unknown[] = [];
  for (const name of ownKeys(SUPPORTED_BUILTINS) as (keyof typeof SUPPORTED_BUILTINS)[]) {
    const rule = SUPPORTED_BUILTINS[name];
    if (rule.global) keptGlobals.add(name);
    const builtin = byName[name] as AnyObject;
    keepOnly(builtin, rule.statics, name);
    // Function's global is the stand-in; the prototype of every function is the real one.
    const proto = name === 'Function' ? getPrototypeOf(() => undefined) : builtin.prototype;
    if (!('prototype' in rule)) continue;
    keepOnly(proto as object, rule.prototype, `${name}.prototype`);
    // A method removed here must not be found one step up either: `[1].toString()` would otherwise reach
    // Object.prototype.toString and work where AppSync has no Array.prototype.toString.
    if (name === 'Object') continue;
    for (const key of SUPPORTED_BUILTINS.Object.prototype.only) {
      if (!isKept(rule.prototype, key) && !hasOwn(proto as object, key)) defineProperty(proto, key, { value: undefined, writable: false, enumerable: false, configurable: false });
    }
  }
  for (const key of ownKeys(g)) {
    if (keptGlobals.has(key)) continue;
    removed.push(g[key as string]);
    remove(g, key, String(key));
  }
  return removed;
}

export function lockdown(): void {
  const global = globalThis;
  refuseCodeGeneration();
  const hidden = hiddenIntrinsics();
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
    allowShadowing(E.prototype, ['name', 'message', 'constructor', 'toString']);
  }
  // Promise, call/apply/bind, WebAssembly, SharedArrayBuffer and Atomics go with everything else
  // supported-features.html does not list.
  const removed = removeUnsupported();
  allowShadowing(Object.prototype, ownKeys(Object.prototype));
  allowShadowing(getPrototypeOf(() => undefined) as object, ['constructor']);
  harden([global, ...hidden, ...removed]);
}
