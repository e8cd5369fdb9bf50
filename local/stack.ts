// The whole local stack in one call: DynamoDB Local (+ tables), KMS, the Lambda Invoke endpoint,
// Cognito, the fake ad platforms and the AppSync-compatible GraphQL endpoint, wired to each other the
// way AWS wires them. Used by `npm start` (persistent, fixed ports), vitest's global setup (in-memory,
// ephemeral ports) and the benches. Builds nothing: callers build the resolver bundles first.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdas, type LambdaKey } from '../api/lambdas.js';
import type { LambdaConfig } from '../lib/node/lambda-config.js';
import { tableEnv, tableName, tables, type TableKey } from '../api/tables.js';
import { wiring } from '../api/wiring/index.js';
import type { ExecutorOptions, ResolverExecutor } from './resolver-runtime/types.js';
import { demoHandler } from './demo/serve.js';
import { makeCertificate } from './graphql-endpoint/tls.js';
import { lambdaConfigOf } from './lambda-config.js';
import { amplifyConfig, type StackOutputs } from './outputs.js';
import { checkCognitoState, DEFAULT_CONFIRMATION_CODE, PASSWORD_POLICY, postConfirmationWatcher, startCognito, type CognitoService } from './services/cognito.js';
import { machineCacheDir } from './services/cache-dir.js';
import { checkJavaCached, ensureTables, startDynamoDbLocal, type DynamoDbLocal } from './services/dynamodb.js';
import { DEFAULT_KEY_ALIAS, readStore, startKms, type KmsServer } from './services/kms.js';
import { startLambdaService, type AnyHandler, type LambdaService, type LambdaServiceOptions } from './services/lambda.js';
import { privateDir, privateTree, writePrivateFile } from './services/files.js';
import { setCodeCheckCache } from './resolver-runtime/code-check.js';
import { fingerprint, readFingerprint } from '../scripts/fingerprint.mjs';
import { createStackLog, type StackLog } from './services/log.js';
import { guardProcess } from './services/crash-guard.js';
import { checkCorsOrigins } from './services/origin-guard.js';
import { reservePort } from './services/ports.js';
import { loadOrCreateSecrets, SECRETS_FILE } from './services/secrets.js';

export type { StackOutputs } from './outputs.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_REGION = 'ap-northeast-2';
const ACCOUNT_ID = '000000000000';

export interface StackPorts {
  graphql: number;
  graphqlHttps: number;
  cognito: number;
  dynamodb: number;
  kms: number;
  lambda: number;
  /** First of four consecutive ports (Google Ads, Meta, Naver, Kakao). */
  fakes: number;
}

/** Env var that overrides each port (documented in .env.example); named in "port in use" errors. */
export const PORT_ENV: Record<keyof StackPorts, string> = {
  graphql: 'SIVERA_GRAPHQL_PORT',
  graphqlHttps: 'SIVERA_GRAPHQL_HTTPS_PORT',
  cognito: 'SIVERA_COGNITO_PORT',
  dynamodb: 'SIVERA_DYNAMODB_PORT',
  kms: 'SIVERA_KMS_PORT',
  lambda: 'SIVERA_LAMBDA_PORT',
  fakes: 'SIVERA_FAKES_PORT',
};

export interface StartStackOptions {
  /** Persistent state directory (DynamoDB, Cognito, KMS keys, TLS); undefined → in-memory DynamoDB and a fresh temp dir. */
  dataDir?: string;
  /** Unset ports are ephemeral (0). */
  ports?: Partial<StackPorts>;
  /** Also serve the GraphQL endpoint over HTTPS/WSS (self-signed certificate). */
  https?: boolean;
  /** Seed the demo data (once per dataDir). */
  demo?: boolean;
  region?: string;
  tablePrefix?: string;
  confirmationCode?: string;
  /** Stack log file (default <state dir>/stack.log); terminal: echo log lines (those a filter accepts, or what it returns instead) to stderr. */
  log?: { file?: string; terminal?: boolean | ((source: string, text: string) => boolean | string) };
  /** Resolver bundles to execute (default dist/resolvers; test runs build their own copy so they never race `npm run build`). */
  bundleDir?: string;
  /** Start the fake ad platforms (default: when local/fakes/index.ts exists). */
  fakes?: boolean;
  /**
   * With `demo`: return as soon as the services are up and seed in the background (`Stack.demoSeeded`).
   * Meanwhile the demo users' sign-ins wait for the seeding to finish, so nobody sees half-made demo data.
   */
  demoInBackground?: boolean;
  /**
   * npm start's edit loop (local/watch): resolvers, pipeline functions, Lambda modules, the wiring and
   * the schema under `root` (default: the repo) are rebuilt and served on save; `report` gets one line each.
   */
  watch?: { root?: string; report?: (line: string) => void; debounceMs?: number };
  /** Called as each service is up (name, ms since the start began): npm start's progress lines. */
  onProgress?: (service: string, ms: number) => void;
  /** App-level platform secrets for the sync Lambda (`<VAR>` as infra/platform-secrets.ts names them; npm start passes its shell's). */
  appSecrets?: LambdaConfig['appSecrets'];
}

export interface Stack {
  outputs: StackOutputs;
  /** Handles for tests of the stack itself and for the benches. */
  services: {
    dynamodb: DynamoDbLocal;
    kms: KmsServer;
    lambda: LambdaService;
    cognito: CognitoService;
    log: StackLog;
  };
  /** Settles when the demo data is seeded (at once without `demo`; with `demoInBackground`, after the start). */
  demoSeeded: Promise<void>;
  /** Stops everything this call started (children killed and awaited). */
  stop(): Promise<void>;
}

type GraphqlModule = typeof import('./graphql-endpoint/server.js');
type GraphqlOptions = Parameters<GraphqlModule['startGraphqlEndpoint']>[0];
type GraphqlEndpoint = Awaited<ReturnType<GraphqlModule['startGraphqlEndpoint']>>;
type FakesModule = typeof import('./fakes/index.js');
type FakePlatforms = Awaited<ReturnType<FakesModule['startFakePlatforms']>>;

/** What each handler module exports besides the deployed `handler`: the handler made from a config. */
const HANDLER_FACTORY = 'createHandler';
type HandlerFactory = (config: LambdaConfig) => AnyHandler;

/**
 * The Lambda handler modules by function, imported through literal paths (so a precompiled bundle of
 * the stack contains them); each is the module api/lambdas.ts deploys as that function's `entry`.
 * Typed: tsc checks that each module's factory accepts the stack's LambdaConfig.
 */
const LAMBDA_MODULES: Record<LambdaKey, () => Promise<{ [HANDLER_FACTORY]: (config: LambdaConfig) => unknown }>> = {
  postConfirmation: () => import('../domains/users-teams/lambda/handler.js'),
  credentials: () => import('../domains/credentials/lambda/handler.js'),
  sync: () => import('../domains/sync/lambda/handler.js'),
  syncFailed: () => import('../domains/sync/lambda/failed-handler.js'),
};

/** Each function's handler, made with this stack's config (known once the stack's services are up). */
function lambdaHandlers(config: Promise<LambdaConfig>): NonNullable<LambdaServiceOptions['handlers']> {
  return Object.fromEntries(
    Object.values(lambdas).map((def) => [
      def.functionName,
      {
        def,
        // Lazy: a handler still being written does not stop the stack, it fails its own invocations.
        load: async () => {
          const make = (await LAMBDA_MODULES[def.key]())[HANDLER_FACTORY] as unknown;
          if (typeof make !== 'function') throw new Error(`${def.entry} does not export a function "${HANDLER_FACTORY}"`);
          return (make as HandlerFactory)(await config);
        },
      },
    ]),
  );
}

/** The demo page bundle, rebuilt only when its sources (or the installed packages) changed. */
async function demoPage(outDir: string): Promise<string> {
  const marker = join(outDir, '.fingerprint');
  const want = fingerprint([join(repoRoot, 'local', 'demo'), join(repoRoot, 'client'), join(repoRoot, 'package-lock.json')]);
  if (readFingerprint(marker) === want && existsSync(join(outDir, 'demo.js')) && existsSync(join(outDir, 'index.html'))) return outDir;
  const { buildDemo } = await import('./demo/build.js');
  await buildDemo(outDir);
  writePrivateFile(marker, `${want}\n`);
  return outDir;
}

export async function startStack(opts: StartStackOptions = {}): Promise<Stack> {
  const region = opts.region ?? DEFAULT_REGION;
  const prefix = opts.tablePrefix ?? '';
  const ports = opts.ports ?? {};
  const tempDir = opts.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'sivera-stack-'));
  const stateDir = opts.dataDir ?? tempDir!;
  // Owner-only before anything is written into it; existing installs (0755/0644) are fixed here too.
  privateDir(stateDir);
  privateTree(stateDir);
  const log = createStackLog(opts.log?.file ?? join(stateDir, 'stack.log'), opts.log?.terminal ?? false);
  // This stack's Lambda configuration, passed to each handler (never through process.env, which one
  // process shares): settled once the services it names are up.
  let settleConfig!: { resolve(c: LambdaConfig): void; reject(e: unknown): void };
  const lambdaConfig = new Promise<LambdaConfig>((resolve, reject) => (settleConfig = { resolve, reject }));
  lambdaConfig.catch(() => undefined); // a failed start rejects it; nobody may be waiting

  const stops: (() => Promise<void>)[] = []; // in start order; run in reverse
  const unguard = guardProcess(log);
  stops.push(async () => unguard());
  let lambdaService: LambdaService | undefined;
  const stopAll = async () => {
    const errors: unknown[] = [];
    // Async invocations (a sync) still write to DynamoDB and publish through GraphQL: let them finish first.
    await lambdaService?.drain().catch((e: unknown) => errors.push(e));
    for (const s of stops.reverse()) await s().catch((e: unknown) => errors.push(e));
    stops.length = 0;
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    if (errors.length) throw new AggregateError(errors, 'some local services did not stop cleanly');
  };

  // Everything started so far, settled before cleanup: a half-started child must be stopped, never orphaned.
  const starting: Promise<unknown>[] = [];
  const started = <T>(p: Promise<T>): Promise<T> => {
    starting.push(p.catch(() => undefined));
    return p;
  };

  /** Starts npm start's watcher; set up with the endpoint, called once the stack is ready. */
  let startWatching: (() => void) | undefined;
  const t0 = Date.now();
  const took = (what: string, service?: string) => {
    log.write('stack', `${what} after ${Date.now() - t0} ms`);
    if (service) opts.onProgress?.(service, Date.now() - t0);
  };
  try {
    log.write('stack', `starting (state: ${opts.dataDir ?? 'in-memory'}, region ${region})`);
    // This install's IAM key pair and token-signing key (generated at the first start, RSA in the background).
    const secretsFile = join(stateDir, SECRETS_FILE);
    const secretsReady = loadOrCreateSecrets(secretsFile);
    secretsReady.catch(() => undefined); // awaited below; a failure must not be an unhandled rejection meanwhile
    // Fixed ports are checked up front, so a clash names the env var to change before anything starts.
    const names: Record<keyof StackPorts, string> = {
      graphql: 'GraphQL',
      graphqlHttps: 'GraphQL HTTPS',
      cognito: 'Cognito',
      dynamodb: 'DynamoDB Local',
      kms: 'KMS',
      lambda: 'Lambda',
      fakes: 'fake ad platforms',
    };
    const checks: Promise<number>[] = [];
    for (const key of Object.keys(names) as (keyof StackPorts)[]) {
      const p = ports[key];
      if (!p || (key === 'graphqlHttps' && !opts.https)) continue;
      for (let i = 0; i < (key === 'fakes' ? 4 : 1); i++) checks.push(reservePort(p + i, names[key], PORT_ENV[key]));
    }
    const portResults = await Promise.allSettled(checks);
    const busy = portResults.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (busy) throw busy.reason;
    // Corrupt state fails in milliseconds, before any service starts.
    readStore(join(stateDir, 'kms', 'keys.json'));
    checkCognitoState(join(stateDir, 'cognito'));
    await checkJavaCached(); // `java -version` only when this java binary was not checked before
    checkCorsOrigins();
    setCodeCheckCache(machineCacheDir()); // lint verdicts of the resolver bundles: per content, for every data dir

    // DynamoDB Local first: the JVM is by far the slowest to start; everything else starts meanwhile.
    const dbDir = opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined;
    // An ephemeral port is picked here, so its URL is known before the JVM answers.
    const dynamodbPort = ports.dynamodb || (await reservePort(0, 'DynamoDB Local'));
    const dynamodbReady = started(
      startDynamoDbLocal({ port: dynamodbPort, dbDir, log, envVar: PORT_ENV.dynamodb }).then(async (d) => {
        stops.push(() => d.stop());
        took('DynamoDB Local answering');
        try {
          const { created } = await ensureTables({ endpoint: d.endpoint, region }, prefix, dbDir ? join(dbDir, 'sivera-tables.sha256') : undefined);
          if (created.length) log.write('dynamodb', `created tables ${created.join(', ')}`);
          took('tables checked', 'DynamoDB Local');
        } catch (e) {
          if (opts.dataDir && !(e as Error).message.includes('does not match')) {
            throw new Error(
              `DynamoDB Local could not read its database under ${join(opts.dataDir, 'dynamodb')} (${(e as Error).message}). ` +
                `If the file is corrupt, delete that directory (local data is lost) and start again.`,
              { cause: e },
            );
          }
          throw e;
        }
        return d;
      }),
    );
    // The resolver runtime only needs DynamoDB's URL: the endpoint starts while the JVM is still booting.
    const dynamodbEndpoint = `http://127.0.0.1:${dynamodbPort}`;

    // Module loading overlaps with the services starting.
    const fakesModule = started(opts.fakes === false ? Promise.resolve(undefined) : import('./fakes/index.js'));
    const graphqlModule = started(import('./graphql-endpoint/server.js'));
    const appsyncModule = started(import('./resolver-runtime/index.js'));
    const demoModule = started(import('./demo-data.js'));
    const tlsDir = join(stateDir, 'tls');
    // RSA key generation takes seconds on a loaded machine: made in the background, reused by the endpoint.
    const certificate = opts.https ? makeCertificate(tlsDir).catch((e: Error) => log.write('stack', `certificate: ${e.message}`)) : undefined;
    // The demo page (/demo on the GraphQL origin), bundled only when its sources changed.
    const demoDir = started(demoPage(join(stateDir, 'demo')));
    let demoConfig: Record<string, unknown> = {};

    // The demo users' sign-ins wait while their data is being seeded (the seeding's own pass with seedToken).
    let seeding: Promise<void> | undefined;
    const seedToken = randomBytes(16).toString('hex');
    const demoEmails = new Set<string>();
    void demoModule.then((m) => m.DEMO_USERS.forEach((u) => demoEmails.add(u.email.toLowerCase())), () => undefined);
    const holdSignIn = (username: string, req: { headers: Record<string, string | string[] | undefined> }) =>
      seeding && demoEmails.has(username.toLowerCase()) && req.headers['x-sivera-demo-seed'] !== seedToken ? seeding : undefined;

    // The Lambda endpoint starts in milliseconds; Cognito needs its URL. Everything else is independent.
    const secrets = await secretsReady;
    const lambda = await started(
      startLambdaService({ root: repoRoot, region, credentials: secrets.iam, accountId: ACCOUNT_ID, port: ports.lambda, envVar: PORT_ENV.lambda, log, handlers: lambdaHandlers(lambdaConfig) }),
    );
    lambdaService = lambda;
    stops.push(() => lambda.stop());
    took('Lambda up', 'Lambda');

    // AWS reports a failing PostConfirmation trigger to the ConfirmSignUp caller; the front needs to know.
    const postConfirmation = postConfirmationWatcher(lambda, lambdas.postConfirmation.functionName);

    const kmsReady = started(
      startKms({ file: join(stateDir, 'kms', 'keys.json'), region, credentials: secrets.iam, accountId: ACCOUNT_ID, port: ports.kms, envVar: PORT_ENV.kms, log }).then((k) => {
        stops.push(() => k.stop());
        took('KMS up', 'KMS');
        return k;
      }),
    );
    const cognitoReady = started(
      startCognito({
        dir: join(stateDir, 'cognito'),
        region,
        credentials: secrets.iam,
        signingKey: secrets.cognitoSigningKey,
        lambdaEndpoint: lambda.url,
        postConfirmationFunction: lambdas.postConfirmation.functionName,
        postConfirmation,
        port: ports.cognito,
        envVar: PORT_ENV.cognito,
        confirmationCode: opts.confirmationCode ?? DEFAULT_CONFIRMATION_CODE,
        log,
        holdSignIn: opts.demo ? holdSignIn : undefined,
      }).then((c) => {
        stops.push(() => c.stop());
        took('Cognito up', 'Cognito');
        return c;
      }),
    );
    const fakesReady = started(
      fakesModule.then((m) =>
        m
          ? m.startFakePlatforms({ port: ports.fakes || undefined, controlAuth: { credentials: secrets.iam, region } }).then((f) => {
              stops.push(() => f.close());
              took('fake ad platforms up', 'fake ad platforms');
              return f;
            })
          : undefined,
      ),
    );

    // The GraphQL endpoint needs Cognito (token issuer) and, with ephemeral ports, DynamoDB's port.
    const endpointReady = started(
      (async () => {
        const [gm, am, dm] = await Promise.all([graphqlModule, appsyncModule, demoModule]);
        took('modules loaded');
        const [cognito, kms, fakes] = await Promise.all([cognitoReady, kmsReady, fakesReady]);
        const ddbEndpoint = dynamodbEndpoint;
        // What a deployed function's environment would hold here (outputs.env: for running a built
        // bundle's `handler` export against this stack); the stack's own handlers get lambdaConfig instead.
        const env: Record<string, string> = {
          ...tableEnv(prefix),
          AWS_REGION: region,
          AWS_DEFAULT_REGION: region,
          AWS_ACCESS_KEY_ID: secrets.iam.accessKeyId,
          AWS_SECRET_ACCESS_KEY: secrets.iam.secretAccessKey,
          AWS_ENDPOINT_URL_DYNAMODB: ddbEndpoint,
          AWS_ENDPOINT_URL_KMS: kms.url,
          AWS_ENDPOINT_URL_LAMBDA: lambda.url,
          KMS_KEY_ID: DEFAULT_KEY_ALIAS,
          ...((fakes?.urls ?? {}) as unknown as Record<string, string>),
        };
        await certificate;

        const bundleDir = opts.bundleDir ?? join(repoRoot, 'dist', 'resolvers');
        if (!existsSync(bundleDir)) log.write('stack', `no resolver bundles in ${bundleDir}: run "npm run build" first`);
        let execOptions: ExecutorOptions = {
          wiring,
          bundleDir,
          dynamodb: { endpoint: ddbEndpoint, region, tablePrefix: prefix },
          lambda: { invoke: (name, payload, type) => lambda.invoke(name, payload, type) },
          env: tableEnv(prefix),
          onLog: (line, field) => log.write('resolver', `${field.typeName}.${field.fieldName} ${line}`),
        };
        let current = am.createResolverExecutor(execOptions);
        // With the watcher, a reload swaps in a new executor (new bundles or wiring) between two requests.
        const executor: ResolverExecutor = opts.watch ? { has: (t, f) => current.has(t, f), execute: (inv) => current.execute(inv) } : current;
        const fields = (f?: Record<string, unknown>) => (f && Object.keys(f).length ? ` ${JSON.stringify(f)}` : '');
        let demoToken: { token: string; until: number } | undefined;
        const graphql: GraphqlEndpoint = await gm.startGraphqlEndpoint({
          host: '127.0.0.1',
          port: ports.graphql ?? 0,
          httpsPort: opts.https ? (ports.graphqlHttps ?? 0) : undefined,
          tls: { dir: tlsDir },
          schemaSdl: readFileSync(join(repoRoot, 'schema.graphql'), 'utf8'),
          executor,
          // Passed in rather than found by path at run time, so a precompiled stack serves it too.
          evaluateCode: am.handleEvaluateCode as unknown as GraphqlOptions['evaluateCode'],
          auth: {
            cognito: { issuer: cognito.issuer, jwksUri: cognito.jwksUri, userPoolClientId: cognito.userPoolClientId },
            iam: { ...secrets.iam, region, accountId: ACCOUNT_ID },
          },
          graphiqlToken: opts.demo
            ? async () => {
                if (!demoToken || demoToken.until < Date.now()) {
                  const t = await dm.signInDemoUser(cognito, region, dm.DEMO_USERS[0]!);
                  demoToken = { token: t.accessToken, until: Date.now() + 30 * 60_000 };
                }
                return demoToken.token;
              }
            : undefined,
          graphiqlAuth: { region, cognitoEndpoint: cognito.endpoint, userPoolClientId: cognito.userPoolClientId, demoUsers: opts.demo ? dm.DEMO_USERS : [] },
          routes: [{ prefix: '/demo', handler: demoHandler(await demoDir, () => demoConfig) }],
          log: {
            info: (m, f) => log.write('graphql', m + fields(f)),
            warn: (m, f) => log.write('graphql', `WARN ${m}${fields(f)}`),
            error: (m, f) => log.write('graphql', `ERROR ${m}${fields(f)}`),
            access: (m, f) => log.write('graphql', m + fields(f), true),
          },
        });
        const g = graphql;
        stops.push(() => g.close());
        took('GraphQL endpoint up', 'GraphQL');
        if (opts.watch) {
          const w = opts.watch;
          // Loaded and started once the stack is ready: nothing of it is on the start path.
          let watching: Promise<{ close(): Promise<void> }> | undefined;
          startWatching = () => {
            watching = import('./watch/index.js').then(({ startWatcher }) =>
              startWatcher({
                root: w.root ?? repoRoot,
                wiring: execOptions.wiring,
                bundleDir,
                outDir: join(repoRoot, 'dist', 'watch', `${process.pid}-${randomBytes(4).toString('hex')}`),
                // The watcher re-imports a module and hands over its factory; the handler is made with this stack's config.
                lambdas: Object.fromEntries(Object.values(lambdas).map((d) => [d.functionName, { entry: d.entry, handler: HANDLER_FACTORY }])),
                debounceMs: w.debounceMs,
                report: (line) => {
                  log.write('watch', line);
                  w.report?.(line);
                },
                apply: {
                  resolvers: () => void (current = am.createResolverExecutor(execOptions)),
                  checkResolver: async (code) => void (await am.loadCodeCached(code)),
                  wiring: (next) => {
                    execOptions = { ...execOptions, wiring: next };
                    current = am.createResolverExecutor(execOptions);
                  },
                  schema: (sdl) => g.reloadSchema(sdl),
                  lambda: (name, load) => lambda.replaceHandler(name, async () => ((await load()) as unknown as HandlerFactory)(await lambdaConfig)),
                },
              }),
            );
          };
          stops.push(async () => (await watching?.catch(() => undefined))?.close());
        }
        env.APPSYNC_GRAPHQL_URL = graphql.url;
        return { graphql, env };
      })(),
    );

    const settled = await Promise.allSettled([dynamodbReady, kmsReady, cognitoReady, fakesReady, endpointReady, demoDir] as const);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [dynamodb, kms, cognito, fakes, { graphql, env }] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
      DynamoDbLocal,
      KmsServer,
      CognitoService,
      FakePlatforms | undefined,
      { graphql: GraphqlEndpoint | undefined; env: Record<string, string> },
    ];
    const { DEMO_USERS, seedDemoData } = await demoModule;

    const base: Omit<StackOutputs, 'amplify'> = {
      region,
      accountId: ACCOUNT_ID,
      graphql: graphql
        ? {
            url: graphql.url,
            realtimeUrl: graphql.realtimeUrl,
            httpsUrl: graphql.httpsUrl,
            httpsRealtimeUrl: graphql.httpsRealtimeUrl,
            certPath: graphql.certPath,
            graphiqlUrl: graphql.url.replace(/\/graphql$/, '/'),
          }
        : null,
      cognito: {
        endpoint: cognito.endpoint,
        userPoolId: cognito.userPoolId,
        userPoolClientId: cognito.userPoolClientId,
        issuer: cognito.issuer,
        jwksUri: cognito.jwksUri,
        confirmationCode: cognito.confirmationCode,
        passwordPolicy: {
          minimumLength: PASSWORD_POLICY.MinimumLength,
          requireUppercase: PASSWORD_POLICY.RequireUppercase,
          requireLowercase: PASSWORD_POLICY.RequireLowercase,
          requireNumbers: PASSWORD_POLICY.RequireNumbers,
          requireSymbols: PASSWORD_POLICY.RequireSymbols,
        },
      },
      dynamodb: {
        endpoint: dynamodb.endpoint,
        tablePrefix: prefix,
        tables: Object.fromEntries((Object.keys(tables) as TableKey[]).map((k) => [k, tableName(k, prefix)])) as Record<TableKey, string>,
      },
      kms: {
        endpoint: kms.url,
        keyAlias: DEFAULT_KEY_ALIAS,
        keyArn: `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${kms.defaultKeyId}`,
        faultsUrl: `${kms.url}/__local/faults`,
      },
      lambda: {
        endpoint: lambda.url,
        functions: Object.fromEntries((Object.keys(lambdas) as LambdaKey[]).map((k) => [k, lambdas[k].functionName])) as Record<LambdaKey, string>,
      },
      platforms: fakes ? ({ ...fakes.urls } as unknown as Record<string, string>) : null,
      iam: { ...secrets.iam },
      secretsPath: secretsFile,
      env,
      stackLogPath: log.path,
      demoUsers: opts.demo ? DEMO_USERS.map((u) => ({ ...u })) : [],
    };
    const outputs: StackOutputs = { ...base, amplify: amplifyConfig(base) };
    settleConfig.resolve(lambdaConfigOf(outputs, opts.appSecrets));
    demoConfig = { outputs: { region, graphql: base.graphql, cognito: { ...base.cognito } }, demoUser: opts.demo ? DEMO_USERS[0] : undefined };

    let demoSeeded: Promise<void> = Promise.resolve();
    const seedAbort = new AbortController();
    if (opts.demo) {
      const t0 = Date.now();
      demoSeeded = seedDemoData({
        outputs,
        stateDir,
        log,
        fakes: fakes?.demo,
        seedToken,
        signal: seedAbort.signal,
        // Behind the ready line: the developer's first requests go first.
        checkDelayMs: opts.demoInBackground ? 2_000 : 0,
        // Only while something is being made: a restart's check of the data holds nobody's sign-in.
        hold: (until) => {
          seeding = until;
          void until.finally(() => {
            if (seeding === until) seeding = undefined;
          });
        },
        repairProfile: async (u) => {
          const event = {
            version: '1',
            triggerSource: 'PostConfirmation_ConfirmSignUp',
            region,
            userPoolId: cognito.userPoolId,
            userName: u.sub,
            callerContext: { awsSdkVersion: 'local', clientId: cognito.userPoolClientId },
            request: { userAttributes: { sub: u.sub, email: u.email, email_verified: 'true', name: u.name, 'cognito:user_status': 'CONFIRMED' } },
            response: {},
          };
          await lambda.invoke(lambdas.postConfirmation.functionName, event, 'RequestResponse');
        },
      }).then(() => log.write('demo', `checked/seeded in ${Date.now() - t0} ms`));
      if (!opts.demoInBackground) await demoSeeded;
      else demoSeeded.catch((e: Error) => log.write('demo', `could not seed the demo data: ${e.message}`));
    }
    // What the children (DynamoDB Local's database, the demo bundle, TLS files) wrote meanwhile.
    privateTree(stateDir);
    log.write('stack', 'ready');
    startWatching?.();
    return {
      outputs,
      services: { dynamodb, kms, lambda, cognito, log },
      demoSeeded,
      stop: async () => {
        seedAbort.abort(); // no further demo step starts; the next start carries on from the data
        await demoSeeded.catch(() => undefined); // its writes go through the services being stopped
        await stopAll();
      },
    };
  } catch (e) {
    log.write('stack', `start failed: ${(e as Error).stack ?? String(e)}`);
    settleConfig.reject(e);
    await Promise.all(starting);
    await stopAll().catch(() => undefined);
    throw e;
  }
}
