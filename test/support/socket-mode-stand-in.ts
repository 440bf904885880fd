import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** What Slack sends over a Socket Mode connection, one per request it would otherwise POST. */
export type EnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** Only on `events_api`: 0 for the first delivery, then 1, 2, 3 (Slack retries for about 5 minutes). */
  retry_attempt?: number;
  retry_reason?: string;
}

/** An acknowledgement the app sent back over the socket. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** Milliseconds from the envelope being sent to its acknowledgement arriving. */
  afterMs: number;
  /** When it arrived (Date.now()), to order it against what the Web API stand-in saw. */
  at: number;
}

// RFC 6455: the key the server must hash with this GUID to prove it speaks WebSocket.
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/**
 * Slack's side of Socket Mode, on a local port: the URL `apps.connections.open` hands out leads here.
 * Like Slack, it greets each connection with `hello`, sends envelopes, answers the client's pings and
 * records the acknowledgements (`{envelope_id, payload?}`) that come back. Enough of RFC 6455 for the
 * Socket Mode client (text frames, ping/pong, close, fragments), with no dependency of its own.
 */
export class SocketModeStandIn {
  readonly acks: SocketAck[] = [];
  readonly sent: Envelope[] = [];
  /** Every connection the app opened, in order; the last open one receives envelopes. */
  private readonly connections: Connection[] = [];
  private readonly sentAt = new Map<string, number>();

  /** Whether the app holds an open connection (it has been greeted with `hello`). */
  get connected(): boolean {
    return this.open() !== undefined;
  }

  /** How many connections the app has opened so far (a reconnect opens another). */
  get connectionCount(): number {
    return this.connections.length;
  }

  /** Takes over an HTTP upgrade request (the server's `upgrade` event). */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const key = req.headers['sec-websocket-key'];
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
    // No extension is agreed (the client offers permessage-deflate): frames stay uncompressed.
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\n\r\n`);
    const connection = new Connection(socket, (text) => this.received(text));
    this.connections.push(connection);
    if (head.length > 0) connection.feed(head);
    connection.sendText(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'stand-in', approximate_connection_time: 3600 }, connection_info: { app_id: 'A1' } }));
  }

  /** Sends one envelope to the app, as Slack would; answers its id. */
  deliver(type: EnvelopeType, payload: Record<string, unknown>, options: { retryAttempt?: number; retryReason?: string } = {}): string {
    const connection = this.open();
    if (!connection) throw new Error('the app holds no open Socket Mode connection');
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      // Slack lets commands and interactions answer in the acknowledgement; events never do.
      accepts_response_payload: type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? '' } : {}),
    };
    this.sent.push(envelope);
    this.sentAt.set(envelope.envelope_id, Date.now());
    connection.sendText(JSON.stringify(envelope));
    return envelope.envelope_id;
  }

  /** The acknowledgements of one envelope (more than one would be a bug in the app). */
  acksOf(envelopeId: string): SocketAck[] {
    return this.acks.filter((a) => a.envelope_id === envelopeId);
  }

  /** Closes every connection as Slack does when it goes away (a close frame, then the socket). */
  stop(): void {
    for (const c of this.connections) c.destroy();
  }

  private open(): Connection | undefined {
    return this.connections.filter((c) => c.isOpen).at(-1);
  }

  private received(text: string): void {
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.envelope_id !== 'string') return;
    const payload = message.payload && typeof message.payload === 'object' ? (message.payload as Record<string, unknown>) : undefined;
    const sentAt = this.sentAt.get(message.envelope_id) ?? Date.now();
    this.acks.push({ envelope_id: message.envelope_id, ...(payload ? { payload } : {}), afterMs: Date.now() - sentAt, at: Date.now() });
  }
}

/** One server-side WebSocket: parses the client's (masked) frames, writes unmasked ones. */
class Connection {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closing = false;

  constructor(
    private readonly socket: Duplex,
    private readonly onText: (text: string) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
    socket.on('error', () => socket.destroy());
  }

  get isOpen(): boolean {
    return !this.closing && !this.socket.destroyed;
  }

  feed(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = readFrame(this.buffer);
      if (!frame) return;
      this.buffer = this.buffer.subarray(frame.length);
      this.handle(frame.fin, frame.opcode, frame.payload);
    }
  }

  sendText(text: string): void {
    this.write(OP.text, Buffer.from(text, 'utf8'));
  }

  destroy(): void {
    if (this.socket.destroyed) return;
    if (!this.closing) this.write(OP.close, closePayload(1001));
    this.closing = true;
    this.socket.destroy();
  }

  private handle(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case OP.text:
      case OP.binary:
      case OP.continuation: {
        this.fragments.push(payload);
        if (!fin) return;
        const whole = Buffer.concat(this.fragments);
        this.fragments = [];
        this.onText(whole.toString('utf8'));
        return;
      }
      case OP.ping:
        this.write(OP.pong, payload);
        return;
      case OP.close:
        // The client closes (e.g. the app stops): echo the close frame, then end the connection.
        if (!this.closing) this.write(OP.close, payload.subarray(0, 2));
        this.closing = true;
        this.socket.end();
        return;
      default:
        return;
    }
  }

  private write(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed || this.closing) return;
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x80 | opcode, length])
        : length < 0x10000
          ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(length)]);
    this.socket.write(Buffer.concat([header, payload]));
  }
}

function bigLength(length: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(length));
  return b;
}

function closePayload(code: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return b;
}

/** One complete frame at the start of `buf`, or null if more bytes are needed. */
function readFrame(buf: Buffer): { fin: boolean; opcode: number; payload: Buffer; length: number } | null {
  if (buf.length < 2) return null;
  const fin = (buf[0]! & 0x80) !== 0;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let length = buf[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskOffset = offset;
  if (masked) offset += 4;
  if (buf.length < offset + length) return null;
  const payload = Buffer.from(buf.subarray(offset, offset + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ buf[maskOffset + (i % 4)]!;
  return { fin, opcode, payload, length: offset + length };
}
