// The built-ins APPSYNC_JS 1.0.0 has, as local/resolver-runtime/realm/supported-builtins.ts lists them (each
// entry citing its page), checked against the real sandbox:
//  [features] https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html
//  [lint]     @aws-appsync/eslint-plugin@2.0.2 lib/rules/no-disallowed-methods.js (type-aware, recommended config)
//  [#328]     https://github.com/aws/aws-appsync-community/issues/328 (a run-time exception is a "Code" error "code.js:L:C: …")
// What AppSync has not implemented is absent there: a call fails with "… is not a function" at run time,
// and the static check refuses the methods [lint] lists where TypeScript knows the receiver's type.
// Receivers written `(ctx.args.none ?? X)` have no static type, as a value from the request would not.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAndPrepare, evaluateCode } from '../../local/resolver-runtime/index.js';
import { FEATURES, OTHER_GLOBALS, SUPPORTED_BUILTINS, isKept, type Kept, type SupportedBuiltin } from '../../local/resolver-runtime/realm/supported-builtins.js';
import { evaluateExpressions } from './support/eval.js';

const LINT = '[lint] no-disallowed-methods';
const unknown = (expr: string) => `(ctx.args.none ?? ${expr})`;

// ---- The table, read against this V8's built-ins --------------------------------------------------------

/**
 * The host's copy of each built-in (same V8 as the isolates) and how resolver code reaches it and its
 * prototype. `Function` itself is lockdown's refusing stand-in and may not be named (lint-rules.mjs):
 * Function.prototype is read through a function, whose own properties are only length and name.
 */
const HOST: Record<SupportedBuiltin, { host: object; statics?: string; prototype?: string }> = {
  Object: { host: Object, statics: 'Object', prototype: 'Object.prototype' },
  String: { host: String, statics: 'String', prototype: 'String.prototype' },
  Number: { host: Number, statics: 'Number', prototype: 'Number.prototype' },
  Math: { host: Math, statics: 'Math' },
  Array: { host: Array, statics: 'Array', prototype: 'Array.prototype' },
  JSON: { host: JSON, statics: 'JSON' },
  Date: { host: Date, statics: 'Date', prototype: 'Date.prototype' },
  Function: { host: Function, prototype: 'util.time.nowISO8601' },
  Boolean: { host: Boolean, statics: 'true.constructor', prototype: 'true.constructor.prototype' },
  BigInt: { host: BigInt, statics: '(1n).constructor', prototype: '(1n).constructor.prototype' },
};

interface Member {
  builtin: SupportedBuiltin;
  /** How resolver code names the object, e.g. `String.prototype`. */
  owner: string;
  name: string;
  hostType: string;
  kind: 'kept' | 'constant' | 'removed';
}

function members(builtin: SupportedBuiltin, owner: string, host: object, kept: Kept): Member[] {
  return Object.getOwnPropertyNames(host).map((name) => {
    const desc = Object.getOwnPropertyDescriptor(host, name)!;
    const constant = !desc.configurable && 'value' in desc && typeof desc.value !== 'function';
    const hostType = 'value' in desc ? typeof desc.value : 'accessor';
    return { builtin, owner, name, hostType, kind: isKept(kept, name) ? 'kept' : constant ? 'constant' : 'removed' };
  });
}

const allMembers: Member[] = (Object.keys(SUPPORTED_BUILTINS) as SupportedBuiltin[]).flatMap((b) => {
  const rule = SUPPORTED_BUILTINS[b] as { statics: Kept; prototype?: Kept };
  const { host, statics, prototype } = HOST[b];
  const out = statics ? members(b, statics, host, rule.statics) : [];
  if (rule.prototype && prototype) out.push(...members(b, prototype, (host as { prototype: object }).prototype, rule.prototype));
  return out;
});
const removed = allMembers.filter((m) => m.kind === 'removed');
const keptMembers = allMembers.filter((m) => m.kind !== 'removed');

/** Globals resolver code keeps; every other global of this V8/Node is expected to be undefined in the sandbox. */
const keptGlobals = new Set([...OTHER_GLOBALS.map((g) => g.name), ...Object.keys(SUPPORTED_BUILTINS).filter((b) => SUPPORTED_BUILTINS[b as SupportedBuiltin].global)]);
// Refused statically by name (lint-rules.mjs): `typeof Promise`/`RegExp` never reaches the run time.
const STATICALLY_REFUSED_GLOBALS = new Set(['Promise', 'RegExp', 'Function', 'eval']);
const removedGlobals = Object.getOwnPropertyNames(globalThis).filter((g) => /^[A-Za-z_$][\w$]*$/.test(g) && !keptGlobals.has(g) && !STATICALLY_REFUSED_GLOBALS.has(g));

// ---- Every method the page lists still works (literal receivers: the static check accepts them too) ---------

type Sample = [expr: string, expected: unknown];
const SAMPLES: Record<string, Sample> = {
  'Object.assign': ['Object.assign({ a: 1 }, { b: 2 })', { a: 1, b: 2 }],
  'Object.entries': ['Object.entries({ a: 1, b: "x" })', [['a', 1], ['b', 'x']]],
  'Object.hasOwn': ['[Object.hasOwn({ a: 1 }, "a"), Object.hasOwn({ a: 1 }, "b")]', [true, false]],
  'Object.keys': ['Object.keys({ a: 1, b: 2 })', ['a', 'b']],
  'Object.values': ['Object.values({ a: 1, b: 2 })', [1, 2]],
  'Object.prototype.toString': ['`${{ a: 1 }}`', '[object Object]'],
  'Object.prototype.valueOf': ['({ a: 1 }).valueOf().a', 1],
  'String.raw': ['String.raw`a\\n${1}`', 'a\\n1'],
  'String.prototype.charAt': ['"abc".charAt(1)', 'b'],
  'String.prototype.concat': ['"a".concat("b", "c")', 'abc'],
  'String.prototype.endsWith': ['["abc".endsWith("bc"), "abc".endsWith("b")]', [true, false]],
  'String.prototype.indexOf': ['"abcb".indexOf("b")', 1],
  'String.prototype.lastIndexOf': ['"abcb".lastIndexOf("b")', 3],
  'String.prototype.replace': ['"aaa".replace("a", "b")', 'baa'],
  'String.prototype.replaceAll': ['"aaa".replaceAll("a", "b")', 'bbb'],
  'String.prototype.slice': ['"abcdef".slice(1, -1)', 'bcde'],
  'String.prototype.split': ['"a,b,c".split(",")', ['a', 'b', 'c']],
  'String.prototype.startsWith': ['"abc".startsWith("ab")', true],
  'String.prototype.toLowerCase': ['"AbC".toLowerCase()', 'abc'],
  'String.prototype.toUpperCase': ['"AbC".toUpperCase()', 'ABC'],
  'String.prototype.trim': ['" a ".trim()', 'a'],
  'String.prototype.trimEnd': ['" a ".trimEnd()', ' a'],
  'String.prototype.trimStart': ['" a ".trimStart()', 'a '],
  'Number.isFinite': ['[Number.isFinite(1), Number.isFinite(1 / 0)]', [true, false]],
  'Number.isNaN': ['[Number.isNaN(0 / 0), Number.isNaN(1)]', [true, false]],
  'Math.random': ['Math.random() >= 0 && Math.random() < 1', true],
  'Math.min': ['Math.min(3, 1, 2)', 1],
  'Math.max': ['Math.max(3, 1, 2)', 3],
  'Math.round': ['Math.round(2.5)', 3],
  'Math.floor': ['Math.floor(-1.5)', -2],
  'Math.ceil': ['Math.ceil(1.2)', 2],
  'Array.prototype.concat': ['[1].concat([2], 3)', [1, 2, 3]],
  'Array.prototype.fill': ['[0, 0, 0].fill(7, 1)', [0, 7, 7]],
  'Array.prototype.flat': ['[[1, [2]], 3].flat()', [1, [2], 3]],
  'Array.prototype.indexOf': ['[1, 2, 1].indexOf(1, 1)', 2],
  'Array.prototype.join': ['[1, "a", 2].join("-")', '1-a-2'],
  'Array.prototype.lastIndexOf': ['[1, 2, 1].lastIndexOf(1)', 2],
  'Array.prototype.pop': ['[1, 2, 3].pop()', 3],
  'Array.prototype.push': ['[1].push(2, 3)', 3],
  'Array.prototype.reverse': ['[1, 2, 3].reverse()', [3, 2, 1]],
  'Array.prototype.shift': ['[1, 2].shift()', 1],
  'Array.prototype.slice': ['[1, 2, 3, 4].slice(1, 3)', [2, 3]],
  'Array.prototype.sort': ['[10, 9, 1].sort()', [1, 10, 9]],
  'Array.prototype.splice': ['[1, 2, 3].splice(1, 1)', [2]],
  'Array.prototype.unshift': ['[1].unshift(0)', 2],
  'Array.prototype.forEach': ['[1, 2].forEach((x) => x)', undefined],
  'Array.prototype.map': ['[1, 2].map((x) => x * 2)', [2, 4]],
  'Array.prototype.flatMap': ['[1, 2].flatMap((x) => [x, x])', [1, 1, 2, 2]],
  'Array.prototype.filter': ['[1, 2, 3].filter((x) => x > 1)', [2, 3]],
  'Array.prototype.reduce': ['[1, 2, 3].reduce((s, x) => s + x, 0)', 6],
  'Array.prototype.reduceRight': ['[1, 2, 3].reduceRight((s, x) => s + x, "")', '321'],
  'Array.prototype.find': ['[1, 2, 3].find((x) => x > 1)', 2],
  'Array.prototype.some': ['[1, 2].some((x) => x > 1)', true],
  'Array.prototype.every': ['[1, 2].every((x) => x > 1)', false],
  'Array.prototype.findIndex': ['[1, 2, 3].findIndex((x) => x > 1)', 1],
  'Array.prototype.findLast': ['[1, 2, 3].findLast((x) => x < 3)', 2],
  'Array.prototype.findLastIndex': ['[1, 2, 3].findLastIndex((x) => x < 3)', 1],
  'JSON.parse': ['JSON.parse(\'{"a":[1]}\')', { a: [1] }],
  'JSON.stringify': ['JSON.stringify({ a: [1, "x"] })', '{"a":[1,"x"]}'],
  // Date: the page has no section; what [lint] does not list stays (a sample of it).
  'Date.UTC': ['Date.UTC(2020, 0, 1)', 1577836800000],
  'Date.parse': ['Date.parse("2020-01-01T00:00:00.000Z")', 1577836800000],
  'Date.prototype.toISOString': ['new Date(1577836800000).toISOString()', '2020-01-01T00:00:00.000Z'],
  'Date.prototype.getUTCFullYear': ['new Date(0).getUTCFullYear()', 1970],
};

/** The names the table lists explicitly (`only`), each of which needs a sample. */
const listed = (Object.keys(SUPPORTED_BUILTINS) as SupportedBuiltin[]).flatMap((b) => {
  const rule = SUPPORTED_BUILTINS[b] as { statics: Kept; prototype?: Kept };
  const names = (k: Kept | undefined, owner: string) => (k && 'only' in k ? k.only.map((n) => `${owner}.${n}`) : []);
  return [...names(rule.statics, b), ...names(rule.prototype, `${b}.prototype`)];
});

// ---- Methods AppSync has not implemented, run where the static check cannot see the type -------------------

/** A sample of removed members, called on a value of unknown type: [expression, the TypeError's callee text]. */
const REMOVED_CALLS: [string, string][] = [
  ['ctx.args.s.padStart(3, "0")', 'ctx.args.s.padStart'],
  ['ctx.args.s.includes("x")', 'ctx.args.s.includes'],
  ['ctx.args.list.includes(1)', 'ctx.args.list.includes'],
  ['ctx.args.list.at(-1)', 'ctx.args.list.at'],
  ['ctx.args.n.toFixed(2)', 'ctx.args.n.toFixed'],
  [`${unknown('Object')}.freeze({})`, '(ctx.args.none ?? Object).freeze'],
  [`${unknown('Array')}.isArray([])`, '(ctx.args.none ?? Array).isArray'],
  [`${unknown('Math')}.abs(-1)`, '(ctx.args.none ?? Math).abs'],
  // V8 names a `new` expression "(intermediate value)" in the message.
  [`${unknown('new Date(0)')}.setFullYear(2000)`, '(ctx.args.none ?? (intermediate value)).setFullYear'],
];

// One method per built-in the plugin has a rule for, refused both ways: statically on a known type, at run time on an unknown one.
const BOTH_WAYS: { method: string; known: string; unknownType: string }[] = [
  { method: 'String.padStart', known: '"7".padStart(3, "0")', unknownType: 'ctx.args.s.padStart(3, "0")' },
  { method: 'Array.keys', known: '[1, 2].keys()', unknownType: 'ctx.args.list.keys()' },
  { method: 'ObjectConstructor.freeze', known: 'Object.freeze({})', unknownType: `${unknown('Object')}.freeze({})` },
  { method: 'Date.setFullYear', known: 'new Date(0).setFullYear(2000)', unknownType: `${unknown('new Date(0)')}.setFullYear(2000)` },
];

/** The plugin's DENIED_METHODS, read from the installed rule, and a receiver of the type each names. */
const RECEIVERS: Record<string, string> = { Array: '[1]', String: '"s"', Date: 'new Date(0)', ObjectConstructor: 'Object' };
const require = createRequire(import.meta.url);

const ruleSource = readFileSync(require.resolve('@aws-appsync/eslint-plugin/lib/rules/no-disallowed-methods.js'), 'utf8');
const denied = [.../const DENIED_METHODS = \[([\s\S]*?)\];/.exec(ruleSource)![1]!.matchAll(/'(\w+)\.(\w+)'/g)].map((m) => ({ iface: m[1]!, method: m[2]! }));

const evaluate = (code: string) => evaluateCode({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, context: JSON.stringify({ arguments: { s: 'x', n: 1.5, list: [1, 2] } }), function: 'request' });
const handler = (body: string) => `export function request(ctx) {\n  return ${body};\n}\nexport function response(ctx) { return ctx.result; }\n`;

// ---- Runs ----------------------------------------------------------------------------------------------------

const CTX = { arguments: { s: 'x', n: 1.5, list: [1, 2] } };
type R = Awaited<ReturnType<typeof evaluateExpressions>>[number];
let absentResults: R[] = [];
let presentResults: R[] = [];
let globalResults: R[] = [];
let sampleResults: R[] = [];
let removedCallResults: R[] = [];
let staticallyDenied: { iface: string; method: string }[] = [];
let deniedResults: R[] = [];

beforeAll(async () => {
  // What the plugin refuses when the receiver's type is known, one call per line.
  const lines = denied.filter((d) => RECEIVERS[d.iface]).map((d) => ({ ...d, line: `  ${RECEIVERS[d.iface]}.${d.method}();` }));
  const r = checkAndPrepare(`export function request(ctx) {\n${lines.map((l) => l.line).join('\n')}\n  return 1;\n}\n`);
  const refused = new Set(r.ok ? [] : r.errors.map((e) => e.location.line - 2));
  staticallyDenied = lines.filter((_, i) => refused.has(i));
  // One batch, so as few bundles as possible go through the (type-aware, slow) static check.
  const access = (m: Member) => `typeof ${unknown(m.owner)}.${m.name}`;
  const groups = [
    removed.map(access),
    keptMembers.map(access),
    removedGlobals.map((g) => `typeof ${g}`),
    Object.values(SAMPLES).map(([e]) => e),
    REMOVED_CALLS.map(([e]) => e),
    staticallyDenied.map((d) => `typeof ${unknown(RECEIVERS[d.iface]!)}.${d.method}`),
  ];
  const all = await evaluateExpressions(groups.flat(), CTX);
  let at = 0;
  const next = (g: string[]) => all.slice(at, (at += g.length));
  const [a, p, g, s, c, d] = groups as [string[], string[], string[], string[], string[], string[]];
  [absentResults, presentResults, globalResults, sampleResults, removedCallResults, deniedResults] = [next(a), next(p), next(g), next(s), next(c), next(d)];
}, 120_000);

describe(`what the table removes is absent at run time — ${FEATURES}`, () => {
  it('the table removes something from every built-in it lists (sanity)', () => {
    expect(new Set(removed.map((m) => m.builtin))).toEqual(new Set(Object.keys(SUPPORTED_BUILTINS).filter((b) => b !== 'JSON')));
    expect(removed.length).toBeGreaterThan(100);
  });
  it('every own property the table does not keep reads as undefined', () => {
    const present = removed.filter((_, i) => absentResults[i]!.k !== 'ok' || absentResults[i]!.v !== 'undefined').map((m) => `${m.owner}.${m.name}`);
    expect(present).toEqual([]);
  });
  it('every global but the listed ones is undefined (Map, Set, Symbol, Reflect, Proxy, Intl, parseInt, the Error constructors, globalThis, …)', () => {
    expect(removedGlobals).toEqual(expect.arrayContaining(['Map', 'Set', 'Symbol', 'Reflect', 'Proxy', 'Intl', 'parseInt', 'Error', 'TypeError', 'globalThis', 'Boolean', 'BigInt']));
    const present = removedGlobals.filter((_, i) => globalResults[i]!.k !== 'ok' || globalResults[i]!.v !== 'undefined');
    expect(present).toEqual([]);
  });
  it('what the table keeps is there, with the same type as in V8 (numeric constants ECMAScript makes non-deletable stay as values)', () => {
    const wrong = keptMembers
      .map((m, i) => ({ m, got: presentResults[i]! }))
      .filter(({ m, got }) => got.k !== 'ok' || got.v !== (m.hostType === 'accessor' ? got.v : m.hostType))
      .map(({ m, got }) => `${m.owner}.${m.name}: ${JSON.stringify(got.v) ?? got.exceptionMessage}`);
    expect(wrong).toEqual([]);
    expect(keptMembers.filter((m) => m.kind === 'constant').every((m) => m.hostType === 'number')).toBe(true);
  });
});

describe(`every method the page lists still works — ${FEATURES}`, () => {
  it('each listed method has a sample here', () => {
    expect(listed.filter((n) => !SAMPLES[n])).toEqual([]);
  });
  const entries = Object.entries(SAMPLES);
  entries.forEach(([name, [expr, expected]], i) => {
    it(`${name}: ${expr}`, () => {
      const r = sampleResults[i]!;
      expect(r.k, r.exceptionMessage).toBe('ok');
      expect(r.v).toEqual(expected);
    });
  });
});

describe(`a removed method fails like AppSync: "… is not a function", a Code error "code.js:L:C: TypeError: …" — ${FEATURES}, [#328]`, () => {
  REMOVED_CALLS.forEach(([expr, callee], i) => {
    it(expr, () => {
      const r = removedCallResults[i]!;
      expect(r.k).toBe('exception');
      expect(r.exceptionMessage).toMatch(new RegExp(`^code\\.js:\\d+:\\d+: TypeError: ${callee.replace(/[.()?]/g, '\\$&')} is not a function$`));
    });
  });
  it('a removed global is not defined: new Map() — ReferenceError', async () => {
    const out = await evaluate(handler('new Map().size'));
    expect(out.error?.message).toMatch(/^code\.js:2:\d+: ReferenceError: Map is not defined$/);
  });
  it('implicit conversion finds no Array.prototype.toString ([lint] Array.toString): "x" + list is a TypeError', async () => {
    const out = await evaluate(handler('"x" + ctx.args.list'));
    expect(out.error?.message).toMatch(/^code\.js:2:\d+: TypeError: Cannot convert object to primitive value$/);
  });
});

describe(`the static check and the run time agree — ${LINT}, ${FEATURES}`, () => {
  for (const c of BOTH_WAYS) {
    it(`${c.method}: refused statically on a known type, absent at run time on an unknown one`, async () => {
      const known = await evaluate(handler(c.known));
      expect(known.evaluationResult).toBeUndefined();
      expect(known.error?.codeErrors?.map((e) => [e.errorType, e.value, e.location.line])).toEqual([['LINT_ERROR', `Method ${c.method} is not implemented`, 2]]);
      const run = await evaluate(handler(c.unknownType));
      expect(run.evaluationResult).toBeUndefined();
      expect(run.error?.codeErrors ?? []).toEqual([]);
      expect(run.error?.message).toMatch(/^code\.js:2:\d+: TypeError: .+ is not a function$/);
    });
  }
  it('every method the plugin refuses on a known type is absent at run time', () => {
    expect(staticallyDenied.map((d) => `${d.iface}.${d.method}`)).toEqual(expect.arrayContaining(['String.padStart', 'Array.keys', 'ObjectConstructor.freeze', 'Date.setFullYear']));
    const present = staticallyDenied.filter((_, i) => deniedResults[i]!.k !== 'ok' || deniedResults[i]!.v !== 'undefined').map((d) => `${d.iface}.${d.method}`);
    expect(present).toEqual([]);
  });
  it('no method the table keeps is one the plugin refuses', () => {
    const keptNames = new Set(keptMembers.filter((m) => m.kind === 'kept').map((m) => `${m.owner.replace(/^(Array|String|Date)\.prototype$/, '$1').replace(/^Object$/, 'ObjectConstructor')}.${m.name}`));
    expect(staticallyDenied.map((d) => `${d.iface}.${d.method}`).filter((n) => keptNames.has(n))).toEqual([]);
  });
});
