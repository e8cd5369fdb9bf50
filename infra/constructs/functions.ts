// The Lambdas of api/lambdas.ts, bundled from the same entry modules the local Invoke endpoint imports.
// Each gets its own role (no AWS-managed policies) and its own log group with retention, so the role
// can write logs to exactly that group.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { lambdas, type LambdaKey } from '../../api/lambdas.js';

export interface FunctionsProps {
  /** Repository root: entries, package-lock.json and tsconfig are resolved from it. */
  readonly root: string;
  readonly prefix: string;
  readonly retainData: boolean;
  readonly logRetention: RetentionDays;
  /** Environment every function gets (table names). */
  readonly environment: Record<string, string>;
}

export interface SiveraFunction {
  fn: NodejsFunction;
  role: Role;
  logGroup: LogGroup;
}

/** ESM output needs `require` for the CommonJS dependencies esbuild inlines. */
const esmRequireBanner =
  "import { createRequire as __siveraCreateRequire } from 'node:module'; const require = __siveraCreateRequire(import.meta.url);";

export class Functions extends Construct {
  readonly byKey: Record<LambdaKey, SiveraFunction>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const entries = (Object.keys(lambdas) as LambdaKey[]).map((key) => {
      const def = lambdas[key];
      const entry = join(props.root, def.entry);
      if (!existsSync(entry)) {
        throw new Error(`Lambda ${key}: entry ${def.entry} does not exist (declared in api/lambdas.ts)`);
      }
      const functionName = `${props.prefix}${def.functionName}`;
      const scopeOf = new Construct(this, key);
      const logGroup = new LogGroup(scopeOf, 'Logs', {
        logGroupName: `/aws/lambda/${functionName}`,
        retention: props.logRetention,
        removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      const role = new Role(scopeOf, 'Role', {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `Execution role of ${functionName}`,
      });
      // The log group exists (created above), so no logs:CreateLogGroup.
      role.addToPolicy(
        new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      );
      const fn = new NodejsFunction(scopeOf, 'Function', {
        functionName,
        entry,
        handler: def.handler,
        projectRoot: props.root,
        depsLockFilePath: join(props.root, 'package-lock.json'),
        runtime: Runtime.NODEJS_22_X,
        architecture: Architecture.ARM_64,
        memorySize: def.memorySize,
        timeout: Duration.seconds(def.timeout),
        role,
        logGroup,
        loggingFormat: LoggingFormat.TEXT,
        tracing: Tracing.ACTIVE,
        // Stack traces through the esbuild source maps (NodejsFunction does not add this itself).
        environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          sourceMap: true,
          sourcesContent: false,
          minify: true,
          // Bundle the pinned AWS SDK instead of the runtime's copy: the cloud runs what the tests ran.
          externalModules: [],
          mainFields: ['module', 'main'],
          banner: esmRequireBanner,
          tsconfig: join(props.root, 'tsconfig.json'),
        },
      });
      return [key, { fn, role, logGroup }] as const;
    });
    this.byKey = Object.fromEntries(entries) as Record<LambdaKey, SiveraFunction>;
    // Retries, event age and the on-failure destination of asynchronous invocations, as api/lambdas.ts
    // declares them (the local Invoke endpoint honours the same). Lambda sends the invocation record with
    // the source function's role, so that role may invoke exactly the destination's unqualified ARN
    // (aws-lambda-destinations' LambdaDestination would also grant `<arn>:*`, every version and alias).
    for (const key of Object.keys(lambdas) as LambdaKey[]) {
      const a = lambdas[key].async;
      if (!a) continue;
      const target = this.byKey[a.onFailure].fn;
      const onFailure: IDestination = {
        bind: (_scope, source) => {
          source.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [target.functionArn] }));
          return { destination: target.functionArn };
        },
      };
      this.byKey[key].fn.configureAsyncInvoke({ retryAttempts: a.retryAttempts, maxEventAge: Duration.seconds(a.maxEventAgeSeconds), onFailure });
    }
  }
}
