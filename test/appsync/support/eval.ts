// Evaluates many APPSYNC_JS expressions through the real sandbox (lint, rewrite, isolate) with as
// few module loads as the 32,768-character limit allows, one exported handler per expression.
import { loadCode, type HandlerResult } from '../../../local/resolver-runtime/index.js';

const HEADER = "import { util, runtime, extensions } from '@aws-appsync/utils';\nimport * as ddb from '@aws-appsync/utils/dynamodb';\n";

export async function evaluateExpressions(exprs: string[], ctx: Record<string, unknown> = {}): Promise<HandlerResult[]> {
  const results: HandlerResult[] = [];
  let chunk: string[] = [];
  const flush = async () => {
    if (!chunk.length) return;
    const body = chunk.map((e, i) => `export function c${i}(ctx) {\n  return ${e};\n}\n`).join('');
    const mod = await loadCode(HEADER + body);
    for (let i = 0; i < chunk.length; i++) results.push(await mod.invoke(`c${i}`, ctx));
    mod.release();
    chunk = [];
  };
  let size = HEADER.length;
  for (const e of exprs) {
    const len = e.length + 40;
    if (size + len > 30_000) {
      await flush();
      size = HEADER.length;
    }
    chunk.push(e);
    size += len;
  }
  await flush();
  return results;
}
