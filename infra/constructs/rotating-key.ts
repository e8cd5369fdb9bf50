// The project's customer-managed KMS keys share one policy on rotation and deletion.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/** A KMS key rotated yearly; kept on stack deletion (30-day window) where the stage retains data, else 7 days. */
export function rotatingKey(scope: Construct, description: string, retainData: boolean | undefined): Key {
  return new Key(scope, 'Key', {
    description,
    enableKeyRotation: true,
    rotationPeriod: Duration.days(365),
    removalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(retainData ? 30 : 7),
  });
}
