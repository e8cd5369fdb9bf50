// APPSYNC_JS refusals that @aws-appsync/eslint-plugin@2.0.2 has no rule for, as ESLint rules. One copy
// serves both the local runtime's save-time check (code-check.ts, on the bundle) and `npm run lint` on
// resolvers/ (eslint.config.mjs), so the two always agree. Source of every refusal:
// https://docs.aws.amazon.com/appsync/latest/devguide/supported-features.html
// Plain JavaScript because eslint.config.mjs imports it without a TypeScript loader (types: lint-rules.d.mts).

/** @typedef {import('eslint').Rule.RuleModule} RuleModule */
/** @typedef {import('eslint').Rule.RuleContext} RuleContext */

/** "Error types": throwing errors with `throw` is not supported. */
/** @type {RuleModule} */
const noThrow = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return { ThrowStatement: (node) => context.report({ node, message: 'Throw statements are not supported. Use util.error().' }) };
  },
};

const FUNCTION_METHODS = new Set(['apply', 'bind', 'call']);

/** @param {any} node */
function propertyName(node) {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return undefined;
}

/** The variable `name` resolves to from `node`'s scope, if the code declares it. */
function findVariable(/** @type {RuleContext} */ context, /** @type {any} */ node, /** @type {string} */ name) {
  for (let scope = context.sourceCode.getScope(node); scope; scope = scope.upper) {
    const v = scope.set.get(name);
    if (v) return v;
  }
  return undefined;
}

const isFunctionNode = (/** @type {any} */ n) => n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration');

/**
 * Whether `node` evaluates to a function: its type has call signatures (when type information is
 * there), it is a function expression, a name bound to a function, or a built-in's method
 * (`Array.prototype.push`, `Math.max`, `util.time.nowISO8601`).
 */
function isFunctionValued(/** @type {RuleContext} */ context, /** @type {any} */ node) {
  if (isFunctionNode(node)) return true;
  const services = /** @type {any} */ (context.sourceCode.parserServices);
  const tsNode = services?.program && services.esTreeNodeToTSNodeMap?.get(node);
  if (tsNode) {
    const type = services.program.getTypeChecker().getTypeAtLocation(tsNode);
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return true;
  }
  if (node.type === 'Identifier') {
    const v = findVariable(context, node, node.name);
    if (!v) return false;
    return v.defs.some((/** @type {any} */ d) => d.type === 'FunctionName' || (d.type === 'Variable' && isFunctionNode(d.node.init)));
  }
  if (node.type === 'MemberExpression') {
    // X.prototype.m, or a method of a documented global object
    const obj = node.object;
    if (obj.type === 'MemberExpression' && propertyName(obj) === 'prototype') return true;
    if (obj.type === 'Identifier' && ['Math', 'JSON', 'Object', 'Array', 'String', 'Number', 'console'].includes(obj.name) && !findVariable(context, obj, obj.name)) return true;
  }
  return false;
}

/** "Function": the `apply`, `bind`, and `call` methods are not supported. */
/** @type {RuleModule} */
const noFunctionMethods = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      MemberExpression(node) {
        const name = propertyName(node);
        if (name && FUNCTION_METHODS.has(name) && isFunctionValued(context, node.object))
          context.report({ node, message: `Function.prototype.${name} is not supported.` });
      },
    };
  },
};

/** Globals APPSYNC_JS does not provide: promises, the Function constructor, regular expressions. */
const UNSUPPORTED_GLOBALS = new Map([
  ['Promise', 'Promises are not supported.'],
  ['Function', 'Function constructors are not supported.'],
  ['RegExp', 'Regular expressions are not supported.'],
]);

/** "Promises", "Function", "String" (regular expressions) sections. */
/** @type {RuleModule} */
const noUnsupportedGlobals = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    return {
      'Program:exit'(node) {
        const globalScope = context.sourceCode.getScope(node);
        // Unresolved names, and names typescript-eslint resolves to its built-in lib declarations
        // (a variable without definitions in the code).
        const refs = [...globalScope.through];
        for (const name of UNSUPPORTED_GLOBALS.keys()) {
          const v = globalScope.set.get(name);
          if (v && v.defs.length === 0) refs.push(...v.references);
        }
        for (const ref of refs) {
          const r = /** @type {any} */ (ref);
          // TypeScript type positions (`Promise<void>` in an annotation) are not run.
          if (r.isTypeReference && !r.isValueReference) continue;
          // `new Promise(...)` is @aws-appsync/no-promise's to report.
          const parent = /** @type {any} */ (ref.identifier).parent;
          if (ref.identifier.name === 'Promise' && parent?.type === 'NewExpression' && parent.callee === ref.identifier) continue;
          const message = UNSUPPORTED_GLOBALS.get(ref.identifier.name);
          if (message) context.report({ node: ref.identifier, message });
        }
      },
    };
  },
};

export const appsyncLocalPlugin = {
  meta: { name: 'appsync-local' },
  rules: {
    'no-throw': noThrow,
    'no-function-methods': noFunctionMethods,
    'no-unsupported-globals': noUnsupportedGlobals,
  },
};

/** Severity of every rule above, keyed as configured under the plugin name `appsync-local`. */
export const appsyncLocalRules = /** @type {const} */ ({
  'appsync-local/no-throw': 'error',
  'appsync-local/no-function-methods': 'error',
  'appsync-local/no-unsupported-globals': 'error',
});
