// Runs code-check.ts's analysis on a worker thread for code sent over the network (EvaluateCode): the
// TypeScript checker behind AWS's type-aware rules can be made to work for seconds by crafted code, and
// the GraphQL event loop must not wait for it. Plain JavaScript: a worker gets no TypeScript loader from
// its parent, so it loads code-check.ts through tsx's API (a dev dependency, like the lint tools).
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { analyseCode } = await tsImport('./code-check.ts', import.meta.url);
// The first analysis parses TypeScript's lib and warms the checker (seconds on a busy machine): done
// before `ready`, so the per-check budget measures checks only.
analyseCode('export function request(ctx) { return [ctx].map((c) => c); }\n');
parentPort.on('message', ({ id, code }) => {
  let verdict;
  try {
    verdict = analyseCode(code);
  } catch (e) {
    verdict = { ok: false, errors: [{ errorType: 'LINT_ERROR', value: `The code could not be checked: ${e instanceof Error ? e.message : String(e)}`, location: { line: 0, column: 0, span: -1 } }] };
  }
  parentPort.postMessage({ id, verdict });
});
parentPort.postMessage({ ready: true });
