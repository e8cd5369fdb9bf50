// The KMS key that encrypts the app-level platform secrets in SSM Parameter Store, and read access to
// exactly those parameters. With the AWS-managed aws/ssm key every principal in the account could
// decrypt them; with this key only roles granted here can, and only through SSM for these parameters.
import { Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { rotatingKey } from './rotating-key.js';
import { platformSecrets, secretParameterName } from '../platform-secrets.js';

export interface PlatformSecretsProps {
  readonly stage: string;
  readonly prefix: string;
  readonly retainData: boolean;
}

export class PlatformSecrets extends Construct {
  readonly key: Key;
  readonly alias: Alias;
  /** ARNs of the parameters (which an operator creates; see infra/README.md). */
  readonly parameterArns: string[];

  constructor(scope: Construct, id: string, props: PlatformSecretsProps) {
    super(scope, id);
    this.key = rotatingKey(this, 'Sivera app-level ad-platform secrets (SSM SecureString parameters)', props.retainData);
    this.alias = new Alias(this, 'Alias', { aliasName: `alias/${props.prefix}sivera-platform-secrets`, targetKey: this.key });
    const stack = Stack.of(this);
    this.parameterArns = platformSecrets.map((s) =>
      stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: secretParameterName(props.stage, s).slice(1) }),
    );
  }

  /** ssm:GetParameter on the parameters; kms:Decrypt only when SSM decrypts one of them. */
  grantRead(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ssm:GetParameter'], resources: this.parameterArns }));
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `ssm.${Aws.REGION}.amazonaws.com`,
            // Parameter Store puts the parameter's ARN in the encryption context of every SecureString.
            'kms:EncryptionContext:PARAMETER_ARN': this.parameterArns,
          },
        },
      }),
    );
  }
}
