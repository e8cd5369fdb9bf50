// Every cdk-nag AwsSolutions finding Sivera accepts, in one place, each on the narrowest construct
// and finding id, each with the reason a reviewer can check. test/infra proves each one is still
// needed (it matches a finding on a stack built without acknowledgements) and that nothing else fires.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { lambdas, type LambdaKey } from '../api/lambdas.js';
import type { SiveraStack } from './sivera-stack.js';

export interface NagAcknowledgement {
  scope: IConstruct;
  id: string;
  reason: string;
}

export function nagAcknowledgements(stack: SiveraStack): NagAcknowledgement[] {
  const acks: NagAcknowledgement[] = [];
  for (const key of Object.keys(lambdas) as LambdaKey[]) {
    const { fn, role } = stack.functions.byKey[key];
    acks.push(
      {
        scope: fn,
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 (nodejs22.x) is the runtime issue 9 and api/lambdas.ts pin for every function, matching the ' +
          'Node version the local stack and CI test against; moving to nodejs24.x is a separate, tested change.',
      },
      {
        scope: role,
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only from active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no ' +
          'resource-level permissions, so AWS requires Resource "*" for them. Every other statement names ARNs.',
      },
    );
  }
  const pool = stack.auth.userPool;
  acks.push(
    {
      scope: pool,
      id: 'AwsSolutions-COG1',
      reason:
        "The password policy is the seed's product requirement: at least 8 characters with upper case, lower case " +
        'and digits. Symbols are deliberately not required.',
    },
    {
      scope: pool,
      id: 'AwsSolutions-COG2',
      reason: 'MFA is optional by product requirement (seed); TOTP software tokens are offered, SMS is not.',
    },
    {
      scope: pool,
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan (threat protection) is a paid tier the product has not bought; the pool runs on ' +
        'Essentials. Revisit once there is production sign-in traffic to protect.',
    },
    {
      scope: stack.api.api,
      id: 'AwsSolutions-ASC3',
      reason:
        'Logging is on (field level ERROR, own role, retention set) with excludeVerboseContent true on purpose: ' +
        "verbose content would log resolver requests of failing fields, including connectPlatformAccount's " +
        'credentials argument (style-and-security B3). X-Ray tracing covers request-level debugging.',
    },
  );
  return acks;
}

export function acknowledgeNagFindings(stack: SiveraStack): void {
  for (const a of nagAcknowledgements(stack)) Validations.of(a.scope).acknowledge({ id: a.id, reason: a.reason });
}
