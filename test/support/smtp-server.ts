import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface ReceivedMail {
  to: string[];
  raw: string;
  parsed: ParsedMail;
  messageId: string;
}

/** How the server answers one message: accept (250), refuse for now (451), refuse for good (550), or drop the connection. */
export type SmtpAnswer = 250 | 451 | 550 | 'drop';

/**
 * A real SMTP server on loopback (the `smtp-server` package), speaking the whole conversation:
 * the app's nodemailer talks to it exactly as it would to the hospital's relay. No STARTTLS (plain
 * loopback); login with the user and password given, or none.
 */
export class LocalSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Decides the answer to each message by its recipient (default: accept). */
  answer: (to: string) => SmtpAnswer = () => 250;
  /** Waits this long before answering the end of DATA (a slow relay). */
  delayMs = 0;
  /** Told when a message's data has fully arrived, before the answer (a test may kill the sender then). */
  onData: ((to: string) => void) | null = null;
  /** While set, the answer to the end of DATA waits for it (a relay that has the message and has not said so yet). */
  hold: Promise<void> | null = null;
  private server: SMTPServer | null = null;
  port = 0;

  constructor(private readonly auth: { user: string; password: string } | null = null) {}

  async start(port = 0): Promise<this> {
    const auth = this.auth;
    this.server = new SMTPServer({
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      logger: false,
      size: 10 * 1024 * 1024,
      onAuth: (a, _session, cb) => {
        if (auth && a.username === auth.user && a.password === auth.password) cb(null, { user: a.username });
        else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (address: SMTPServerAddress, session, cb) => {
        // Decided once per message, at its recipient; the end of DATA answers the same.
        const a = this.answer(address.address);
        (session as unknown as { answer: SmtpAnswer }).answer = a;
        if (a === 550) return cb(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
        cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const answer = (session as unknown as { answer?: SmtpAnswer }).answer ?? 250;
          this.onData?.(to[0] ?? '');
          const held = this.hold;
          const finish = async () => {
            await held;
            if (answer === 'drop') {
              // The connection dies mid-conversation, as when a relay restarts.
              const connections = (this.server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }).connections;
              for (const c of connections) if (c.id === session.id) c._socket.destroy();
              return;
            }
            if (answer === 451) return cb(Object.assign(new Error('4.3.0 try again later'), { responseCode: 451 }));
            const raw = Buffer.concat(chunks).toString('utf8');
            const parsed = await simpleParser(raw);
            this.received.push({ to, raw, parsed, messageId: parsed.messageId ?? '' });
            cb();
          };
          if (this.delayMs > 0) setTimeout(() => void finish(), this.delayMs);
          else void finish();
        });
      },
    });
    const server = this.server;
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.server.address() as { port: number }).port;
    return this;
  }

  url(): string {
    return this.auth ? `smtp://${encodeURIComponent(this.auth.user)}:${encodeURIComponent(this.auth.password)}@127.0.0.1:${this.port}` : `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
