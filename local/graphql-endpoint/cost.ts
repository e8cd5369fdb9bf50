// What an operation costs before any of it runs: its depth, how many fields it selects and how many of
// them have resolvers, with fragments expanded. Every selection set (a fragment's included) is costed
// once and memoized, so the analysis is linear in the document's size however often fragments are
// spread: the former depth check re-expanded every spread and took seconds on a 1 KB document whose
// fragments each spread the previous one twice (2^30 paths).
//
// Counts are upper bounds: a fragment spread twice, or a field selected twice under one response key,
// counts twice, although graphql-js merges them when executing. A legitimate operation rarely does
// that, and the bound is what keeps a hostile one from being walked at all.
//
// Introspection: the standard query every tool sends (graphql's getIntrospectionQuery) is 15 levels
// deep, 9 of them its TypeRef fragment's chain of __Type.ofType (NonNull of List of NonNull of ...), so
// it failed the API's depth limit (10, as deployed). An ofType chain no longer than the standard one
// therefore adds no depth (a longer one counts whole, as before): the rest of the standard query is 6
// deep. What an introspection result costs grows with the product of nested list lengths (types × fields
// × args), not with depth, so introspection has bounds of its own instead: few __schema/__type
// selections per operation and at most the standard query's three nested lists under them.
import {
  type DocumentNode,
  type GraphQLObjectType,
  type OperationTypeNode,
  type GraphQLOutputType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isInterfaceType,
  isObjectType,
} from 'graphql';

export interface Cost {
  /** Levels of fields below (and including) this selection set; a leaf field is 1. */
  depth: number;
  /** Field selections, fragments expanded (a float: hostile documents reach 2^30 and beyond). */
  fields: number;
  /** Of those, the fields that run a resolver. */
  resolvers: number;
  /** Introspection root fields (__schema, __type) selected, fragments expanded. */
  introspections: number;
  /** Longest chain of nested __Type.ofType selections. */
  ofTypeChain: number;
  /** Most list-valued fields nested along one path below an introspection root. */
  introspectionLists: number;
  /** Most list-valued fields nested along one path (below here). */
  lists: number;
}

/** Introspection bounds: the standard query uses 1 selection, 3 nested lists and an ofType chain of 9. */
export const INTROSPECTION_LIMITS = { selections: 5, lists: 3, freeOfTypeChain: 9 } as const;

export interface OperationCost extends Cost {
  /** The first field (document order) nested deeper than `depthLimit`, when one is. */
  tooDeep: FieldNode | null;
  /** A fragment spreads itself: validation reports it, the counts are not meaningful. */
  cycle: boolean;
  /** Why the operation's introspection is over INTROSPECTION_LIMITS, when it is. */
  introspectionOverLimit: string | null;
}

export type HasResolver = (typeName: string, fieldName: string) => boolean;

const ZERO: Cost = { depth: 0, fields: 0, resolvers: 0, introspections: 0, ofTypeChain: 0, introspectionLists: 0, lists: 0 };

const rootType = (schema: GraphQLSchema, operation: OperationTypeNode): GraphQLObjectType | null =>
  (operation === 'query' ? schema.getQueryType() : operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType()) ?? null;

/**
 * Costs the document's heaviest operation (only one runs, but which is chosen later). Safe on
 * unvalidated documents: unknown fields, types and fragments cost what their selections cost, and a
 * fragment cycle is reported instead of followed.
 */
export function costOf(document: DocumentNode, schema: GraphQLSchema, hasResolver: HasResolver, depthLimit: number): OperationCost {
  let analysis = new CostAnalysis(document, schema, hasResolver, false);
  const out: OperationCost = { ...ZERO, tooDeep: null, cycle: false, introspectionOverLimit: null };
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const c = analysis.set(d.selectionSet, rootType(schema, d.operation));
    out.depth = Math.max(out.depth, c.depth);
    out.fields = Math.max(out.fields, c.fields);
    out.resolvers = Math.max(out.resolvers, c.resolvers);
    out.introspections = Math.max(out.introspections, c.introspections);
    out.ofTypeChain = Math.max(out.ofTypeChain, c.ofTypeChain);
    out.introspectionLists = Math.max(out.introspectionLists, c.introspectionLists);
    out.lists = Math.max(out.lists, c.lists);
  }
  out.cycle = analysis.cycle;
  // Depth again with ofType chains free when none is longer than the standard query's (a second linear pass).
  if (out.ofTypeChain > 0 && out.ofTypeChain <= INTROSPECTION_LIMITS.freeOfTypeChain) {
    analysis = new CostAnalysis(document, schema, hasResolver, true);
    out.depth = 0;
  }
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const c = analysis.set(d.selectionSet, rootType(schema, d.operation));
    out.depth = Math.max(out.depth, c.depth);
    if (!out.tooDeep && depthLimit > 0 && c.depth > depthLimit) out.tooDeep = analysis.firstBeyond(d.selectionSet, 1, depthLimit);
  }
  const L = INTROSPECTION_LIMITS;
  if (out.introspections > L.selections)
    out.introspectionOverLimit = `Introspection limit exceeded: more than ${L.selections} __schema/__type selections.`;
  else if (out.introspectionLists > L.lists)
    out.introspectionOverLimit = `Introspection limit exceeded: more than ${L.lists} nested lists.`;
  return out;
}

class CostAnalysis {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly memo = new Map<SelectionSetNode, Cost>();
  /** Parent type of every selection set costed, for the guided descent of firstBeyond. */
  private readonly parents = new Map<SelectionSetNode, GraphQLNamedType | null>();
  private readonly inProgress = new Set<SelectionSetNode>();
  cycle = false;

  constructor(
    document: DocumentNode,
    private readonly schema: GraphQLSchema,
    private readonly hasResolver: HasResolver,
    /** ofType selections add no depth (the operation's chains are all within the standard query's). */
    private readonly freeOfType: boolean,
  ) {
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  set(node: SelectionSetNode, parent: GraphQLNamedType | null): Cost {
    const known = this.memo.get(node);
    if (known) return known;
    if (this.inProgress.has(node)) {
      this.cycle = true;
      return ZERO;
    }
    this.inProgress.add(node);
    this.parents.set(node, parent);
    const total: Cost = { ...ZERO };
    for (const sel of node.selections) {
      const c = this.selection(sel, parent);
      total.depth = Math.max(total.depth, c.depth);
      total.fields += c.fields;
      total.resolvers += c.resolvers;
      total.introspections += c.introspections;
      total.ofTypeChain = Math.max(total.ofTypeChain, c.ofTypeChain);
      total.introspectionLists = Math.max(total.introspectionLists, c.introspectionLists);
      total.lists = Math.max(total.lists, c.lists);
    }
    this.inProgress.delete(node);
    this.memo.set(node, total);
    return total;
  }

  private selection(sel: SelectionSetNode['selections'][number], parent: GraphQLNamedType | null): Cost {
    if (sel.kind === Kind.FIELD) {
      const name = sel.name.value;
      const type = this.fieldType(parent, name);
      const sub = sel.selectionSet ? this.set(sel.selectionSet, type) : ZERO;
      const lists = (this.isList(parent, name) ? 1 : 0) + sub.lists;
      const ofType = this.isOfType(parent, name);
      const introspection = name === '__schema' || name === '__type';
      return {
        ...sub,
        depth: (ofType && this.freeOfType ? 0 : 1) + sub.depth,
        introspections: (introspection ? 1 : 0) + sub.introspections,
        introspectionLists: introspection ? lists : sub.introspectionLists,
        ofTypeChain: ofType ? 1 + sub.ofTypeChain : sub.ofTypeChain,
        fields: 1 + sub.fields,
        resolvers: (this.runsResolver(parent, name) ? 1 : 0) + sub.resolvers,
        lists,
      };
    }
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      return this.set(sel.selectionSet, sel.typeCondition ? this.namedType(sel.typeCondition.name.value) : parent);
    }
    const fragment = this.fragments.get(sel.name.value);
    return fragment ? this.set(fragment.selectionSet, this.namedType(fragment.typeCondition.name.value)) : ZERO;
  }

  /** The first field at a level beyond `limit`, in document order, found along the memoized depths. */
  firstBeyond(node: SelectionSetNode, level: number, limit: number): FieldNode | null {
    const parent = this.parents.get(node) ?? null;
    for (const sel of node.selections) {
      if (level - 1 + this.selection(sel, parent).depth <= limit) continue;
      if (sel.kind === Kind.FIELD) {
        if (level > limit) return sel;
        const next = this.freeOfType && this.isOfType(parent, sel.name.value) ? level : level + 1;
        return sel.selectionSet ? this.firstBeyond(sel.selectionSet, next, limit) : null;
      }
      const inner = sel.kind === Kind.INLINE_FRAGMENT ? sel.selectionSet : this.fragments.get(sel.name.value)?.selectionSet;
      const found = inner ? this.firstBeyond(inner, level, limit) : null;
      if (found) return found;
    }
    return null;
  }

  private namedType(name: string): GraphQLNamedType | null {
    return this.schema.getType(name) ?? null;
  }

  private fieldType(parent: GraphQLNamedType | null, name: string): GraphQLNamedType | null {
    if (name === '__schema') return getNamedType(SchemaMetaFieldDef.type);
    if (name === '__type') return getNamedType(TypeMetaFieldDef.type);
    if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return null;
    const def = parent.getFields()[name];
    return def ? getNamedType(def.type) : null;
  }

  private isOfType(parent: GraphQLNamedType | null, name: string): boolean {
    return name === 'ofType' && parent?.name === '__Type';
  }

  private isList(parent: GraphQLNamedType | null, name: string): boolean {
    if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return false;
    const def = parent.getFields()[name];
    return def ? isListType(getNullableType(def.type as GraphQLOutputType)) : false;
  }

  private runsResolver(parent: GraphQLNamedType | null, fieldName: string): boolean {
    if (!parent || fieldName.startsWith('__')) return false;
    if (isAbstractType(parent)) return this.schema.getPossibleTypes(parent).some((t) => this.hasResolver(t.name, fieldName));
    return this.hasResolver(parent.name, fieldName);
  }
}
