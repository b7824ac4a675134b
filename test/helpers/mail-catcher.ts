import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** An email as the catcher received it, its parts decoded. */
export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  headers: Map<string, string>;
  text: string;
  html: string;
}

/** Answers the catcher gives to a message's recipient: accept, or refuse with an SMTP code. */
export type RecipientAnswer = 'accept' | { code: number; message: string };

/**
 * An SMTP server on 127.0.0.1 that keeps what it receives, for tests: no TLS, no login.
 * `answer` decides, per recipient, whether the message is taken.
 */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  answer: (recipient: string) => RecipientAnswer = () => 'accept';
  private server!: SMTPServer;
  url = '';

  static async start(): Promise<MailCatcher> {
    const catcher = new MailCatcher();
    const options: SMTPServerOptions = {
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const answer = catcher.answer(address.address);
        if (answer === 'accept') return callback();
        callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const mail = parseMail(Buffer.concat(chunks).toString('utf8'));
          mail.from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          mail.to = session.envelope.rcptTo.map((r) => r.address);
          catcher.mails.push(mail);
          callback();
        });
      },
    };
    catcher.server = new SMTPServer(options);
    await new Promise<void>((resolve) => catcher.server.listen(0, '127.0.0.1', resolve));
    const { port } = catcher.server.server.address() as AddressInfo;
    catcher.url = `smtp://127.0.0.1:${port}`;
    return catcher;
  }

  /** The first mail to `recipient` that `match` accepts, polling until the deadline. */
  async waitFor(
    recipient: string,
    match: (mail: CaughtMail) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mails.find((m) => m.to.includes(recipient) && match(m));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching email to ${recipient} arrived`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Header lines, continuation lines joined. */
function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) as text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_, _charset: string, enc: string, data: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch (encoding?.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

function splitHead(raw: string): [string, string] {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return [raw, ''];
  const sep = raw.slice(at).startsWith('\r\n\r\n') ? 4 : 2;
  return [raw.slice(0, at), raw.slice(at + sep)];
}

/** A message's headers and its text and HTML parts (one level of multipart, as nodemailer sends). */
export function parseMail(raw: string): CaughtMail {
  const [head, body] = splitHead(raw);
  const headers = parseHeaders(head);
  const mail: CaughtMail = {
    from: '',
    to: [],
    subject: decodeWords(headers.get('subject') ?? ''),
    headers,
    text: '',
    html: '',
  };
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => {
          const [h, b] = splitHead(part.replace(/^\r?\n/, ''));
          return { headers: parseHeaders(h), body: b.replace(/\r?\n$/, '') };
        })
    : [{ headers, body }];
  for (const part of parts) {
    const partType = part.headers.get('content-type') ?? 'text/plain';
    const decoded = decodeBody(part.body, part.headers.get('content-transfer-encoding'));
    if (partType.startsWith('text/html')) mail.html = decoded;
    else if (partType.startsWith('text/plain')) mail.text = decoded;
  }
  return mail;
}
