import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMimeMessage, type ParsedMail } from './mime.js';

export type ReceivedMail = ParsedMail & {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The user the client authenticated as. */
  authenticatedUser: string;
  raw: string;
};

export type SmtpSink = {
  host: string;
  port: number;
  /** host:port, for Alertmanager's smarthost. */
  smarthost: string;
  mails: ReceivedMail[];
  /** Authentication attempts that failed, with the username tried. */
  failedLogins: string[];
  close(): Promise<void>;
};

export type StartSmtpSinkParameters = {
  /** The only credentials accepted (AUTH PLAIN or LOGIN); anything else gets 535. */
  username: string;
  password: string;
};

/**
 * A loopback SMTP server (npm `smtp-server`) that requires authentication and keeps every
 * accepted message, parsed. It speaks plain SMTP without STARTTLS: it stands in for a relay on
 * 127.0.0.1, to which Go's SMTP client sends AUTH PLAIN without TLS.
 */
export async function startSmtpSink({ username, password }: StartSmtpSinkParameters): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const failedLogins: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === username && auth.password === password) {
        callback(null, { user: auth.username });
        return;
      }
      failedLogins.push(auth.username ?? '');
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          ...parseMimeMessage(raw),
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
          authenticatedUser: String(session.user ?? ''),
          raw,
        });
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    smarthost: `127.0.0.1:${port}`,
    mails,
    failedLogins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
