// AWS_LAMBDA data source (resolver-reference-lambda-js.html). The function receives exactly `payload`
// (aws/aws-lambda-go#344). A function error reaches the response handler as
// ctx.error { message, type: "Lambda:Unhandled" } (aws/aws-appsync-community#209) with the function's own
// errorType in `unhandledErrorType` (aws/aws-appsync-community#386).
// BatchInvoke: AppSync merges the payloads of the field resolutions it batches into one array and
// expects an array of results back in the same order; here the invocations that arrive in the same
// event-loop turn form a batch.
import type { LambdaInvoker } from '../types.js';
import type { DataSourceOutcome, DataSourceError } from './types.js';
import { requestShapeFieldError } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAX_BATCH = 2_000;

function lambdaError(e: unknown): DataSourceError {
  const err = e as { name?: string; message?: string; errorType?: string; errorMessage?: string } | null;
  const errorType = err?.errorType ?? err?.name ?? 'Error';
  const message = err?.errorMessage ?? err?.message ?? String(e);
  if (errorType === 'ResourceNotFoundException' || errorType === 'TooManyRequestsException' || errorType === 'ServiceException')
    return { message, type: `Lambda:${errorType}` };
  return { message, type: 'Lambda:Unhandled', unhandledErrorType: errorType };
}

interface Pending {
  payload: unknown;
  resolve(o: DataSourceOutcome): void;
}

export class LambdaDataSource {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly functionName: string,
    private readonly invoker: LambdaInvoker,
  ) {}

  async call(request: unknown): Promise<DataSourceOutcome> {
    if (!isObj(request) || (request.operation !== 'Invoke' && request.operation !== 'BatchInvoke'))
      return { fieldError: requestShapeFieldError('The Lambda request object must have "operation": "Invoke" or "BatchInvoke".') };
    const invocationType = request.invocationType ?? 'RequestResponse';
    if (invocationType !== 'RequestResponse' && invocationType !== 'Event')
      return { fieldError: requestShapeFieldError(`Unsupported invocationType '${String(invocationType)}'.`) };
    if (request.operation === 'BatchInvoke') return this.enqueue(request.payload ?? null);
    try {
      const result = await this.invoker.invoke(this.functionName, request.payload ?? null, invocationType);
      return { result: invocationType === 'Event' ? null : result };
    } catch (e) {
      return { error: lambdaError(e) };
    }
  }

  private enqueue(payload: unknown): Promise<DataSourceOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ payload, resolve });
      if (this.queue.length >= MAX_BATCH) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (!batch.length) return;
    void this.invoker.invoke(this.functionName, batch.map((b) => b.payload), 'RequestResponse').then(
      (result) => {
        if (!Array.isArray(result) || result.length !== batch.length) {
          const error = {
            message: `The BatchInvoke response must be a list of ${batch.length} entries, in request order.`,
            type: 'Lambda:BatchInvokeResponseError',
          };
          for (const b of batch) b.resolve({ error });
          return;
        }
        batch.forEach((b, i) => b.resolve({ result: result[i] ?? null }));
      },
      (e) => {
        const error = lambdaError(e);
        for (const b of batch) b.resolve({ error });
      },
    );
  }
}
