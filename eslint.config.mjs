import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import appsync from '@aws-appsync/eslint-plugin';
import { appsyncLocalPlugin, appsyncLocalRules } from './local/resolver-runtime/lint-rules.mjs';

export default defineConfig(
  { ignores: ['node_modules/**', 'dist/**', 'client/dist/**', 'cdk.out/**', '.local/**', '**/generated/**', 'local/demo/public/**'] },
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // APPSYNC_JS: the resolver code AppSync runs, checked with AWS's own rules (the type-aware
    // `recommended` set) plus the refusals AWS documents that the plugin has no rule for. The local
    // runtime runs these same rules on every bundle it loads (local/resolver-runtime/code-check.ts).
    files: ['domains/*/resolvers/**/*.ts', 'domains/*/pipeline/**/*.ts', 'domains/*/helpers/**/*.ts', 'lib/appsync/**/*.ts'],
    extends: [appsync.configs.recommended],
    plugins: { 'appsync-local': appsyncLocalPlugin },
    rules: appsyncLocalRules,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
);
