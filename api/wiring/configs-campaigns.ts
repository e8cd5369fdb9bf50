import type { FunctionDef, ResolverDef } from './types.js';

export const functions: FunctionDef[] = [];

export const resolvers: ResolverDef[] = [];
