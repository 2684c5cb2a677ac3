import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { SmsSender } from "../ports/sms-sender.ts";

/**
 * SMS straight to a phone number through Amazon SNS. Transactional: SNS routes codes for
 * reliability rather than price (the account's spend limit is set by the stage's CDK).
 */
export const snsSmsSender = (client = new SNSClient({})): SmsSender => ({
  async send({ to, text }) {
    const result = await client.send(
      new PublishCommand({
        PhoneNumber: to,
        Message: text,
        MessageAttributes: {
          "AWS.SNS.SMS.SMSType": { DataType: "String", StringValue: "Transactional" },
        },
      }),
    );
    if (!result.MessageId) throw new Error("SNS accepted the SMS without a message id");
    return { messageId: result.MessageId };
  },
});
