// The local APPSYNC_JS runtime: resolver sandbox, util/extensions/runtime built-ins, the
// @aws-appsync/utils/dynamodb module, data sources and the EvaluateCode endpoint.
export type * from './types.js';
export { createResolverExecutor, authTypeOf } from './resolver-executor.js';
export { loadCode, loadCodeCached, CodeLoadError, TIMEOUT_ERROR, DEFAULT_HANDLER_TIMEOUT_MS } from './sandbox.js';
export type { LoadedCode, HandlerResult, Outcome } from './sandbox.js';
export { checkAndPrepare, checkAndPrepareOffThread, MAX_CODE_LENGTH, ALLOWED_MODULES } from './code-check.js';
export type { CodeError, CodeErrorLocation } from './code-check.js';
export { DynamoDataSource, createDynamoClient } from './data-sources/dynamodb.js';
export { LambdaDataSource } from './data-sources/lambda.js';
export { noneDataSource } from './data-sources/none.js';
export type { DataSourceOutcome, DataSourceError, DataSourceCallInfo } from './data-sources/types.js';
export { evaluateCode, handleEvaluateCode, EvaluateCodeBadRequest, EVALUATE_CODE_PATH, EVALUATE_CODE_TIMEOUT_MS } from './evaluate-code.js';
export type { EvaluateCodeInput, EvaluateCodeOutput } from './evaluate-code.js';
