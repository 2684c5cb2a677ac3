import { type RemovalPolicy, Validations } from "aws-cdk-lib";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { APP_NAME } from "../shared/src/events/registry.ts";

/** Props of {@link TelegramBotSecrets}. */
export interface TelegramBotSecretsProps {
  /** The stage's name, for the descriptions. */
  stageName: string;
  /** RETAIN in stages that keep their data. */
  removalPolicy: RemovalPolicy;
}

/**
 * The support bot's two secrets per stage: the bot token (from @BotFather, put into the secret
 * after the first deploy; the notify function reads it at run time) and the webhook secret
 * (generated; Telegram sends it in `X-Telegram-Bot-Api-Secret-Token` once `setWebhook` was given it).
 */
export class TelegramBotSecrets extends Construct {
  /** The bot token: a placeholder until an operator puts the real token in. */
  readonly botToken: Secret;
  /** `TELEGRAM_WEBHOOK_SECRET`: letters and digits only, Telegram's alphabet for `secret_token`. */
  readonly webhookSecret: Secret;

  constructor(scope: Construct, id: string, props: TelegramBotSecretsProps) {
    super(scope, id);
    this.botToken = new Secret(this, "BotToken", {
      description: `${APP_NAME} ${props.stageName} Telegram support bot token (from @BotFather; put it in after deploying)`,
      removalPolicy: props.removalPolicy,
    });
    this.webhookSecret = new Secret(this, "WebhookSecret", {
      description: `${APP_NAME} ${props.stageName} Telegram webhook secret (setWebhook secret_token)`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.botToken).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Telegram issues bot tokens: rotation is a /revoke in @BotFather followed by putting the new token in this secret (read at the next cold start).",
    });
    Validations.of(this.webhookSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "Rotating the webhook secret needs a setWebhook call with the new value; rotate by updating the secret, redeploying and calling setWebhook.",
    });
  }
}
