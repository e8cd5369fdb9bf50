// EvaluateCode (AppSync API, POST /v1/dataplane-evaluatecode, rest-json): runs one handler of APPSYNC_JS
// code against a given context, so `@aws-sdk/client-appsync` EvaluateCodeCommand and
// `aws appsync evaluate-code --endpoint-url …` work unmodified against the local stack.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CodeLoadError, TIMEOUT_ERROR, loadCodeCached } from './sandbox.js';
import { MAX_CODE_LENGTH, sizeError, type CodeError } from './code-check.js';

export const EVALUATE_CODE_PATH = '/v1/dataplane-evaluatecode';

/** Limits of the API model (botocore appsync 2017-07-25: Context 2..28000, EvaluationResult ≤ 65536). */
const MAX_CONTEXT_LENGTH = 28_000;
const MAX_RESULT_LENGTH = 65_536;

/** EvaluateCode runs one handler on a small context: a tighter limit than resolvers get. */
export const EVALUATE_CODE_TIMEOUT_MS = 1_000;

export interface EvaluateCodeInput {
  runtime?: { name?: string; runtimeVersion?: string };
  code?: string;
  context?: string;
  function?: string;
}

export interface EvaluateCodeOutput {
  evaluationResult?: string;
  error?: { message: string; codeErrors?: CodeError[] };
  logs: string[];
  stash?: string;
  outErrors?: string;
}

/** A request AppSync refuses outright (HTTP 400), as opposed to code that evaluates with an error. */
export class EvaluateCodeBadRequest extends Error {
  constructor(
    message: string,
    readonly reason?: 'CODE_ERROR',
    readonly codeErrors?: CodeError[],
  ) {
    super(message);
    this.name = 'BadRequestException';
  }
}

function validate(input: EvaluateCodeInput): { code: string; context: string; fn: 'request' | 'response' } {
  if (!input || typeof input !== 'object') throw new EvaluateCodeBadRequest('The request body must be a JSON object.');
  const { runtime, code, context } = input;
  if (!runtime || runtime.name !== 'APPSYNC_JS')
    throw new EvaluateCodeBadRequest(`Unsupported runtime name ${JSON.stringify(runtime?.name ?? null)}; only APPSYNC_JS is supported.`);
  if (runtime.runtimeVersion !== '1.0.0')
    throw new EvaluateCodeBadRequest(`Unsupported runtime version ${JSON.stringify(runtime.runtimeVersion ?? null)} for APPSYNC_JS; only 1.0.0 is supported.`);
  if (typeof code !== 'string' || code.length < 1) throw new EvaluateCodeBadRequest("1 validation error detected: Value at 'code' failed to satisfy constraint: Member must not be null");
  const tooBig = sizeError(code);
  if (tooBig)
    throw new EvaluateCodeBadRequest(
      `1 validation error detected: Value at 'code' failed to satisfy constraint: Member must have length less than or equal to ${MAX_CODE_LENGTH}`,
      'CODE_ERROR',
      [tooBig],
    );
  if (typeof context !== 'string' || context.length < 2 || context.length > MAX_CONTEXT_LENGTH)
    throw new EvaluateCodeBadRequest(
      `1 validation error detected: Value at 'context' failed to satisfy constraint: Member must have length between 2 and ${MAX_CONTEXT_LENGTH}`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(context);
  } catch {
    throw new EvaluateCodeBadRequest('The context is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new EvaluateCodeBadRequest('The context must be a JSON object.');
  const fn = input.function ?? 'request';
  if (fn !== 'request' && fn !== 'response') throw new EvaluateCodeBadRequest(`Unsupported function ${JSON.stringify(fn)}; use request or response.`);
  return { code, context, fn };
}

/** Evaluates like the EvaluateCode API. Throws EvaluateCodeBadRequest for requests AppSync refuses. */
export async function evaluateCode(input: EvaluateCodeInput, timeoutMs = EVALUATE_CODE_TIMEOUT_MS): Promise<EvaluateCodeOutput> {
  const { code, context, fn } = validate(input);
  let loaded;
  try {
    loaded = await loadCodeCached(code, { timeoutMs, pool: 'evaluate' });
  } catch (e) {
    if (e instanceof CodeLoadError) return { error: { message: e.message, codeErrors: e.codeErrors }, logs: [] };
    throw e;
  }
  const out = await loaded.invokeJson(fn, context, timeoutMs);
  const errors = out.errors.map((e) => ({ ...e }));
  const result: EvaluateCodeOutput = { logs: out.logs, stash: JSON.stringify(out.stash ?? {}) };
  switch (out.k) {
    case 'ok':
    case 'early': {
      const text = JSON.stringify(out.v === undefined ? null : out.v);
      if (text.length > MAX_RESULT_LENGTH) result.error = { message: `The evaluation result exceeds ${MAX_RESULT_LENGTH} characters.` };
      else result.evaluationResult = text;
      break;
    }
    case 'error':
      errors.push(out.e!);
      result.error = { message: out.e!.message };
      break;
    case 'exception':
      result.error = { message: out.exceptionMessage ?? 'Error' };
      break;
    case 'timeout':
      result.error = { message: TIMEOUT_ERROR.message };
      break;
    case 'missing':
      result.error = {
        message: `The code does not export a "${fn}" function.`,
        codeErrors: [{ errorType: 'MISSING_MAPPING_EXPORT', value: `Missing export: ${fn}`, location: { line: 0, column: 0, span: -1 } }],
      };
      break;
  }
  result.outErrors = JSON.stringify(errors);
  return result;
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(text);
}

const MAX_BODY = 1024 * 1024;

/**
 * Node http handler for POST /v1/dataplane-evaluatecode. Returns false (and leaves the response alone)
 * for any other path, so a server can chain it before its own routes.
 */
export async function handleEvaluateCode(req: IncomingMessage, res: ServerResponse, timeoutMs = EVALUATE_CODE_TIMEOUT_MS): Promise<boolean> {
  const path = (req.url ?? '').split('?')[0];
  if (path !== EVALUATE_CODE_PATH) return false;
  if (req.method !== 'POST') {
    send(res, 405, { message: `Method ${req.method} is not allowed on ${EVALUATE_CODE_PATH}` }, 'MethodNotAllowedException');
    return true;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) {
      send(res, 413, { message: 'Request body too large.' }, 'PayloadTooLargeException');
      return true;
    }
    chunks.push(chunk as Buffer);
  }
  let input: EvaluateCodeInput;
  try {
    input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as EvaluateCodeInput;
  } catch {
    send(res, 400, { message: 'The request body is not valid JSON.' }, 'BadRequestException');
    return true;
  }
  try {
    send(res, 200, await evaluateCode(input, timeoutMs));
  } catch (e) {
    if (e instanceof EvaluateCodeBadRequest) {
      const body: Record<string, unknown> = { message: e.message };
      if (e.reason) body.reason = e.reason;
      if (e.codeErrors) body.detail = { codeErrors: e.codeErrors };
      send(res, 400, body, 'BadRequestException');
    } else {
      send(res, 500, { message: (e as Error).message }, 'InternalFailureException');
    }
  }
  return true;
}
