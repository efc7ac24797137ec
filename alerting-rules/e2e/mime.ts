/** A received email, decoded enough to assert on what a person would read. */
export type ParsedMail = {
  /** Header names lower-cased; repeated headers keep the first value. */
  headers: Record<string, string>;
  subject: string;
  /** The text/plain part, decoded. */
  text: string | undefined;
  /** The text/html part, decoded. */
  html: string | undefined;
};

type Part = { headers: Record<string, string>; body: string };

/**
 * Parses the RFC 5322 / MIME message Alertmanager sends: headers (unfolded, RFC 2047 encoded
 * words in the subject decoded), a single part or multipart/alternative or multipart/mixed
 * bodies, quoted-printable or base64 transfer encodings, UTF-8 text. Enough for the sink, not a
 * general mail parser.
 */
export function parseMimeMessage(raw: string): ParsedMail {
  const message = splitPart(raw.replace(/\r\n/g, '\n'));
  const leaves = flattenParts(message);
  const leafOfType = (type: string) => leaves.find((part) => contentType(part).mediaType === type);
  const text = leafOfType('text/plain');
  const html = leafOfType('text/html');
  return {
    headers: message.headers,
    subject: decodeEncodedWords(message.headers.subject ?? ''),
    text: text ? decodeBody(text) : undefined,
    html: html ? decodeBody(html) : undefined,
  };
}

function splitPart(raw: string): Part {
  const end = raw.indexOf('\n\n');
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? '' : raw.slice(end + 2);
  const headers: Record<string, string> = {};
  // Unfold: a line starting with whitespace continues the previous header.
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function contentType(part: Part): { mediaType: string; boundary: string | undefined } {
  const value = part.headers['content-type'] ?? 'text/plain';
  const mediaType = (value.split(';')[0] ?? '').trim().toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(value)?.[1];
  return { mediaType, boundary };
}

function flattenParts(part: Part): Part[] {
  const { mediaType, boundary } = contentType(part);
  if (!mediaType.startsWith('multipart/') || boundary === undefined) return [part];
  const delimiter = `--${boundary}`;
  const sections = part.body.split('\n');
  const children: string[][] = [];
  let current: string[] | undefined;
  for (const line of sections) {
    if (line.trimEnd() === `${delimiter}--`) break;
    if (line.trimEnd() === delimiter) {
      current = [];
      children.push(current);
    } else if (current) {
      current.push(line);
    }
  }
  return children.flatMap((lines) => flattenParts(splitPart(lines.join('\n'))));
}

function decodeBody(part: Part): string {
  const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return part.body;
}

function decodeQuotedPrintable(body: string): string {
  // Soft line breaks ("=" at the end of a line) join lines; "=XX" is one byte.
  const joined = body.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i];
    const hex = joined.slice(i + 1, i + 3);
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}
