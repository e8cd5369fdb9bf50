// Freezes everything resolver code can reach, once per sandbox, after the AppSync globals are installed.
// Many bundles share one sandbox and each invocation gets a fresh module instance, so frozen shared
// objects are what keeps one evaluation from leaving anything behind for the next (a patched
// Array.prototype.map, a global, a replaced util.time). Modelled on SES's lockdown, reduced to what
// APPSYNC_JS exposes; a library is not used because SES's shims assume a full host (timers, modules).

type AnyObject = Record<PropertyKey, unknown>;

/** Code generation from strings: the same EvalError V8 throws in a context that disallows it. */
function refuseCodeGeneration(): void {
  const refuse = function Function(): never {
    throw new EvalError('Code generation from strings disallowed for this context');
  };
  const g = globalThis as unknown as AnyObject;
  const constructors = [
    Function,
    Object.getPrototypeOf(function* () {}).constructor,
    Object.getPrototypeOf(async function () {}).constructor,
    Object.getPrototypeOf(async function* () {}).constructor,
  ] as ((...args: unknown[]) => unknown)[];
  for (const ctor of constructors) {
    const safe = function Function(): never {
      return refuse();
    };
    // `instanceof Function` keeps working: the stand-in shares the real prototype.
    Object.defineProperty(safe, 'prototype', { value: ctor.prototype });
    Object.defineProperty(ctor.prototype, 'constructor', { value: safe, writable: false, enumerable: false, configurable: false });
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
    const desc = Object.getOwnPropertyDescriptor(proto, key);
    if (!desc || !('value' in desc) || !desc.writable) continue;
    const value: unknown = desc.value;
    Object.defineProperty(proto, key, {
      get() {
        return value;
      },
      set(this: unknown, next: unknown) {
        if (this === proto) throw new TypeError(`Cannot assign to read only property '${String(key)}' of object`);
        Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable === true,
      configurable: false,
    });
  }
}

/** Intrinsics no global property leads to, reached the way resolver code could reach them. */
function hiddenIntrinsics(): unknown[] {
  const proto = Object.getPrototypeOf as (o: unknown) => unknown;
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
    Object.freeze(o);
    stack.push(Object.getPrototypeOf(o));
    for (const key of Reflect.ownKeys(o)) {
      const desc = Object.getOwnPropertyDescriptor(o, key);
      if (!desc) continue;
      if ('value' in desc) stack.push(desc.value);
      else stack.push(desc.get, desc.set);
    }
  }
}

export function lockdown(): void {
  refuseCodeGeneration();
  // Not part of APPSYNC_JS, and each is a way to compile code or block a thread outside the limits.
  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics']) delete (globalThis as unknown as AnyObject)[name];
  // APPSYNC_JS has neither (supported-features.html: "The apply, bind, and call methods not are supported",
  // "promises are not supported"): code the static check cannot see through (a value of unknown type)
  // fails here at run time with "… is not a function" / "Promise is not defined".
  for (const name of ['apply', 'bind', 'call']) delete (Function.prototype as unknown as AnyObject)[name];
  delete (globalThis as unknown as AnyObject).Promise;
  allowShadowing(Object.prototype, Reflect.ownKeys(Object.prototype));
  allowShadowing(Function.prototype, ['toString', 'constructor']);
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]) {
    allowShadowing(E.prototype, ['name', 'message', 'constructor', 'toString']);
  }
  harden([globalThis, ...hiddenIntrinsics()]);
}
