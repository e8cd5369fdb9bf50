// Every cfn-lint finding the synthesized templates are allowed to keep, with its reason, written into the
// resource's own Metadata (`cfn-lint: config: ignore_checks`) so the ignore covers that resource only.
// Linted for the stack's target region (`--regions`, from the manifest: cfn-lint's resource schemas are
// per region). .ci/run lints cdk.out/*.template.json; test/infra/cfn-lint.test.ts lints both stages and
// fails if an ignore here is no longer needed.
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

export interface CfnLintIgnore {
  rule: string;
  /** CloudFormation resource type the ignore applies to (each such resource of the stack). */
  resourceType: string;
  reason: string;
}

export const cfnLintIgnores: CfnLintIgnore[] = [
  {
    rule: 'W3005',
    resourceType: CfnFunction.CFN_RESOURCE_TYPE_NAME,
    reason:
      "aws-cdk-lib's Function depends on its whole role construct so it never runs before the role's DefaultPolicy " +
      'exists; the Role half of that DependsOn repeats the Fn::GetAtt (redundant, harmless) and cannot be dropped alone.',
  },
];

/** Writes the ignores into the Metadata of every matching resource of the stack. */
export function applyCfnLintIgnores(stack: Stack): void {
  const visit = (c: IConstruct): void => {
    if (c instanceof CfnResource) {
      const rules = cfnLintIgnores.filter((i) => i.resourceType === c.cfnResourceType).map((i) => i.rule);
      if (rules.length > 0) c.addMetadata('cfn-lint', { config: { ignore_checks: rules } });
    }
    for (const child of c.node.children) visit(child);
  };
  visit(stack);
}
