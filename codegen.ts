import type { CodegenConfig } from '@graphql-codegen/cli';

// AWS scalars as they travel in JSON.
const scalars = {
  AWSDate: 'string',
  AWSTime: 'string',
  AWSDateTime: 'string',
  AWSTimestamp: 'number',
  AWSEmail: 'string',
  AWSJSON: 'string',
  AWSURL: 'string',
  AWSPhone: 'string',
  AWSIPAddress: 'string',
};

const config: CodegenConfig = {
  schema: ['schema.graphql', 'api/appsync-tooling.graphql'],
  generates: {
    // Types for resolvers/ and functions/: schema types, inputs, enums and per-field argument types.
    'api/generated/schema-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: { scalars, useTypeImports: true, enumsAsTypes: true, avoidOptionals: false },
    },
    // The one schema file a frontend's own codegen or GraphQL tooling needs: the contract plus AppSync's
    // scalars and directives (AppSync defines them, so schema.graphql alone fails with Unknown type
    // "AWSDate"). Shipped in the client package as @sivera/client/schema.graphql.
    'client/schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: true, sort: false },
    },
    // Typed documents for every operation in client/operations (the frontend's client).
    'client/generated/': {
      documents: ['client/operations/**/*.graphql'],
      preset: 'client',
      config: { scalars, useTypeImports: true, enumsAsTypes: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
