// What an operation costs before any of it runs: its depth, how many fields it selects and how many of
// them have resolvers, with fragments expanded. Every selection set (a fragment's included) is costed
// once and memoized, so the analysis is linear in the document's size however often fragments are
// spread: the former depth check re-expanded every spread and took seconds on a 1 KB document whose
// fragments each spread the previous one twice (2^30 paths).
//
// Counts are upper bounds: a fragment spread twice, or a field selected twice under one response key,
// counts twice, although graphql-js merges them when executing. A legitimate operation rarely does
// that, and the bound is what keeps a hostile one from being walked at all.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  isAbstractType,
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
}

export interface OperationCost extends Cost {
  /** The first field (document order) nested deeper than `depthLimit`, when one is. */
  tooDeep: FieldNode | null;
  /** A fragment spreads itself: validation reports it, the counts are not meaningful. */
  cycle: boolean;
}

export type HasResolver = (typeName: string, fieldName: string) => boolean;

const ZERO: Cost = { depth: 0, fields: 0, resolvers: 0 };

/**
 * Costs the document's heaviest operation (only one runs, but which is chosen later). Safe on
 * unvalidated documents: unknown fields, types and fragments cost what their selections cost, and a
 * fragment cycle is reported instead of followed.
 */
export function costOf(document: DocumentNode, schema: GraphQLSchema, hasResolver: HasResolver, depthLimit: number): OperationCost {
  const analysis = new CostAnalysis(document, schema, hasResolver);
  const out: OperationCost = { ...ZERO, tooDeep: null, cycle: false };
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = d.operation === 'query' ? schema.getQueryType() : d.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    const c = analysis.set(d.selectionSet, root ?? null);
    out.depth = Math.max(out.depth, c.depth);
    out.fields = Math.max(out.fields, c.fields);
    out.resolvers = Math.max(out.resolvers, c.resolvers);
    if (!out.tooDeep && depthLimit > 0 && c.depth > depthLimit) out.tooDeep = analysis.firstBeyond(d.selectionSet, 1, depthLimit);
  }
  out.cycle = analysis.cycle;
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
    const total: Cost = { depth: 0, fields: 0, resolvers: 0 };
    for (const sel of node.selections) {
      const c = this.selection(sel, parent);
      total.depth = Math.max(total.depth, c.depth);
      total.fields += c.fields;
      total.resolvers += c.resolvers;
    }
    this.inProgress.delete(node);
    this.memo.set(node, total);
    return total;
  }

  private selection(sel: SelectionSetNode['selections'][number], parent: GraphQLNamedType | null): Cost {
    if (sel.kind === Kind.FIELD) {
      const type = this.fieldType(parent, sel.name.value);
      const sub = sel.selectionSet ? this.set(sel.selectionSet, type) : ZERO;
      return {
        depth: 1 + sub.depth,
        fields: 1 + sub.fields,
        resolvers: (this.runsResolver(parent, sel.name.value) ? 1 : 0) + sub.resolvers,
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
      if (sel.kind === Kind.FIELD) return level > limit ? sel : sel.selectionSet ? this.firstBeyond(sel.selectionSet, level + 1, limit) : null;
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

  private runsResolver(parent: GraphQLNamedType | null, fieldName: string): boolean {
    if (!parent || fieldName.startsWith('__')) return false;
    if (isAbstractType(parent)) return this.schema.getPossibleTypes(parent).some((t) => this.hasResolver(t.name, fieldName));
    return this.hasResolver(parent.name, fieldName);
  }
}
