import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import appsync from '@aws-appsync/eslint-plugin';

export default defineConfig(
  { ignores: ['node_modules/**', 'dist/**', 'client/dist/**', 'cdk.out/**', '.local/**', '**/generated/**', 'local/demo/public/**'] },
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // APPSYNC_JS: the resolver code AppSync runs, checked with AWS's own rules.
    files: ['resolvers/**/*.ts'],
    extends: [appsync.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
);
