import type { ESLint, Linter } from 'eslint';

/** ESLint plugin `appsync-local`: the APPSYNC_JS refusals @aws-appsync/eslint-plugin has no rule for. */
export declare const appsyncLocalPlugin: ESLint.Plugin;
/** `error` for every rule of appsyncLocalPlugin, keyed `appsync-local/<rule>`. */
export declare const appsyncLocalRules: Linter.RulesRecord;
