// A loopback SMTP server for tests: it receives real messages on 127.0.0.1, parses them with mailparser, and
// can be told to refuse (451 for "try later", 550 for "never") at MAIL FROM, RCPT TO or DATA, for some recipients
// only, or to be slow.
import { simpleParser, type AddressObject, type Attachment, type Headers } from 'mailparser';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  /** The SMTP envelope: MAIL FROM and RCPT TO. */
  envelope: { from: string | null; to: string[] };
  messageId: string | undefined;
  from: string[];
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  headers: Headers;
  attachments: Attachment[];
  raw: Buffer;
}

export interface FailureOptions {
  /** Refuse this many times, then accept again; without it, refuse until failWith(null). */
  times?: number;
  /** Refuse only messages to this address. */
  recipient?: string;
  /**
   * Answer MAIL FROM (the whole message, before its recipients are known), RCPT TO (per recipient) or the message
   * data (the whole message, when one of its recipients is `recipient`); default: 'rcpt' with a recipient, else 'data'.
   */
  stage?: 'mail' | 'rcpt' | 'data';
}

export interface TestSmtpServer {
  readonly port: number;
  /** The messages accepted, in order. */
  readonly messages: ReceivedMessage[];
  /** Every refusal the server answered, as "<code> <address or 'data'>". */
  readonly refusals: string[];
  /** Answer with this SMTP code (451 temporary, 550 permanent …) until reset with null; replaces other refusals. */
  failWith(code: number | null, message?: string, options?: FailureOptions): void;
  /** One more refusal beside those set: each is checked in the order added, the first that applies answers. */
  alsoFailWith(code: number, message?: string, options?: FailureOptions): void;
  /** Wait this long before answering a message's data. */
  setDelay(ms: number): void;
  /** Resolves once at least n messages have been accepted, or fails after timeoutMs. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Forgets the messages and refusals and accepts everything again. */
  reset(): void;
  close(): Promise<void>;
}

interface Failure {
  code: number;
  message: string;
  remaining: number;
  recipient: string | null;
  stage: 'mail' | 'rcpt' | 'data';
}

const DEFAULT_REPLY: Record<number, string> = {
  421: 'Service not available, closing transmission channel',
  450: 'Mailbox unavailable, try again later',
  451: 'Local error in processing, try again later',
  452: 'Insufficient system storage',
  550: 'Mailbox unavailable',
  552: 'Message exceeds storage allocation',
  554: 'Transaction failed',
};

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((o) => o.value.map((a) => a.address ?? '')).filter(Boolean);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startSmtp(opts: { port?: number; delayMs?: number } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  const refusals: string[] = [];
  let failures: Failure[] = [];
  let delayMs = opts.delayMs ?? 0;

  /** The failure that applies to these recipients at this stage, counted when it is used. */
  function refusal(stage: Failure['stage'], recipients: string[]): Error | null {
    const failure = failures.find(
      (f) =>
        f.stage === stage &&
        (!f.recipient || stage === 'mail' || recipients.some((r) => r.toLowerCase() === f.recipient)),
    );
    if (!failure) return null;
    const error = smtpError(failure.code, failure.message);
    refusals.push(`${failure.code} ${stage === 'rcpt' ? recipients[0] : stage}`);
    failure.remaining -= 1;
    if (failure.remaining <= 0) failures = failures.filter((f) => f !== failure);
    return error;
  }

  function failureOf(code: number, message: string | undefined, options: FailureOptions): Failure {
    return {
      code,
      message: message ?? DEFAULT_REPLY[code] ?? 'Refused',
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      recipient: options.recipient ? options.recipient.toLowerCase() : null,
      stage: options.stage ?? (options.recipient ? 'rcpt' : 'data'),
    };
  }

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onMailFrom(_address, _session, callback) {
      callback(refusal('mail', []));
    },
    onRcptTo(address, _session, callback) {
      callback(refusal('rcpt', [address.address]));
    },
    onData(stream, session, callback) {
      void (async () => {
        const raw = await readAll(stream);
        const envelopeTo = session.envelope.rcptTo.map((a) => a.address);
        const refused = refusal('data', envelopeTo);
        if (refused) return callback(refused);
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        const parsed = await simpleParser(raw);
        const from = session.envelope.mailFrom;
        messages.push({
          envelope: { from: from ? from.address : null, to: envelopeTo },
          messageId: parsed.messageId,
          from: addressesOf(parsed.from),
          to: addressesOf(parsed.to),
          cc: addressesOf(parsed.cc),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          headers: parsed.headers,
          attachments: parsed.attachments,
          raw,
        });
        callback();
      })().catch((e: unknown) => callback(smtpError(451, `test server: ${(e as Error).message}`)));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors on client sockets (a client that hangs up) are expected in tests that stop clients mid-way.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    messages,
    refusals,
    failWith(code, message, options = {}) {
      failures = code === null ? [] : [failureOf(code, message, options)];
    },
    alsoFailWith(code, message, options = {}) {
      failures.push(failureOf(code, message, options));
    },
    setDelay(ms) {
      delayMs = ms;
    },
    async waitFor(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${n} message(s) within ${timeoutMs} ms, received ${messages.length}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
    reset() {
      messages.length = 0;
      refusals.length = 0;
      failures = [];
      delayMs = opts.delayMs ?? 0;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Configuration that points the service's mail at a loopback server, retrying at once. */
export function smtpConfig(port: number, maxConnections = 2) {
  return {
    mail: {
      smtp: { host: '127.0.0.1', port, secure: false, user: null, password: null, maxConnections },
      retryBaseSeconds: 0,
    },
  };
}
