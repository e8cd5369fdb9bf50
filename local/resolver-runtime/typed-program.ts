// A TypeScript program for one APPSYNC_JS bundle, so the type-aware rules of @aws-appsync/eslint-plugin
// (its `recommended` config: no-recursion, no-function-passing, no-disallowed-methods, ...) can run on
// the bundle the way they run on resolvers/ in `npm run lint`. AWS type-checks uploaded code as well
// (EvaluateCode errors such as `code.js(5,14): error TS2339`).
//
// The program sees only the bundle, TypeScript's ES2023 lib and the @aws-appsync/utils typings: the
// host serves no other file, so code that names other paths (imports, `/// <reference path>`) cannot make
// the compiler read the disk. Lib and typings are parsed once per process and shared by every program.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import type * as TS from 'typescript';
import { ALLOWED_MODULES } from './code-check.js';

const require = createRequire(import.meta.url);

interface Host {
  ts: typeof TS;
  fileName: string;
  options: TS.CompilerOptions;
  host: TS.CompilerHost;
  current: { code: string };
  previous: TS.Program | undefined;
}

let state: Host | undefined;

function setUp(): Host {
  if (state) return state;
  const ts = require('typescript') as typeof TS;
  const utilsDir = dirname(require.resolve('@aws-appsync/utils/package.json'));
  const libDir = dirname(ts.getDefaultLibFilePath({}));
  // Beside the real typings, so resolving `@aws-appsync/utils` finds them as it would for a resolver.
  const fileName = join(dirname(dirname(utilsDir)), '.appsync-code', 'code.js');
  const options: TS.CompilerOptions = {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const current = { code: '' };
  const base = ts.createCompilerHost(options, true);
  const allowed = (f: string) => f === fileName || f.startsWith(utilsDir + sep) || f.startsWith(libDir + sep);
  const shared = new Map<string, TS.SourceFile>();
  const host: TS.CompilerHost = {
    ...base,
    fileExists: (f) => allowed(f) && (f === fileName || base.fileExists(f)),
    readFile: (f) => (f === fileName ? current.code : allowed(f) ? base.readFile(f) : undefined),
    directoryExists: (d) => base.directoryExists?.(d) ?? true,
    getSourceFile(f, languageVersion) {
      if (f === fileName) return ts.createSourceFile(f, current.code, languageVersion, true, ts.ScriptKind.JS);
      if (!allowed(f)) return undefined;
      let sf = shared.get(f);
      if (!sf) {
        sf = base.getSourceFile(f, languageVersion);
        if (sf) shared.set(f, sf);
      }
      return sf;
    },
    resolveModuleNameLiterals(literals, containingFile, _redirect, opts) {
      return literals.map((lit) =>
        ALLOWED_MODULES.includes(lit.text) ? ts.resolveModuleName(lit.text, containingFile, opts, host) : { resolvedModule: undefined },
      );
    },
  };
  state = { ts, fileName, options, host, current, previous: undefined };
  return state;
}

/** The absolute name the bundle has in its program. */
export function programFileName(): string {
  return setUp().fileName;
}

/** The program of `code` and the file name it has there (give ESLint that name). */
export function programFor(code: string): { program: TS.Program; fileName: string } {
  const s = setUp();
  s.current.code = code;
  // The previous program lets TypeScript reuse the shared files' structure.
  const program = s.ts.createProgram({ rootNames: [s.fileName], options: s.options, host: s.host, oldProgram: s.previous });
  s.previous = program;
  return { program, fileName: s.fileName };
}
