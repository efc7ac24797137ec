/**
 * Prints the notifications Alertmanager sends to the demo's local sinks (a Slack webhook and an
 * SMTP relay on 127.0.0.1), so a newcomer sees the routing work without any Slack or mail account.
 */
import type { MailLike, SlackMessageLike } from './alerting-harness.js';

export interface NotificationWatcher {
  stop(): void;
}

export interface WatchNotificationsParameters {
  slack: { messages: SlackMessageLike[] };
  smtp: { mails: MailLike[] };
  print: (line: string) => void;
  intervalMs?: number;
}

/** One line per Slack message: channel and the attachment title the repo's template renders. */
export function describeSlackMessage(message: SlackMessageLike): string {
  const title = message.attachments?.[0]?.title ?? message.text ?? '(no text)';
  return `[slack ${message.channel ?? ''}] ${title}`.replace('[slack ]', '[slack]');
}

/** One line per email: recipients and subject. */
export function describeMail(mail: MailLike): string {
  return `[email to ${mail.envelopeTo.join(', ')}] ${mail.subject}`;
}

/**
 * Polls the sinks' message lists and prints each new message once. The sinks keep messages in
 * arrays (they were written for tests), so watching their length is all it takes.
 */
export function watchNotifications({ slack, smtp, print, intervalMs = 1000 }: WatchNotificationsParameters): NotificationWatcher {
  let slackSeen = 0;
  let mailSeen = 0;
  const timer = setInterval(() => {
    for (; slackSeen < slack.messages.length; slackSeen++) print(describeSlackMessage(slack.messages[slackSeen]!));
    for (; mailSeen < smtp.mails.length; mailSeen++) print(describeMail(smtp.mails[mailSeen]!));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
