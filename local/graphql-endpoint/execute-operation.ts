// Runs one GraphQL operation the way AppSync does: validation with AppSync's wording, per-field auth
// directives, resolvers through the APPSYNC_JS executor (other fields by property), AppSync's limits,
// errors with path/locations and partial results.
import {
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
  type SelectionSetNode,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  execute as gqlExecute,
  getOperationAST,
  parse,
  print,
  specifiedRules,
  validate,
  visit,
} from 'graphql';
import { pathToArray } from 'graphql/jsutils/Path.js';
import { apiLimits } from '../../api/limits.js';
import { costOf } from './cost.js';
import type { FieldInvocation, FieldOutcome, ResolverExecutor } from '../resolver-runtime/types.js';
import { allowed, type AppSyncSchema } from './schema.js';
import { AUTH_MODES, type Authenticated } from './auth-modes.js';
import {
  type AppSyncErrorOut,
  FieldError,
  executionErrorOut,
  fieldErrorOut,
  locationsOf,
  validationErrorOut,
  variableErrorOut,
} from './errors.js';

// AppSync rejects documents longer than 15,000 tokens.
const MAX_TOKENS = 15_000;
const TOO_LONG = 'Maximum char length exceeded';

export interface Limits {
  /** 0 = unlimited (AppSync's default); 1–75 otherwise. */
  queryDepthLimit: number;
  /** Resolvers executed per request; AppSync's default is 10,000. */
  resolverCountLimit: number;
  maxBodyBytes: number;
  /**
   * Field selections per operation with fragments expanded. AppSync documents no such limit, only its
   * 15,000-token document limit: an operation whose expansion would not fit it, written out, is refused
   * with the same error, so fragments cannot multiply a small document into an unbounded one.
   */
  maxExpandedFields?: number;
}

/** This API's limits (api/limits.ts, the same values infra/ sets on AppSync); body size as AppSync caps requests. */
export const DEFAULT_LIMITS: Limits = { ...apiLimits, maxBodyBytes: 5 * 1024 * 1024, maxExpandedFields: MAX_TOKENS };

export interface OperationRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

export interface RequestMeta {
  auth: Authenticated;
  headers: Record<string, string | string[]>;
}

export interface GraphqlResult {
  /** 200 for executed requests (even with field errors), 400 for requests that could not run. */
  status: number;
  body: { data?: unknown; errors?: AppSyncErrorOut[] };
}

/** A completed mutation field that @aws_subscribe subscriptions listen to, with its invalidations. */
export interface MutationEvent {
  fieldName: string;
  /** The mutation's result as its caller selected it, keyed by field name (not alias). */
  payload: unknown;
}

export interface PublishHooks {
  onMutation(event: MutationEvent): void;
  onInvalidate(request: { subscriptionField: string; payload: Record<string, unknown> }): void;
}

interface ExecContext {
  meta: RequestMeta;
  variables: Record<string, unknown>;
  sideErrors: AppSyncErrorOut[];
  resolverCount: number;
  invalidations: unknown[];
  /** Set when rendering a published event for a subscriber: the root field reads its value from the event. */
  publishing: boolean;
  fragments: Record<string, FragmentDefinitionNode>;
}

/** Parsed and validated documents kept, keyed by query text (least recently used dropped first). */
const DOCUMENT_CACHE_SIZE = 500;
/** Longer query texts are not cached (they would hold much memory for a rare repeat). */
const DOCUMENT_CACHE_MAX_CHARS = 32 * 1024;

export class OperationRunner {
  private readonly rules;
  /**
   * query text → the document that passed parse, cost bounds and validation. The schema, rules and
   * limits are fixed for the runner, so the same text always gives the same verdict; only documents
   * that passed are kept (they are never mutated: graphql-js treats ASTs as read-only).
   */
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly s: AppSyncSchema,
    private readonly executor: ResolverExecutor,
    private readonly limits: Limits,
    private readonly hooks: PublishHooks,
    introspection = true,
  ) {
    this.rules = introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  }

  get schema(): AppSyncSchema {
    return this.s;
  }

  /**
   * Parse, bound the cost, validate; returns the document or the 400 response AppSync gives. The cost
   * is bounded first, in time linear in the document: validation and execution only ever see an
   * operation whose expansion is bounded.
   */
  prepare(query: string): { document: DocumentNode } | { error: GraphqlResult } {
    const cached = this.documents.get(query);
    if (cached) {
      // Refresh its place in the LRU order.
      this.documents.delete(query);
      this.documents.set(query, cached);
      return { document: cached };
    }
    const prepared = this.prepareUncached(query);
    if ('document' in prepared && query.length <= DOCUMENT_CACHE_MAX_CHARS) {
      if (this.documents.size >= DOCUMENT_CACHE_SIZE) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(query, prepared.document);
    }
    return prepared;
  }

  private prepareUncached(query: string): { document: DocumentNode } | { error: GraphqlResult } {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch (e) {
      const err = e as GraphQLError;
      const message = /contains more th\w+ \d+ tokens/i.test(err.message) ? TOO_LONG : `Invalid Syntax : ${err.message.replace(/^Syntax Error: /, '')}`;
      return { error: requestError(400, undefined, { path: null, locations: locationsOf(err.locations), message, errorType: 'InvalidSyntax' }) };
    }
    const overLimit = this.overLimit(document);
    if (overLimit) return { error: overLimit };
    const errors = validate(this.s.schema, document, this.rules);
    if (errors.length) {
      const where = nodeContext(document);
      return {
        error: {
          status: 400,
          body: {
            data: null,
            errors: errors.map((e) => {
              const ctx = e.nodes?.[0] ? where.get(e.nodes[0]) : undefined;
              return validationErrorOut(e, ctx?.fieldPath ?? null, ctx?.argName ?? null);
            }),
          },
        },
      };
    }
    return { document };
  }

  /**
   * AppSync's depth and resolver-count limits (docs: configuration-limits.html, error types
   * QueryDepthLimitReached and ResolverExecutionLimitReached) and the expansion bound, checked before any
   * resolver runs, introspection included. AppSync answers an over-limit operation with errors on the
   * fields past the limit; this endpoint refuses it whole, so that no part of a hostile operation runs.
   * Resolvers multiplied by lists at run time are still counted as they run (resolveWithExecutor).
   */
  private overLimit(document: DocumentNode): GraphqlResult | null {
    const { queryDepthLimit, resolverCountLimit } = this.limits;
    const cost = costOf(document, this.s.schema, (t, f) => this.executor.has(t, f), queryDepthLimit);
    // A fragment cycle makes the counts meaningless; validation reports it.
    if (cost.cycle) return null;
    if (cost.tooDeep) {
      const loc = cost.tooDeep.loc?.startToken;
      return requestError(400, null, { path: null, locations: locationsOf(loc ? [loc] : []), message: `Query depth limit of ${queryDepthLimit} exceeded.`, errorType: 'QueryDepthLimitReached' });
    }
    if (cost.introspectionOverLimit) {
      return requestError(400, null, { path: null, locations: null, message: cost.introspectionOverLimit, errorType: 'QueryDepthLimitReached' });
    }
    if (resolverCountLimit > 0 && cost.resolvers > resolverCountLimit) {
      return requestError(400, null, { path: null, locations: null, message: `Resolver count limit of ${resolverCountLimit} exceeded.`, errorType: 'ResolverExecutionLimitReached' });
    }
    if (cost.fields > (this.limits.maxExpandedFields ?? MAX_TOKENS)) {
      return requestError(400, null, { path: null, locations: null, message: TOO_LONG, errorType: 'InvalidSyntax' });
    }
    return null;
  }

  async run(req: OperationRequest, meta: RequestMeta): Promise<GraphqlResult> {
    const prepared = this.prepare(req.query);
    if ('error' in prepared) return prepared.error;
    const { document } = prepared;
    const operation = getOperationAST(document, req.operationName ?? undefined);
    if (!operation) {
      return { status: 400, body: { errors: [{ path: null, locations: null, message: req.operationName ? `Unknown operation named '${req.operationName}'.` : 'Must provide operation name if query contains multiple operations.', errorType: 'BadRequestException' }] } };
    }
    if (operation.operation === 'subscription') {
      // Subscriptions are served on the real-time endpoint only.
      return { status: 400, body: { errors: [{ path: null, locations: null, message: 'Subscriptions are not supported over HTTP: use the real-time endpoint.', errorType: 'BadRequestException' }] } };
    }
    return this.executeDocument(document, operation, req, meta, null);
  }

  /** Execute an already-validated operation. rootValue is used for published subscription events. */
  async executeDocument(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    req: OperationRequest,
    meta: RequestMeta,
    publishedRoot: Record<string, unknown> | null,
  ): Promise<GraphqlResult> {
    const ctx: ExecContext = {
      meta,
      variables: req.variables,
      sideErrors: [],
      resolverCount: 0,
      invalidations: [],
      publishing: publishedRoot !== null,
      fragments: fragmentsOf(document),
    };
    const result = await gqlExecute({
      schema: this.s.schema,
      document,
      operationName: operation.name?.value,
      variableValues: req.variables,
      contextValue: ctx,
      rootValue: publishedRoot ?? {},
      fieldResolver: this.fieldResolver,
    });
    // Variable coercion failures come back with no data at all.
    if (!('data' in result) || result.data === undefined) {
      return { status: 400, body: { data: null, errors: (result.errors ?? []).map(variableErrorOut) } };
    }
    const errors = [...(result.errors ?? []).map((e) => executionErrorOut(e, this.s.schema)), ...ctx.sideErrors];
    const body: GraphqlResult['body'] = { data: result.data };
    if (errors.length) body.errors = errors;

    if (operation.operation === 'mutation' && !publishedRoot) this.publishMutations(operation, ctx, result.data ?? null, result.errors ?? []);
    return { status: 200, body };
  }

  private publishMutations(operation: OperationDefinitionNode, ctx: ExecContext, data: Record<string, unknown> | null, errors: readonly GraphQLError[]): void {
    for (const inv of ctx.invalidations) {
      const r = inv as { subscriptionField?: unknown; payload?: unknown };
      if (typeof r?.subscriptionField === 'string') {
        this.hooks.onInvalidate({ subscriptionField: r.subscriptionField, payload: (r.payload ?? {}) as Record<string, unknown> });
      }
    }
    if (!data) return;
    for (const sel of operation.selectionSet.selections) {
      if (sel.kind !== Kind.FIELD) continue;
      const fieldName = sel.name.value;
      if (!this.s.subscribersOf.has(fieldName)) continue;
      const key = sel.alias?.value ?? fieldName;
      const value = data[key];
      // A mutation that failed (error on its path) publishes nothing.
      if (value == null || errors.some((e) => e.path?.[0] === key)) continue;
      this.hooks.onMutation({ fieldName, payload: byFieldName(value, sel.selectionSet, ctx.fragments) });
    }
  }

  private readonly fieldResolver: GraphQLFieldResolver<unknown, ExecContext> = (source, args, ctx, info) => {
    const typeName = info.parentType.name;
    const auth = ctx.meta.auth;
    if (!allowed(this.s, typeName, info.fieldName, { mode: auth.mode, groups: auth.groups })) {
      throw new FieldError({ message: `Not Authorized to access ${info.fieldName} on type ${typeName}`, errorType: 'Unauthorized', data: null, errorInfo: null });
    }
    // A published event is the mutation's result: the subscriber's selection reads it, no resolver runs.
    if (!ctx.publishing && this.executor.has(typeName, info.fieldName)) return this.resolveWithExecutor(source, args, ctx, info);
    if (source !== null && typeof source === 'object') return (source as Record<string, unknown>)[info.fieldName];
    return undefined;
  };

  private async resolveWithExecutor(source: unknown, args: Record<string, unknown>, ctx: ExecContext, info: GraphQLResolveInfo): Promise<unknown> {
    ctx.resolverCount += 1;
    if (ctx.resolverCount > this.limits.resolverCountLimit) {
      throw new FieldError({ message: `Resolver count limit of ${this.limits.resolverCountLimit} exceeded.`, errorType: 'ResolverExecutionLimitReached' });
    }
    const invocation = this.invocation(source, args, ctx, info);
    const outcome: FieldOutcome = await this.executor.execute(invocation);
    if (outcome.invalidations?.length) ctx.invalidations.push(...outcome.invalidations);
    return this.applyOutcome(outcome, ctx, info);
  }

  /** Build the FieldInvocation AppSync would hand the resolver for this field. */
  invocation(source: unknown, args: Record<string, unknown>, ctx: ExecContext | { meta: RequestMeta; variables: Record<string, unknown>; fragments: Record<string, FragmentDefinitionNode> }, info: Pick<GraphQLResolveInfo, 'fieldName' | 'fieldNodes' | 'parentType' | 'path'>): FieldInvocation {
    const isRoot = info.path.prev === undefined;
    const selection = selectionInfo(info.fieldNodes, ctx.fragments);
    return {
      typeName: info.parentType.name,
      fieldName: info.fieldName,
      arguments: args,
      source: isRoot ? {} : ((source ?? null) as Record<string, unknown> | null),
      identity: ctx.meta.auth.identity,
      authType: AUTH_MODES[ctx.meta.auth.mode].authType,
      request: { headers: ctx.meta.headers, domainName: null },
      info: {
        fieldName: info.fieldName,
        parentTypeName: info.parentType.name,
        variables: ctx.variables,
        // A fresh array per invocation: the cached one is never handed out.
        selectionSetList: [...selection.list],
        selectionSetGraphQL: selection.graphql,
      },
    };
  }

  private applyOutcome(outcome: FieldOutcome, ctx: ExecContext, info: GraphQLResolveInfo): unknown {
    const path = pathToArray(info.path);
    const locations = locationsOf(info.fieldNodes.map((n) => n.loc?.startToken).filter((t) => !!t).map((t) => ({ line: t!.line, column: t!.column })));
    const errors = outcome.errors ?? [];
    // util.error leaves no value: the last error is the fatal one and nulls the field (with GraphQL's
    // null propagation); the others were appended (util.appendError) and stand beside it.
    if ((outcome.data === null || outcome.data === undefined) && errors.length) {
      for (const e of errors.slice(0, -1)) ctx.sideErrors.push(fieldErrorOut(e, path, locations));
      throw new FieldError(errors[errors.length - 1]!);
    }
    for (const e of errors) ctx.sideErrors.push(fieldErrorOut(e, path, locations));
    return outcome.data;
  }
}

/** A request-level refusal; `data` is omitted when undefined (syntax errors carry none). */
function requestError(status: number, data: null | undefined, error: AppSyncErrorOut): GraphqlResult {
  return { status, body: data === undefined ? { errors: [error] } : { data, errors: [error] } };
}

const fragmentsByDocument = new WeakMap<DocumentNode, Record<string, FragmentDefinitionNode>>();

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  let out = fragmentsByDocument.get(document);
  if (out) return out;
  out = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) out[d.name.value] = d;
  fragmentsByDocument.set(document, out);
  return out;
}

/** selectionSetList and selectionSetGraphQL of a single field node (documents are cached, so nodes repeat). */
const selectionInfoByNode = new WeakMap<FieldNode, WeakMap<object, { list: string[]; graphql: string }>>();

function selectionInfo(fieldNodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): { list: string[]; graphql: string } {
  const compute = () => ({
    list: selectionSetList(fieldNodes, fragments),
    graphql: fieldNodes.map((n) => (n.selectionSet ? print(n.selectionSet) : '')).join('\n'),
  });
  if (fieldNodes.length !== 1) return compute();
  let byFragments = selectionInfoByNode.get(fieldNodes[0]!);
  if (!byFragments) selectionInfoByNode.set(fieldNodes[0]!, (byFragments = new WeakMap()));
  let info = byFragments.get(fragments);
  if (!info) byFragments.set(fragments, (info = compute()));
  return info;
}

/** ctx.info.selectionSetList: slash paths below the field, aliases instead of names, fragments flattened. */
export function selectionSetList(fieldNodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const expanded = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, prefix: string) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const p = prefix + (sel.alias?.value ?? sel.name.value);
        if (!seen.has(p)) {
          seen.add(p);
          out.push(p);
        }
        walk(sel.selectionSet, `${p}/`);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, prefix);
      } else {
        // A fragment spread again under the same path adds no path: expand it once.
        const key = `${prefix}\u0000${sel.name.value}`;
        if (expanded.has(key)) continue;
        expanded.add(key);
        walk(fragments[sel.name.value]?.selectionSet, prefix);
      }
    }
  };
  for (const n of fieldNodes) walk(n.selectionSet, '');
  return out;
}

/** Re-key a response value from response keys (aliases) to field names, following the selection set. */
export function byFieldName(value: unknown, set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>): unknown {
  if (!set || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => byFieldName(v, set, fragments));
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const walk = (s: SelectionSetNode) => {
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        if (key in src) out[sel.name.value] = byFieldName(src[key], sel.selectionSet, fragments);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
      else {
        const f = fragments[sel.name.value];
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(set);
  return out;
}

/** For validation messages: the field path ("a/b") and argument name around every node. */
function nodeContext(document: DocumentNode): Map<ASTNode, { fieldPath: string | null; argName: string | null }> {
  const map = new Map<ASTNode, { fieldPath: string | null; argName: string | null }>();
  const fieldStack: string[] = [];
  const argStack: string[] = [];
  visit(document, {
    Field: {
      enter(node) {
        fieldStack.push(node.alias?.value ?? node.name.value);
        map.set(node, { fieldPath: fieldStack.join('/'), argName: null });
      },
      leave() {
        fieldStack.pop();
      },
    },
    Argument: {
      enter(node) {
        argStack.push(node.name.value);
        map.set(node, { fieldPath: fieldStack.join('/') || null, argName: node.name.value });
      },
      leave() {
        argStack.pop();
      },
    },
    ObjectField: {
      enter(node) {
        argStack.push(`${argStack[argStack.length - 1] ?? ''}.${node.name.value}`);
      },
      leave() {
        argStack.pop();
      },
    },
    enter(node) {
      if (node.kind === Kind.FIELD || node.kind === Kind.ARGUMENT || map.has(node)) return;
      if (argStack.length) map.set(node, { fieldPath: fieldStack.join('/') || null, argName: argStack[argStack.length - 1]! });
      else if (fieldStack.length) map.set(node, { fieldPath: fieldStack.join('/'), argName: null });
    },
  });
  return map;
}

export { GraphQLError };
