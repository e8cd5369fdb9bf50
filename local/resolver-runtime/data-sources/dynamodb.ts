// AMAZON_DYNAMODB data source: executes the request objects of js-resolver-reference-dynamodb.html
// against DynamoDB Local, and shapes results and errors as AppSync does (untyped items, opaque
// nextToken, ctx.error { message, type: "DynamoDB:<Code>" }, transaction cancellationReasons,
// condition-failure handling). A resolver's typed values already are DynamoDB's JSON wire format, so
// requests go out as JSON over a keep-alive HTTP connection (DynamoDbHttpClient), with no SDK
// marshalling layers in between; errors carry what the AWS SDK would report (code, status, request id).
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import type { Pool } from 'undici';
import type { DataSourceCallInfo, DataSourceError, DataSourceOutcome } from './types.js';
import { RequestShapeError, requestShapeFieldError } from './types.js';
import type { LambdaInvoker } from '../types.js';

type Obj = Record<string, unknown>;
type Typed = Record<string, unknown>;
/** An item in DynamoDB's JSON wire format ({ attr: { S: "x" } }, B as base64). */
type Item = Record<string, WireValue>;
type WireValue = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- typed values (request) → SDK attribute values -------------------------------------------

const TYPE_KEYS = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'BOOL', 'NULL', 'L', 'M'];

function checkTyped(v: unknown, where: string): string {
  if (!isObj(v)) throw new RequestShapeError(`${where}: expected a typed DynamoDB value like {"S": "x"}, got ${JSON.stringify(v)}`);
  let t: string | undefined;
  let n = 0;
  for (const k in v) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    t = k;
    n++;
  }
  if (n !== 1 || !TYPE_KEYS.includes(t!))
    throw new RequestShapeError(`${where}: a typed value must have exactly one of ${TYPE_KEYS.join(', ')}; got ${JSON.stringify(v)}`);
  return t!;
}

/** Base64 as the SDK would send it: decoded and encoded again (so lenient input is normalised alike). */
const b64 = (x: unknown): string => Buffer.from(String(x), 'base64').toString('base64');

/** A typed value (request) → the wire value, checked and normalised as the AWS SDK would send it. */
export function toWire(v: unknown, where: string): WireValue {
  const t = checkTyped(v, where);
  const x = (v as Obj)[t];
  switch (t) {
    case 'S':
      return { S: String(x) };
    case 'N':
      return { N: String(x) };
    case 'B':
      return { B: b64(x) };
    case 'SS':
      return { SS: (x as unknown[]).map(String) };
    case 'NS':
      return { NS: (x as unknown[]).map(String) };
    case 'BS':
      return { BS: (x as unknown[]).map(b64) };
    case 'BOOL':
      return { BOOL: Boolean(x) };
    case 'NULL':
      return { NULL: true };
    case 'L':
      if (!Array.isArray(x)) throw new RequestShapeError(`${where}: L must be a list`);
      return { L: x.map((e, i) => toWire(e, `${where}[${i}]`)) };
    default:
      if (!isObj(x)) throw new RequestShapeError(`${where}: M must be a map`);
      return { M: toWireMap(x, where) };
  }
}

export function toWireMap(m: unknown, where: string): Item {
  if (!isObj(m)) throw new RequestShapeError(`${where}: expected a map of typed values`);
  const out: Item = {};
  for (const k of Object.keys(m)) out[k] = toWire(m[k], `${where}.${k}`);
  return out;
}

// ---- SDK attribute values → plain JSON (what ctx.result holds) ------------------------------

/** A wire value (response) → plain JSON, as the AWS SDK's parse of the same value gives it. */
export function fromWire(v: WireValue): unknown {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return Number(v.N);
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.B !== undefined) return b64(v.B);
  if (v.SS !== undefined) return [...(v.SS as string[])];
  if (v.NS !== undefined) return (v.NS as string[]).map(Number);
  if (v.BS !== undefined) return (v.BS as string[]).map(b64);
  if (v.L !== undefined) return (v.L as WireValue[]).map(fromWire);
  if (v.M !== undefined) return fromWireMap(v.M as Item);
  return null;
}

export function fromWireMap(m: Item | undefined | null): Obj | null {
  if (!m) return null;
  const out: Obj = {};
  for (const k of Object.keys(m)) out[k] = fromWire(m[k]!);
  return out;
}

// ---- the HTTP client ----------------------------------------------------------------------------

/** The fields of DynamoDB's answers this data source reads. */
export interface DynamoAnswer {
  Item?: Item;
  Items?: Item[];
  Attributes?: Item;
  LastEvaluatedKey?: Item;
  ScannedCount?: number;
  /** BatchGetItem: items by table; TransactGetItems: one { Item } per request. */
  Responses?: unknown;
  UnprocessedKeys?: Record<string, { Keys?: Item[] }>;
  UnprocessedItems?: Record<string, { PutRequest?: { Item?: Item }; DeleteRequest?: { Key?: Item } }[]>;
}

interface CancellationReason {
  Code?: string;
  Message?: string;
  Item?: Item;
}

/** A DynamoDB error answer, with what the AWS SDK's service exception carries. */
export class DynamoDbServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatusCode: number,
    readonly requestId: string | undefined,
    readonly body: Obj,
  ) {
    super(message);
    this.name = code;
  }
}

// The SDK's retry decision (maxAttempts 2 as the previous SDK client had): throttling, 5xx, and a
// keep-alive socket the server closed just as the request went out.
const RETRYABLE_CODES = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TransactionInProgressException', 'InternalServerError', 'ServiceUnavailable']);
// UND_ERR_SOCKET: undici's "other side closed", e.g. a keep-alive connection DynamoDB Local dropped.
const RETRYABLE_NET = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'UND_ERR_SOCKET']);

/** The SDK's error code parse: x-amzn-errortype header, else body code/__type; "a#Code:b" → "Code". */
function errorCode(header: string | undefined, body: Obj): string {
  let code = header ?? (typeof body.code === 'string' ? body.code : undefined) ?? (typeof body.__type === 'string' ? body.__type : undefined) ?? 'UnknownError';
  if (code.includes(':')) code = code.split(':')[0]!;
  if (code.includes('#')) code = code.split('#')[1]!;
  return code;
}

/**
 * DynamoDB's JSON protocol (x-amz-json-1.0) over one keep-alive agent. DynamoDB Local checks no
 * signature, so requests carry a fixed Authorization header naming the key and region (DynamoDB Local
 * reads those) instead of a SigV4 signature computed per request.
 */
export class DynamoDbHttpClient {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly authorization: string;

  constructor(
    endpoint: string,
    readonly region: string,
    accessKeyId = 'local',
    private readonly maxAttempts = 2,
  ) {
    const url = new URL(endpoint);
    this.path = url.pathname || '/';
    // undici's pool rather than node:http's ClientRequest/Agent: the same keep-alive HTTP/1.1 exchange for
    // less CPU; under the 16-client load (where the endpoint's CPU is the bottleneck) the endpoint's CPU per
    // `me` fell from ~550 to ~410-450 µs.
    // Loaded with the first client (the first resolver call), not with the stack: ~80 ms off the start.
    const { Pool: UndiciPool } = createRequire(import.meta.url)('undici') as typeof import('undici');
    this.pool = new UndiciPool(url.origin, { connections: 64 });
    this.authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20000101/${region}/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'0'.repeat(64)}`;
  }

  /** One operation; resolves with the parsed answer, rejects with DynamoDbServiceError or a network error. */
  async send(operation: string, input: object): Promise<DynamoAnswer> {
    const body = JSON.stringify(input);
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.once(operation, body)) as DynamoAnswer;
      } catch (e) {
        if (attempt >= this.maxAttempts || !retryable(e)) throw e;
        await new Promise((r) => setTimeout(r, Math.random() * 100));
      }
    }
  }

  private once(operation: string, body: string): Promise<Obj> {
    return new Promise((resolve, reject) => {
      let status = 0;
      let headers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      // dispatch() with a handler rather than request(): the answer is small and read whole, so it
      // needs no body stream.
      this.pool.dispatch(
        {
          path: this.path,
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': `DynamoDB_20120810.${operation}`,
            'x-amz-date': '20000101T000000Z',
            authorization: this.authorization,
          },
          body,
        },
        {
          // Its presence selects undici's current handler interface (otherwise the legacy one is required).
          onRequestStart: () => undefined,
          onResponseStart: (_controller, statusCode, h) => {
            status = statusCode;
            headers = h;
          },
          onResponseData: (_controller, chunk) => void chunks.push(chunk),
          onResponseError: (_controller, e) => reject(e),
          onResponseEnd: () => {
            try {
              resolve(answer(operation, status, headers, chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
            } catch (e) {
              reject(e);
            }
          },
        },
      );
    });
  }

  destroy(): void {
    void this.pool.destroy();
  }
}

/** DynamoDB's answer: the parsed body, or the error the AWS SDK would report for it. */
function answer(operation: string, status: number, h: IncomingHttpHeaders, text: string): Obj {
  let parsed: Obj = {};
  try {
    parsed = text ? (JSON.parse(text) as Obj) : {};
  } catch {
    if (status < 300) throw new Error(`DynamoDB answered ${operation} with a body that is not JSON`);
  }
  if (status >= 200 && status < 300) return parsed;
  const requestId = (h['x-amzn-requestid'] ?? h['x-amzn-request-id'] ?? h['x-amz-request-id']) as string | undefined;
  const code = errorCode(h['x-amzn-errortype'] as string | undefined, parsed);
  const message = typeof parsed.message === 'string' ? parsed.message : typeof parsed.Message === 'string' ? parsed.Message : 'UnknownError';
  throw new DynamoDbServiceError(code, message, status, requestId, parsed);
}

function retryable(e: unknown): boolean {
  if (e instanceof DynamoDbServiceError) return e.httpStatusCode >= 500 || RETRYABLE_CODES.has(e.code);
  const code = (e as NodeJS.ErrnoException)?.code;
  return code !== undefined && RETRYABLE_NET.has(code);
}

const isFailure = (e: unknown, code: string): e is DynamoDbServiceError => e instanceof DynamoDbServiceError && e.code === code;

// ---- expressions ------------------------------------------------------------------------------

interface Expr {
  expression?: string;
  expressionNames?: Record<string, string>;
  expressionValues?: Typed;
}

class ExprParts {
  names: Record<string, string> = {};
  values: Item = {};
  add(e: Expr | undefined, where: string): string | undefined {
    if (e === undefined || e === null) return undefined;
    if (!isObj(e) || typeof e.expression !== 'string') throw new RequestShapeError(`${where}: expected { expression, expressionNames?, expressionValues? }`);
    for (const [k, v] of Object.entries(e.expressionNames ?? {})) {
      if (this.names[k] !== undefined && this.names[k] !== v) throw new RequestShapeError(`${where}: expression name ${k} is defined twice with different attributes`);
      this.names[k] = String(v);
    }
    for (const [k, v] of Object.entries(e.expressionValues ?? {})) this.values[k] = toWire(v, `${where}.expressionValues.${k}`);
    return e.expression;
  }
  /** Empty maps are omitted: DynamoDB rejects them while AppSync accepts `expressionValues: {}`. */
  get attributeNames() {
    return Object.keys(this.names).length ? this.names : undefined;
  }
  get attributeValues() {
    return Object.keys(this.values).length ? this.values : undefined;
  }
}

// ---- errors -----------------------------------------------------------------------------------

function dynamoError(e: unknown): DataSourceError {
  if (e instanceof DynamoDbServiceError) {
    const status = e.httpStatusCode || 400;
    const requestId = e.requestId ?? 'local';
    return {
      message: `${e.message} (Service: AmazonDynamoDBv2; Status Code: ${status}; Error Code: ${e.name}; Request ID: ${requestId}; Proxy: null)`,
      type: `DynamoDB:${e.name}`,
    };
  }
  const err = e as Error;
  return { message: err?.message ?? String(e), type: `DynamoDB:${err?.name ?? 'InternalServerError'}` };
}

const IAM_ACTION: Record<string, string> = {
  PutItem: 'PutItem',
  UpdateItem: 'UpdateItem',
  DeleteItem: 'DeleteItem',
  BatchPutItem: 'BatchWriteItem',
  BatchDeleteItem: 'BatchWriteItem',
  TransactWriteItems: 'PutItem',
};
const WRITE_OPS = new Set(Object.keys(IAM_ACTION));

// ---- pagination tokens ------------------------------------------------------------------------

// nextToken is opaque and only valid for the resolver and table it came from (AppSync encrypts it);
// an HMAC with a per-process key makes tampered or foreign tokens detectable.
const tokenKey = randomBytes(32);

function encodeToken(lastKey: Item, scope: string): string {
  const body = Buffer.from(JSON.stringify({ k: lastKey, s: scope })).toString('base64url');
  const mac = createHmac('sha256', tokenKey).update(body).digest('base64url').slice(0, 22);
  return `${body}.${mac}`;
}

function decodeToken(token: string, scope: string): Item {
  const [body, mac] = String(token).split('.');
  if (!body || !mac || createHmac('sha256', tokenKey).update(body).digest('base64url').slice(0, 22) !== mac)
    throw new InvalidTokenError();
  const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { k: Item; s: string };
  if (parsed.s !== scope) throw new InvalidTokenError();
  // Keys are stored in wire format; rebuild wire values from the stored shape.
  return reviveItem(parsed.k);
}

function reviveItem(m: Obj): Item {
  const out: Item = {};
  for (const [k, v] of Object.entries(m)) out[k] = reviveValue(v as Obj);
  return out;
}

function reviveValue(v: Obj): WireValue {
  // Keys are kept in wire format (B as base64); a Uint8Array that went through JSON is an index map.
  if (v.B !== undefined && typeof v.B === 'object' && v.B !== null) return { B: Buffer.from(Object.values(v.B as Obj) as number[]).toString('base64') };
  return v;
}

class InvalidTokenError extends Error {
  constructor() {
    super('Invalid pagination token given.');
    this.name = 'InvalidNextTokenException';
  }
}

// ---- the data source --------------------------------------------------------------------------

export interface DynamoDataSourceOptions {
  client: DynamoDbHttpClient;
  tableName: string;
  readOnly: boolean;
  region: string;
  lambda?: LambdaInvoker;
}

export function createDynamoClient(endpoint: string, region: string): DynamoDbHttpClient {
  return new DynamoDbHttpClient(endpoint, region, 'local', 2);
}

function itemsEqual(a: Obj | null, b: Obj | null, ignore: string[]): boolean {
  if (!a || !b) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !ignore.includes(k)));
  for (const k of keys) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  return true;
}

/** Matches returned items to the requested keys (BatchGetItem answers in no particular order). */
function keyMatches(item: Item, key: Item): boolean {
  return Object.keys(key).every((k) => JSON.stringify(item[k]) === JSON.stringify(key[k]));
}

export class DynamoDataSource {
  constructor(private readonly o: DynamoDataSourceOptions) {}

  async call(request: unknown, info: DataSourceCallInfo): Promise<DataSourceOutcome> {
    if (!isObj(request) || typeof request.operation !== 'string')
      return { fieldError: requestShapeFieldError('The DynamoDB request object must have an "operation" field.') };
    const op = request.operation;
    if (this.o.readOnly && WRITE_OPS.has(op)) {
      // The data source's IAM role only allows reads.
      return {
        error: {
          message: `User: arn:aws:sts::000000000000:assumed-role/appsync-${this.o.tableName}-read is not authorized to perform: dynamodb:${IAM_ACTION[op]} on resource: arn:aws:dynamodb:${this.o.region}:000000000000:table/${this.o.tableName} (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: AccessDeniedException)`,
          type: 'DynamoDB:AccessDeniedException',
        },
      };
    }
    try {
      switch (op) {
        case 'GetItem':
          return await this.getItem(request);
        case 'PutItem':
          return await this.putItem(request, info);
        case 'UpdateItem':
          return await this.updateItem(request, info);
        case 'DeleteItem':
          return await this.deleteItem(request, info);
        case 'Query':
          return await this.query(request, info);
        case 'Scan':
          return await this.scan(request, info);
        case 'Sync':
          return await this.sync(request, info);
        case 'BatchGetItem':
          return await this.batchGet(request);
        case 'BatchPutItem':
          return await this.batchWrite(request, 'put');
        case 'BatchDeleteItem':
          return await this.batchWrite(request, 'delete');
        case 'TransactGetItems':
          return await this.transactGet(request);
        case 'TransactWriteItems':
          return await this.transactWrite(request);
        default:
          return { fieldError: requestShapeFieldError(`Unsupported operation '${op}'.`) };
      }
    } catch (e) {
      if (e instanceof RequestShapeError) return { fieldError: requestShapeFieldError(e.message) };
      if (e instanceof InvalidTokenError) return { error: { message: e.message, type: 'DynamoDB:ValidationException' } };
      return { error: dynamoError(e) };
    }
  }

  private get client() {
    return this.o.client;
  }

  private async getItem(r: Obj): Promise<DataSourceOutcome> {
    const parts = new ExprParts();
    const projection = parts.add(r.projection as Expr | undefined, 'projection');
    const res = await this.client.send('GetItem', {
        TableName: this.o.tableName,
        Key: toWireMap(r.key, 'key'),
        ConsistentRead: r.consistentRead === true,
        ProjectionExpression: projection,
        ExpressionAttributeNames: parts.attributeNames,
      });
    return { result: fromWireMap(res.Item) };
  }

  /** Reads the current item after a failed condition (strongly consistent unless asked otherwise). */
  private async current(key: Item, condition: Obj): Promise<Obj | null> {
    const res = await this.client.send('GetItem', { TableName: this.o.tableName, Key: key, ConsistentRead: condition.consistentRead !== false });
    return fromWireMap(res.Item);
  }

  /**
   * AppSync's condition-failure handling: Put whose current item equals the attempted one and Delete
   * of a missing item succeed; otherwise Reject (ctx.error + current item in ctx.result) or ask the
   * Custom handler Lambda to reject, discard or retry.
   */
  private async conditionFailed(
    op: 'PutItem' | 'UpdateItem' | 'DeleteItem',
    r: Obj,
    key: Item,
    attempted: Obj | null,
    error: unknown,
    info: DataSourceCallInfo,
    retry: (mapping: Obj) => Promise<DataSourceOutcome>,
  ): Promise<DataSourceOutcome> {
    const condition = (r.condition ?? {}) as Obj;
    const current = await this.current(key, condition);
    if (op === 'PutItem' && itemsEqual(current, attempted, (condition.equalsIgnore as string[] | undefined) ?? [])) return { result: current };
    if (op === 'DeleteItem' && current === null) return { result: null };
    const handler = condition.conditionalCheckFailedHandler as { strategy?: string; lambdaArn?: string } | undefined;
    if (handler?.strategy === 'Custom' && handler.lambdaArn && this.o.lambda) {
      const functionName = handler.lambdaArn.split(':function:')[1]?.split(':')[0] ?? handler.lambdaArn;
      const answer = (await this.o.lambda.invoke(
        functionName,
        {
          arguments: info.arguments,
          requestMapping: r,
          currentValue: current,
          resolver: { tableName: this.o.tableName, awsRegion: this.o.region, parentType: info.typeName, field: info.fieldName, outputType: null },
          identity: info.identity,
        },
        'RequestResponse',
      )) as { action?: string; retryMapping?: Obj } | null;
      if (answer?.action === 'discard') return { result: current };
      if (answer?.action === 'retry' && isObj(answer.retryMapping)) {
        // Same operation and key only; the retry's own condition (if any) has no handler, so a failed retry rejects.
        const retryCondition = isObj(answer.retryMapping.condition) ? { ...answer.retryMapping.condition, conditionalCheckFailedHandler: undefined } : undefined;
        return retry({ ...answer.retryMapping, operation: op, key: r.key, condition: retryCondition });
      }
    }
    return { result: current, error: dynamoError(error) };
  }

  private async putItem(r: Obj, info: DataSourceCallInfo): Promise<DataSourceOutcome> {
    const key = toWireMap(r.key, 'key');
    const item = { ...toWireMap(r.attributeValues ?? {}, 'attributeValues'), ...key };
    const parts = new ExprParts();
    const condition = parts.add(r.condition as Expr | undefined, 'condition');
    try {
      await this.client.send('PutItem', {
          TableName: this.o.tableName,
          Item: item,
          ConditionExpression: condition,
          ExpressionAttributeNames: parts.attributeNames,
          ExpressionAttributeValues: parts.attributeValues,
        });
      return { result: fromWireMap(item) };
    } catch (e) {
      if (isFailure(e, 'ConditionalCheckFailedException'))
        return this.conditionFailed('PutItem', r, key, fromWireMap(item), e, info, (m) => this.putItem(m, info));
      throw e;
    }
  }

  private async updateItem(r: Obj, info: DataSourceCallInfo): Promise<DataSourceOutcome> {
    const key = toWireMap(r.key, 'key');
    const parts = new ExprParts();
    if (!isObj(r.update)) throw new RequestShapeError('UpdateItem needs an "update" expression object.');
    const update = parts.add(r.update as Expr, 'update');
    const condition = parts.add(r.condition as Expr | undefined, 'condition');
    try {
      const res = await this.client.send('UpdateItem', {
          TableName: this.o.tableName,
          Key: key,
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: parts.attributeNames,
          ExpressionAttributeValues: parts.attributeValues,
          ReturnValues: 'ALL_NEW',
        });
      return { result: fromWireMap(res.Attributes) };
    } catch (e) {
      if (isFailure(e, 'ConditionalCheckFailedException')) return this.conditionFailed('UpdateItem', r, key, null, e, info, (m) => this.updateItem(m, info));
      throw e;
    }
  }

  private async deleteItem(r: Obj, info: DataSourceCallInfo): Promise<DataSourceOutcome> {
    const key = toWireMap(r.key, 'key');
    const parts = new ExprParts();
    const condition = parts.add(r.condition as Expr | undefined, 'condition');
    try {
      const res = await this.client.send('DeleteItem', {
          TableName: this.o.tableName,
          Key: key,
          ConditionExpression: condition,
          ExpressionAttributeNames: parts.attributeNames,
          ExpressionAttributeValues: parts.attributeValues,
          ReturnValues: 'ALL_OLD',
        });
      return { result: fromWireMap(res.Attributes) };
    } catch (e) {
      if (isFailure(e, 'ConditionalCheckFailedException')) return this.conditionFailed('DeleteItem', r, key, null, e, info, (m) => this.deleteItem(m, info));
      throw e;
    }
  }

  private scope(info: DataSourceCallInfo, index: unknown): string {
    return `${info.resolverKey}|${this.o.tableName}|${typeof index === 'string' ? index : ''}`;
  }

  private async query(r: Obj, info: DataSourceCallInfo): Promise<DataSourceOutcome> {
    const parts = new ExprParts();
    if (!isObj(r.query)) throw new RequestShapeError('Query needs a "query" key condition expression object.');
    const keyCondition = parts.add(r.query as Expr, 'query');
    const filter = parts.add(r.filter as Expr | undefined, 'filter');
    const projection = parts.add(r.projection as Expr | undefined, 'projection');
    const scope = this.scope(info, r.index);
    const res = await this.client.send('Query', {
        TableName: this.o.tableName,
        IndexName: (r.index as string | undefined) ?? undefined,
        KeyConditionExpression: keyCondition,
        FilterExpression: filter || undefined,
        ProjectionExpression: projection,
        ExpressionAttributeNames: parts.attributeNames,
        ExpressionAttributeValues: parts.attributeValues,
        Limit: typeof r.limit === 'number' ? r.limit : undefined,
        ScanIndexForward: r.scanIndexForward === undefined || r.scanIndexForward === null ? undefined : Boolean(r.scanIndexForward),
        ConsistentRead: r.consistentRead === true ? true : undefined,
        Select: (r.select as 'ALL_ATTRIBUTES' | undefined) ?? (projection ? 'SPECIFIC_ATTRIBUTES' : undefined),
        ExclusiveStartKey: r.nextToken ? decodeToken(String(r.nextToken), scope) : undefined,
      });
    return {
      result: {
        items: (res.Items ?? []).map((i) => fromWireMap(i)),
        nextToken: res.LastEvaluatedKey ? encodeToken(res.LastEvaluatedKey, scope) : null,
        scannedCount: res.ScannedCount ?? 0,
      },
    };
  }

  private async scan(r: Obj, info: DataSourceCallInfo, extraFilter?: Expr): Promise<DataSourceOutcome> {
    const parts = new ExprParts();
    let filter = parts.add(r.filter as Expr | undefined, 'filter');
    if (extraFilter) {
      const extra = parts.add(extraFilter, 'sync');
      filter = filter ? `(${filter}) AND (${extra})` : extra;
    }
    const projection = parts.add(r.projection as Expr | undefined, 'projection');
    const scope = this.scope(info, r.index);
    if ((r.segment === undefined) !== (r.totalSegments === undefined)) throw new RequestShapeError('Scan needs both "segment" and "totalSegments", or neither.');
    const res = await this.client.send('Scan', {
        TableName: this.o.tableName,
        IndexName: (r.index as string | undefined) ?? undefined,
        FilterExpression: filter || undefined,
        ProjectionExpression: projection,
        ExpressionAttributeNames: parts.attributeNames,
        ExpressionAttributeValues: parts.attributeValues,
        Limit: typeof r.limit === 'number' ? r.limit : undefined,
        ConsistentRead: r.consistentRead === true ? true : undefined,
        Select: (r.select as 'ALL_ATTRIBUTES' | undefined) ?? (projection ? 'SPECIFIC_ATTRIBUTES' : undefined),
        Segment: r.segment as number | undefined,
        TotalSegments: r.totalSegments as number | undefined,
        ExclusiveStartKey: r.nextToken ? decodeToken(String(r.nextToken), scope) : undefined,
      });
    return {
      result: {
        items: (res.Items ?? []).map((i) => fromWireMap(i)),
        nextToken: res.LastEvaluatedKey ? encodeToken(res.LastEvaluatedKey, scope) : null,
        scannedCount: res.ScannedCount ?? 0,
      },
    };
  }

  /**
   * Sync is for conflict-detection (versioned) tables, which DynamoDB Local has no notion of. This is
   * an approximation: a Scan (limit 100 by default, at most 1000) and, with lastSync, only items whose
   * `_lastChangedAt` (the Amplify versioning attribute) is at or after it.
   */
  private async sync(r: Obj, info: DataSourceCallInfo): Promise<DataSourceOutcome> {
    const limit = Math.min(typeof r.limit === 'number' ? r.limit : 100, 1000);
    const startedAt = Date.now();
    const extra: Expr | undefined =
      typeof r.lastSync === 'number'
        ? { expression: '#syncLastChangedAt >= :syncLastSync', expressionNames: { '#syncLastChangedAt': '_lastChangedAt' }, expressionValues: { ':syncLastSync': { N: r.lastSync } } }
        : undefined;
    const out = await this.scan({ ...r, limit, index: undefined }, info, extra);
    if (out.result) (out.result as Obj).startedAt = startedAt;
    return out;
  }

  private async batchGet(r: Obj): Promise<DataSourceOutcome> {
    if (!isObj(r.tables)) throw new RequestShapeError('BatchGetItem needs "tables".');
    const requestItems: Record<string, { Keys: Item[]; ConsistentRead?: boolean; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }> = {};
    const keysByTable: Record<string, Item[]> = {};
    let total = 0;
    for (const [table, spec] of Object.entries(r.tables)) {
      // The docs show both `{ keys: [...] }` and a bare array; accept both.
      const s = Array.isArray(spec) ? { keys: spec } : (spec as Obj);
      const keys = ((s.keys as unknown[]) ?? []).map((k, i) => toWireMap(k, `tables.${table}.keys[${i}]`));
      total += keys.length;
      keysByTable[table] = keys;
      const parts = new ExprParts();
      const projection = parts.add(s.projection as Expr | undefined, `tables.${table}.projection`);
      requestItems[table] = { Keys: keys, ConsistentRead: s.consistentRead === true ? true : undefined, ProjectionExpression: projection, ExpressionAttributeNames: parts.attributeNames };
    }
    if (total > 100) throw new RequestShapeError(`BatchGetItem accepts at most 100 keys (got ${total}).`);
    const found: Record<string, Item[]> = {};
    let unprocessed: Record<string, { Keys?: Item[] }> = {};
    const pending = Object.fromEntries(Object.entries(requestItems).filter(([, v]) => v.Keys.length > 0));
    if (Object.keys(pending).length) {
      const res = await this.client.send('BatchGetItem', { RequestItems: pending });
      for (const [t, items] of Object.entries((res.Responses ?? {}) as Record<string, Item[]>)) found[t] = items;
      unprocessed = (res.UnprocessedKeys ?? {}) as Record<string, { Keys?: Item[] }>;
    }
    const data: Obj = {};
    const unprocessedKeys: Obj = {};
    for (const [table, keys] of Object.entries(keysByTable)) {
      const left = unprocessed[table]?.Keys ?? [];
      data[table] = keys.map((k) => {
        const item = (found[table] ?? []).find((i) => keyMatches(i, k));
        return item ? fromWireMap(item) : null;
      });
      unprocessedKeys[table] = left.map((k) => fromWireMap(k));
    }
    return { result: { data, unprocessedKeys } };
  }

  private async batchWrite(r: Obj, kind: 'put' | 'delete'): Promise<DataSourceOutcome> {
    if (!isObj(r.tables)) throw new RequestShapeError(`Batch${kind === 'put' ? 'Put' : 'Delete'}Item needs "tables".`);
    const requestItems: Record<string, object[]> = {};
    const entries: Record<string, Item[]> = {};
    let total = 0;
    for (const [table, list] of Object.entries(r.tables)) {
      if (!Array.isArray(list)) throw new RequestShapeError(`tables.${table} must be a list.`);
      const items = list.map((x, i) => toWireMap(x, `tables.${table}[${i}]`));
      total += items.length;
      entries[table] = items;
      if (items.length) requestItems[table] = items.map((i) => (kind === 'put' ? { PutRequest: { Item: i } } : { DeleteRequest: { Key: i } }));
    }
    if (total > 25) throw new RequestShapeError(`Batch${kind === 'put' ? 'Put' : 'Delete'}Item accepts at most 25 items (got ${total}).`);
    let unprocessed: Record<string, { PutRequest?: { Item?: Item }; DeleteRequest?: { Key?: Item } }[]> = {};
    if (Object.keys(requestItems).length) {
      const res = await this.client.send('BatchWriteItem', { RequestItems: requestItems as never });
      unprocessed = (res.UnprocessedItems ?? {}) as typeof unprocessed;
    }
    const data: Obj = {};
    const left: Obj = {};
    for (const [table, items] of Object.entries(entries)) {
      const notDone = (unprocessed[table] ?? []).map((u) => (kind === 'put' ? u.PutRequest?.Item : u.DeleteRequest?.Key)).filter(Boolean) as Item[];
      data[table] = items.map((i) => (notDone.some((n) => keyMatches(n, i) && keyMatches(i, n)) ? null : fromWireMap(i)));
      left[table] = notDone.map((n) => fromWireMap(n));
    }
    return { result: kind === 'put' ? { data, unprocessedItems: left } : { data, unprocessedKeys: left } };
  }

  private async transactGet(r: Obj): Promise<DataSourceOutcome> {
    if (!Array.isArray(r.transactItems)) throw new RequestShapeError('TransactGetItems needs "transactItems".');
    if (r.transactItems.length > 100) throw new RequestShapeError('TransactGetItems accepts at most 100 items.');
    const items = r.transactItems.map((t: Obj, i: number) => {
      const parts = new ExprParts();
      const projection = parts.add(t.projection as Expr | undefined, `transactItems[${i}].projection`);
      return { Get: { TableName: String(t.table), Key: toWireMap(t.key, `transactItems[${i}].key`), ProjectionExpression: projection, ExpressionAttributeNames: parts.attributeNames } };
    });
    try {
      const res = await this.client.send('TransactGetItems', { TransactItems: items });
      return { result: { items: ((res.Responses ?? []) as { Item?: Item }[]).map((x) => fromWireMap(x.Item)), cancellationReasons: null } };
    } catch (e) {
      if (isFailure(e, 'TransactionCanceledException')) {
        const reasons = ((e.body.CancellationReasons ?? []) as CancellationReason[]).map((c) => ({ type: c.Code ?? 'None', message: c.Message ?? 'None' }));
        return { result: { items: null, cancellationReasons: reasons }, error: dynamoError(e) };
      }
      throw e;
    }
  }

  private async transactWrite(r: Obj): Promise<DataSourceOutcome> {
    if (!Array.isArray(r.transactItems)) throw new RequestShapeError('TransactWriteItems needs "transactItems".');
    if (r.transactItems.length > 100) throw new RequestShapeError('TransactWriteItems accepts at most 100 items.');
    const keys: Obj[] = [];
    const items: object[] = r.transactItems.map((t: Obj, i: number) => {
      const where = `transactItems[${i}]`;
      const TableName = String(t.table);
      const Key = toWireMap(t.key, `${where}.key`);
      keys.push(fromWireMap(Key)!);
      const parts = new ExprParts();
      const cond = t.condition as (Expr & { returnValuesOnConditionCheckFailure?: boolean }) | undefined;
      const ReturnValuesOnConditionCheckFailure = cond && cond.returnValuesOnConditionCheckFailure === false ? 'NONE' : 'ALL_OLD';
      switch (t.operation) {
        case 'PutItem': {
          const ConditionExpression = parts.add(cond, `${where}.condition`);
          return { Put: { TableName, Item: { ...toWireMap(t.attributeValues ?? {}, `${where}.attributeValues`), ...Key }, ConditionExpression, ExpressionAttributeNames: parts.attributeNames, ExpressionAttributeValues: parts.attributeValues, ReturnValuesOnConditionCheckFailure } };
        }
        case 'UpdateItem': {
          const UpdateExpression = parts.add(t.update as Expr, `${where}.update`);
          if (!UpdateExpression) throw new RequestShapeError(`${where}: UpdateItem needs "update".`);
          const ConditionExpression = parts.add(cond, `${where}.condition`);
          return { Update: { TableName, Key, UpdateExpression, ConditionExpression, ExpressionAttributeNames: parts.attributeNames, ExpressionAttributeValues: parts.attributeValues, ReturnValuesOnConditionCheckFailure } };
        }
        case 'DeleteItem': {
          const ConditionExpression = parts.add(cond, `${where}.condition`);
          return { Delete: { TableName, Key, ConditionExpression, ExpressionAttributeNames: parts.attributeNames, ExpressionAttributeValues: parts.attributeValues, ReturnValuesOnConditionCheckFailure } };
        }
        case 'ConditionCheck': {
          const ConditionExpression = parts.add(cond, `${where}.condition`);
          if (!ConditionExpression) throw new RequestShapeError(`${where}: ConditionCheck needs "condition".`);
          return { ConditionCheck: { TableName, Key, ConditionExpression, ExpressionAttributeNames: parts.attributeNames, ExpressionAttributeValues: parts.attributeValues, ReturnValuesOnConditionCheckFailure } };
        }
        default:
          throw new RequestShapeError(`${where}: unsupported operation ${String(t.operation)}.`);
      }
    });
    try {
      await this.client.send('TransactWriteItems', { TransactItems: items });
      return { result: { keys, cancellationReasons: null } };
    } catch (e) {
      if (isFailure(e, 'TransactionCanceledException')) {
        const reasons = ((e.body.CancellationReasons ?? []) as CancellationReason[]).map((c) => {
          const reason: Obj = { type: c.Code ?? 'None', message: c.Message ?? (c.Code === 'None' || !c.Code ? 'None' : c.Code) };
          if (c.Item) reason.item = fromWireMap(c.Item);
          return reason;
        });
        return { result: { keys: null, cancellationReasons: reasons }, error: dynamoError(e) };
      }
      throw e;
    }
  }
}
