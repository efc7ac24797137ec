import { parseMimeMessage } from './mime.js';

// Shaped like Alertmanager's email (Go's mime/multipart + quoted-printable), CRLF line ends.
const raw = [
  'From: Treasury alerts <treasury-alerts@example.org>',
  'Subject: =?UTF-8?q?[FIRING]_ops-hot_holds_0.5_ETH_=E2=80=94_below?=',
  'To: treasury-oncall@example.org',
  'Content-Type: multipart/alternative;  boundary=b1',
  'MIME-Version: 1.0',
  '',
  '--b1',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Type: text/plain; charset=UTF-8',
  '',
  'FIRING (critical): ops-hot holds 0.5 ETH, below its minimum of =',
  '2 =C2=B7 a=3Db',
  '--b1',
  'Content-Transfer-Encoding: base64',
  'Content-Type: text/html; charset=UTF-8',
  '',
  Buffer.from('<h2>ops-hot</h2>').toString('base64'),
  '--b1--',
  '',
].join('\r\n');

describe('parseMimeMessage', () => {
  test('decodes the subject, the quoted-printable text part and the base64 html part', () => {
    const mail = parseMimeMessage(raw);
    expect(mail.subject).toBe('[FIRING] ops-hot holds 0.5 ETH — below');
    expect(mail.headers.to).toBe('treasury-oncall@example.org');
    expect(mail.text).toBe('FIRING (critical): ops-hot holds 0.5 ETH, below its minimum of 2 · a=b');
    expect(mail.html).toBe('<h2>ops-hot</h2>');
  });

  test('reads a single-part message as text', () => {
    const mail = parseMimeMessage('Subject: plain\r\n\r\nbody line\r\n');
    expect(mail.subject).toBe('plain');
    expect(mail.text).toBe('body line\n');
    expect(mail.html).toBeUndefined();
  });
});
