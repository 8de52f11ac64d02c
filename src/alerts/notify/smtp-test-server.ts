import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A message the test server accepted. Test support only. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers and MIME body). */
  raw: string;
  user: string | undefined;
}

export interface SmtpTestServerOptions {
  /** Refuse every RCPT TO with this reply code (550 permanent, 451 temporary). */
  rejectRecipientsWith?: number;
  /** Require this user and password (AUTH is optional otherwise). */
  credentials?: { user: string; password: string };
  /** Offer STARTTLS with this key and certificate. */
  tls?: { key: string; cert: string };
}

/** A real SMTP server on 127.0.0.1 (random port). Test support only. */
export interface SmtpTestServer {
  port: number;
  mails: ReceivedMail[];
  /** RCPT TO attempts seen, accepted or not. */
  recipientsTried: number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Starts an SMTP server that stores what it receives. Test support only. */
export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const mails: ReceivedMail[] = [];
  const state = { recipientsTried: 0 };
  const config: SMTPServerOptions = {
    secure: false,
    authOptional: options.credentials === undefined,
    allowInsecureAuth: options.tls === undefined,
    disabledCommands: options.tls === undefined ? ['STARTTLS'] : [],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    onAuth(auth, _session, callback) {
      const expected = options.credentials;
      if (expected && auth.username === expected.user && auth.password === expected.password) {
        callback(null, { user: auth.username });
      } else {
        callback(smtpError('Invalid username or password', 535));
      }
    },
    onRcptTo(_address, _session, callback) {
      state.recipientsTried++;
      const code = options.rejectRecipientsWith;
      if (code !== undefined) callback(smtpError(`Recipient refused (${code})`, code));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(config);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    get recipientsTried() {
      return state.recipientsTried;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The decoded text of a quoted-printable or 7bit MIME part, for assertions. Test support only. */
export function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
