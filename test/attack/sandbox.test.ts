// Hostile resolver code against the shared stack, sent as anyone holding the stack's IAM key would send
// it: EvaluateCode through the unmodified AWS SDK. Each class must end in AppSync's error for that
// evaluation and leave the stack serving everyone else: no escape to Node (process, env, files), no
// crash (rejected promises, import()), no freeze (regex backtracking, huge allocations, endless loops).
import { AppSyncClient, EvaluateCodeCommand, type EvaluateCodeCommandOutput } from '@aws-sdk/client-appsync';
import { describe, expect, it } from 'vitest';
import { gql, newUser, outputs } from '../support/stack.js';

let client: AppSyncClient | undefined;
function appsync(): AppSyncClient {
  const o = outputs();
  client ??= new AppSyncClient({ endpoint: new URL(o.graphql!.url).origin, region: o.region, credentials: o.iam });
  return client;
}

async function evaluate(body: string): Promise<EvaluateCodeCommandOutput> {
  const code = `import { util } from '@aws-appsync/utils';\nexport function request(ctx) {\n${body}\n}\nexport function response(ctx) { return ctx.result; }\n`;
  return appsync().send(new EvaluateCodeCommand({ runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, context: '{"arguments":{}}', function: 'request' }));
}

/**
 * A trivial evaluation and a signed-in GraphQL read sent while `hostile` runs: both must be answered,
 * and before the hostile evaluation ends (or, on a machine too busy to tell, within 3 s).
 */
async function servedDuring(hostile: Promise<unknown>): Promise<void> {
  const user = await newUser('bystander');
  let hostileEndedAt = Infinity;
  void hostile.finally(() => {
    hostileEndedAt = performance.now();
  });
  const bystander = async <T>(run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await run();
    const ended = performance.now();
    expect(ended < hostileEndedAt || ended - started < 3_000, `answered while the hostile evaluation ran (${Math.round(ended - started)} ms)`).toBe(true);
    return out;
  };
  const [simple, me] = await Promise.all([bystander(() => evaluate('return 1 + 1;')), bystander(() => gql<{ me: { userId: string } }>(user, '{ me { userId } }'))]);
  expect(JSON.parse(simple.evaluationResult!)).toBe(2);
  expect(me.data?.me.userId).toBe(user.sub);
  await hostile;
}

describe('sandbox escape', () => {
  it.each([
    // (globalThis and the Error constructors are not there: the realm keeps only what AWS lists)
    ['an array’s constructor chain', `[].constructor.constructor`],
    ['a function’s constructor', `(() => 0).constructor`],
    ['a built-in’s constructor chain', `util.time.nowISO8601.constructor`],
    // (not through Object.getPrototypeOf: AWS's lint refuses that method at load, before anything runs)
    ['ctx’s constructor chain', `ctx.constructor.constructor`],
  ])('%s reaches no Node process, environment or secret', async (_label, chain) => {
    const out = await evaluate(`const p = ${chain}('return process')(); return [typeof p, JSON.stringify(p.env)];`);
    expect(out.evaluationResult).toBeUndefined();
    // Refused either way: code generation is off, or the chain no longer leads to a Function constructor.
    expect(out.error?.message).toMatch(/EvalError: Code generation from strings disallowed|process is not defined|is not a function/);
    expect(JSON.stringify(out)).not.toContain(outputs().iam.secretAccessKey);
  });

  it('the host’s modules, timers and compilers are not there to reach', async () => {
    const out = await evaluate(`return [typeof process, typeof require, typeof Buffer, typeof setTimeout, typeof fetch, typeof WebAssembly, typeof SharedArrayBuffer, typeof Atomics].join();`);
    expect(out.error).toBeUndefined();
    expect(JSON.parse(out.evaluationResult!)).toBe(Array(8).fill('undefined').join());
  });
});

describe('crash', () => {
  it.each([
    ['a rejected promise', `Promise.reject(new Error('boom')); return 1;`],
    ['a dynamic import', `import('node:child_process'); return 1;`],
    ['a promise job that throws', `Promise.resolve(1).then(() => { return undefined.x; }); return 1;`],
  ])('%s ends that evaluation only; the stack keeps serving', async (_label, body) => {
    const out = await evaluate(body).catch((e: Error) => e);
    // Either AppSync's error for the evaluation or a refusal of the code: never a dead endpoint.
    expect(out).toBeDefined();
    await servedDuring(Promise.resolve());
  });
});

describe('freeze', () => {
  it('catastrophic regex backtracking is stopped by the wall clock while others are served', async () => {
    const started = performance.now();
    // 27 × 'a' + 'b' written out: String.prototype.repeat is refused at load by AWS's lint (no-disallowed-methods)
    const hostile = evaluate(`return util.matches('(a+)+', '${'a'.repeat(27)}b');`);
    await servedDuring(hostile);
    const out = await hostile;
    expect(out.error?.message).toBe('Execution timed out.');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a huge allocation hits the memory cap, not the machine, while others are served', async () => {
    const hostile = evaluate(`const parts = []; for (const i of Array(4096).fill(0)) { parts.push(Array(1 << 20).fill(i)); } return parts.length;`);
    await servedDuring(hostile);
    const out = await hostile;
    expect(out.evaluationResult).toBeUndefined();
    expect(out.error?.message).toMatch(/memory limit|Execution timed out/);
    // The next evaluation runs in a fresh isolate.
    expect(JSON.parse((await evaluate('return [1, 2].length;')).evaluationResult!)).toBe(2);
  });

  it('an endless loop ends in the timeout error while others are served', async () => {
    const hostile = evaluate(`const a = [1]; for (const x of a) { a.push(x); } return a.length;`);
    await servedDuring(hostile);
    expect((await hostile).error?.message).toBe('Execution timed out.');
  });
});
