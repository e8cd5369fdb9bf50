// Evaluates many APPSYNC_JS expressions through the real sandbox (lint, rewrite, vm context) with as
// few module loads as the 32,768-character limit allows, one exported handler per expression.
import { loadCode, type HandlerResult } from '../../../local/appsync/index.js';

const HEADER = "import { util, runtime, extensions } from '@aws-appsync/utils';\nimport * as ddb from '@aws-appsync/utils/dynamodb';\n";

export async function evaluateExpressions(exprs: string[], ctx: Record<string, unknown> = {}): Promise<HandlerResult[]> {
  const results: HandlerResult[] = [];
  let chunk: string[] = [];
  const flush = () => {
    if (!chunk.length) return;
    const body = chunk.map((e, i) => `export function c${i}(ctx) {\n  return ${e};\n}\n`).join('');
    const mod = loadCode(HEADER + body);
    chunk.forEach((_e, i) => results.push(mod.invoke(`c${i}`, ctx)));
    chunk = [];
  };
  let size = HEADER.length;
  for (const e of exprs) {
    const len = e.length + 40;
    if (size + len > 30_000) {
      flush();
      size = HEADER.length;
    }
    chunk.push(e);
    size += len;
  }
  flush();
  return results;
}
