import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Where alarms notify (context `alarmTopicArn`, `alarmEmail`, `alarmWebhookUrl`). */
export interface AlarmNotifications {
  /** An existing topic to notify instead of the stack's own. */
  topicArn?: string;
  /** Subscribed by email (the address confirms the subscription once). */
  email?: string;
  /** An HTTPS endpoint subscribed to the topic: a chat webhook or an incident tool. */
  webhookUrl?: string;
}

/**
 * The one SNS topic every alarm notifies: the stack's own (TLS-only publishing), or an existing one
 * given by ARN; an email address and an HTTPS hook subscribe to it when given.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AlarmNotifications) {
    super(scope, id);
    this.topic = props.topicArn
      ? sns.Topic.fromTopicArn(this, 'Topic', props.topicArn)
      : new sns.Topic(this, 'Topic', { displayName: 'Streamer alarms', enforceSSL: true });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    if (props.webhookUrl) this.topic.addSubscription(new subscriptions.UrlSubscription(props.webhookUrl, { protocol: sns.SubscriptionProtocol.HTTPS }));
  }
}

/** Checks the notification context: an email address, an https:// URL. */
export function parseNotifications(given: AlarmNotifications): AlarmNotifications {
  if (given.email !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(given.email)) throw new Error(`Context "alarmEmail" is not an email address: ${given.email}`);
  if (given.webhookUrl !== undefined && !/^https:\/\/[^\s/]+/.test(given.webhookUrl)) throw new Error('Context "alarmWebhookUrl" must be an https:// URL');
  return given;
}
