import { Stack, Validations } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";

/** Props of {@link SmsAccountSettings}. */
export interface SmsAccountSettingsProps {
  /** Most the account may spend on SMS per month, in USD (SNS stops sending beyond it). */
  monthlySpendLimitUsd: number;
}

/**
 * The account's SNS SMS settings: CloudFormation has no resource for them, so a custom resource
 * calls `SetSMSAttributes` on create and update (a monthly spend limit, and Transactional as the
 * default type, which the sender also sets per message). Deleting the stack leaves them as they are:
 * they belong to the account, not to the stack.
 */
export class SmsAccountSettings extends Construct {
  constructor(scope: Construct, id: string, props: SmsAccountSettingsProps) {
    super(scope, id);
    const call = {
      service: "SNS",
      action: "setSMSAttributes",
      parameters: {
        attributes: {
          MonthlySpendLimit: String(props.monthlySpendLimitUsd),
          DefaultSMSType: "Transactional",
        },
      },
      physicalResourceId: PhysicalResourceId.of("sms-account-settings"),
    };
    const resource = new AwsCustomResource(this, "SetSmsAttributes", {
      onCreate: call,
      onUpdate: call,
      // The SDK bundled with the provider's runtime has the call: no npm install at deploy time.
      installLatestAwsSdk: false,
      policy: AwsCustomResourcePolicy.fromStatements([
        // SetSMSAttributes acts on the account's SMS settings: there is no resource to name.
        new PolicyStatement({ actions: ["sns:SetSMSAttributes"], resources: ["*"] }),
      ]),
    });
    Validations.of(resource).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "sns:SetSMSAttributes changes account-level SMS settings and supports no resource-level permissions.",
    });
    // The provider function CDK adds once per stack for every AwsCustomResource: its role and
    // runtime are CDK's, and it runs only while CloudFormation creates or updates this resource.
    const providerFunction = Stack.of(this).node.tryFindChild(
      `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, "")}`,
    );
    if (providerFunction) {
      Validations.of(providerFunction).acknowledge(
        {
          id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
          reason:
            "CDK's AwsCustomResource provider writes its own logs with the basic execution role; it runs only during deployments.",
        },
        {
          id: "AwsSolutions-L1",
          reason: "The AwsCustomResource provider's runtime is chosen and kept current by aws-cdk-lib.",
        },
      );
    }
  }
}
