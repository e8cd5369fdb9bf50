// The KMS key that encrypts connected ad-account credentials. Every use is bound to the record it
// protects through the encryption context { userId, platform, accountId } (style-and-security B4):
// a ciphertext copied onto another user's or account's row cannot be decrypted.
import { AnyPrincipal, Effect, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { rotatingKey } from './rotating-key.js';

export type CredentialKeyAction = 'kms:Encrypt' | 'kms:GenerateDataKey' | 'kms:Decrypt';

export interface CredentialKeyProps {
  readonly prefix: string;
  readonly retainData: boolean;
  /** Allowed values of the `platform` context key (the schema's Platform enum). */
  readonly platforms: string[];
}

export const encryptionContextKeys = ['userId', 'platform', 'accountId'] as const;

/** The key's data operations, all of which take an encryption context. */
export const dataActions = ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'] as const;

export class CredentialKey extends Construct {
  readonly key: Key;
  readonly alias: Alias;
  private readonly platforms: string[];

  constructor(scope: Construct, id: string, props: CredentialKeyProps) {
    super(scope, id);
    if (props.platforms.length === 0) throw new Error('CredentialKey needs at least one platform');
    this.platforms = props.platforms;
    // The default key policy delegates to IAM (account root), so the conditioned role policies
    // (statement() below) are the only grants; no key-policy statement allows the functions anything.
    this.key = rotatingKey(this, 'Sivera ad-platform credentials (envelope encryption, context-bound)', props.retainData);
    // Defence in depth in the key policy itself: no principal, however broad its IAM policy, can use
    // the key for data without the record's context (one statement per key: Null conditions AND).
    for (const k of encryptionContextKeys) {
      this.key.addToResourcePolicy(
        new PolicyStatement({
          sid: `DenyDataUseWithout-${k}`,
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: [...dataActions],
          resources: ['*'],
          conditions: { Null: { [`kms:EncryptionContext:${k}`]: 'true' } },
        }),
      );
    }
    this.alias = new Alias(this, 'Alias', { aliasName: `alias/${props.prefix}sivera-credentials`, targetKey: this.key });
  }

  /**
   * One statement for `actions`, allowed only with exactly the record's context keys, a known
   * platform and non-empty userId/accountId. Not key.grantEncrypt/grantDecrypt: those are unconditioned.
   */
  statement(actions: CredentialKeyAction[]): PolicyStatement {
    if (actions.length === 0) throw new Error('CredentialKey.statement needs at least one action');
    return new PolicyStatement({
      actions: [...actions].sort(),
      resources: [this.key.keyArn],
      conditions: {
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': [...encryptionContextKeys] },
        StringEquals: { 'kms:EncryptionContext:platform': this.platforms },
        Null: { 'kms:EncryptionContext:userId': 'false', 'kms:EncryptionContext:accountId': 'false' },
      },
    });
  }

  grant(role: IRole, actions: CredentialKeyAction[]): void {
    role.addToPrincipalPolicy(this.statement(actions));
  }
}
