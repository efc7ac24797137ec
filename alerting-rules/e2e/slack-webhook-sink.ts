import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parts of a Slack incoming-webhook payload Alertmanager fills. */
export type SlackAttachment = {
  title?: string;
  title_link?: string;
  text?: string;
  fallback?: string;
  color?: string;
  mrkdwn_in?: string[];
};

export type SlackMessage = {
  channel?: string;
  username?: string;
  text?: string;
  attachments?: SlackAttachment[];
};

export type SlackWebhookSink = {
  /** The webhook URL to give Alertmanager (through `slack_api_url_file`). */
  url: string;
  /** Accepted messages, oldest first. */
  messages: SlackMessage[];
  /** Requests Slack would have refused, with the reason Slack answers. */
  rejected: { reason: string; body: string }[];
  close(): Promise<void>;
};

// Slack incoming-webhook URLs look like this; the path is the secret, so it is checked exactly.
const webhookPath = '/services/T0TREASURY/B0ALERTS00/e2eSinkSecretPath000000';

/**
 * A loopback HTTP server standing in for a Slack incoming webhook. Like Slack it accepts only a
 * POST of a JSON object with `text` or `attachments` on the exact webhook path, answering 200
 * `ok`; otherwise 404 `no_service`, 400 `invalid_payload` or 400 `no_text`.
 */
export async function startSlackWebhookSink(): Promise<SlackWebhookSink> {
  const messages: SlackMessage[] = [];
  const rejected: { reason: string; body: string }[] = [];

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const refuse = (status: number, reason: string) => {
      rejected.push({ reason, body });
      response.writeHead(status, { 'content-type': 'text/html' }).end(reason);
    };
    if (request.url !== webhookPath) return refuse(404, 'no_service');
    if (request.method !== 'POST') return refuse(405, 'invalid_method');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) return refuse(400, 'invalid_payload');
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return refuse(400, 'invalid_payload');
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return refuse(400, 'invalid_payload');
    const message = payload as SlackMessage;
    const hasText = typeof message.text === 'string' && message.text !== '';
    const hasAttachments = Array.isArray(message.attachments) && message.attachments.length > 0;
    if (!hasText && !hasAttachments) return refuse(400, 'no_text');
    messages.push(message);
    response.writeHead(200, { 'content-type': 'text/html' }).end('ok');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${webhookPath}`,
    messages,
    rejected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
