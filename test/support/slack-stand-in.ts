import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketModeStandIn } from './socket-mode-stand-in.js';

export interface RecordedCall {
  /** Web API method (e.g. `chat.postMessage`) or `response_url` for replies through a response URL. */
  method: string;
  body: Record<string, unknown>;
  at: number;
  /** For response URL calls: the id in the URL (see `responseUrl`). */
  responseId?: string;
  /** What the stand-in answered. */
  response?: Record<string, unknown>;
  /** For file uploads (`file_upload`, the POST to an upload URL): the bytes as sent. */
  raw?: Buffer;
}

type Failure = { status: number; retryAfterSeconds?: number; error?: string };

/** How the Web API behaves, as Slack's does on a bad day (response URLs keep answering). */
export type StandInMode =
  | { kind: 'healthy' }
  /** Every answer takes this long (Slack over the internet answers in about 100 ms). */
  | { kind: 'slow'; ms: number }
  /** Every call answers HTTP 500. */
  | { kind: 'failing' }
  /** Every call answers 429 with this Retry-After. */
  | { kind: 'rate-limiting'; retryAfterSeconds: number }
  /** No call is ever answered (until the mode changes: then the connection is dropped, nothing is applied). */
  | { kind: 'hanging' };

/**
 * A local stand-in for the Slack Web API (`SLACK_API_URL`) and for response URLs. It records every
 * call the app makes and answers like Slack does; tests can make methods fail for a while. In Socket
 * Mode, `apps.connections.open` hands out the address of `socketMode`, Slack's WebSocket side.
 */
export class SlackStandIn {
  readonly calls: RecordedCall[] = [];
  readonly socketMode = new SocketModeStandIn();
  private server: Server | null = null;
  private ts = 1_700_000_000;
  private failures = new Map<string, Failure[]>();
  private failAllUntil = 0;
  private failAllWith: Failure | null = null;
  /** Optional gate, e.g. to enforce a per-channel rate limit; answers a failure or null. */
  gate: ((method: string, body: Record<string, unknown>) => Failure | null) | null = null;
  private currentMode: StandInMode = { kind: 'healthy' };
  private held = new Set<ServerResponse>();
  /** Calls refused or left unanswered by the mode (not applied), by method. */
  readonly refused: { method: string; at: number }[] = [];
  /** Messages pinned (`pins.add`), as `<channel>/<ts>`. */
  readonly pins = new Set<string>();
  /** Messages someone deleted in Slack: updating or pinning them answers `message_not_found`, as Slack does. */
  private readonly deleted = new Set<string>();

  /** Someone deletes a message in Slack (it is unpinned with it). */
  deleteMessage(channel: string, ts: string): void {
    this.deleted.add(`${channel}/${ts}`);
    this.pins.delete(`${channel}/${ts}`);
  }

  get mode(): StandInMode {
    return this.currentMode;
  }

  set mode(mode: StandInMode) {
    this.currentMode = mode;
    if (mode.kind === 'hanging') return;
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string | number): string {
    return `${this.url}/response/${id}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).then((answer) => {
        if (!answer) return;
        const { status, body, headers } = answer;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.socketMode.accept(req, socket, head));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.mode = { kind: 'healthy' };
    // Upgraded (WebSocket) connections are no longer the HTTP server's to close.
    this.socketMode.stop();
    this.server.closeAllConnections();
    this.server.close();
  }

  /** The next `count` calls of `method` fail this way. */
  failNext(method: string, failure: Failure, count = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array.from({ length: count }, () => failure)]);
  }

  /** Every call fails this way for the next `ms` milliseconds (Slack is down). */
  failFor(ms: number, failure: Failure): void {
    this.failAllUntil = Date.now() + ms;
    this.failAllWith = failure;
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.failAllUntil = 0;
    this.gate = null;
    this.refused.length = 0;
    this.mode = { kind: 'healthy' };
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * The reply a user saw to one command or interaction: what went to its response URL, or what the
   * app answered in the acknowledgement itself (over HTTP, or over the socket in Socket Mode), which
   * Slack shows the same way.
   */
  reply(responseId: string): RecordedCall | undefined {
    const viaUrl = this.calls.find((c) => c.responseId === responseId);
    if (viaUrl) return viaUrl;
    const url = this.responseUrl(responseId);
    for (const ack of this.socketMode.acks) {
      const envelope = this.socketMode.sent.find((e) => e.envelope_id === ack.envelope_id);
      if (ack.payload && envelope?.payload.response_url === url) return { method: 'ack', body: ack.payload, at: Date.now(), responseId };
    }
    return undefined;
  }

  /** An acknowledgement that carried the answer (HTTP mode): Slack shows it to the user as a reply. */
  showAnswer(responseId: string, body: Record<string, unknown>): void {
    this.calls.push({ method: 'ack', body, at: Date.now(), responseId });
  }

  /** Everything the app has sent to Slack, as text: for privacy scans. */
  everythingSent(): string {
    return this.calls.map((c) => (c.raw ? c.raw.toString("latin1") : JSON.stringify(c.body))).join("\n");
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> } | null> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    // files.uploadV2 posts each file's bytes to the upload URL files.getUploadURLExternal handed out.
    if (path.startsWith('/upload/')) {
      this.calls.push({ method: 'file_upload', body: { fileId: path.slice('/upload/'.length) }, at: Date.now(), raw: bytes });
      return { status: 200, body: { ok: true } };
    }
    const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '');
    const body = parseBody(raw, req.headers['content-type'] ?? '');

    // Response URLs are a separate Slack service (hooks.slack.com): the mode is the Web API's.
    const mode: StandInMode = method === 'response_url' ? { kind: 'healthy' } : this.currentMode;
    if (mode.kind === 'slow') await new Promise((r) => setTimeout(r, mode.ms));
    if (mode.kind === 'hanging') {
      this.refused.push({ method, at: Date.now() });
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return null;
    }
    if (mode.kind === 'failing') {
      this.refused.push({ method, at: Date.now() });
      return { status: 500, body: { ok: false, error: 'internal_error' } };
    }
    if (mode.kind === 'rate-limiting') {
      this.refused.push({ method, at: Date.now() });
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(mode.retryAfterSeconds) } };
    }

    const failure =
      this.failures.get(method)?.shift() ??
      (Date.now() < this.failAllUntil ? this.failAllWith : null) ??
      this.gate?.(method, body) ??
      null;
    if (failure) {
      if (failure.status === 200) return { status: 200, body: { ok: false, error: failure.error ?? 'internal_error' } };
      return {
        status: failure.status,
        body: { ok: false, error: failure.error ?? 'ratelimited' },
        headers: failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      };
    }
    const response = this.answer(method, body);
    this.calls.push({ method, body, at: Date.now(), response, ...(method === 'response_url' ? { responseId: path.slice('/response/'.length) } : {}) });
    return { status: 200, body: response };
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'chat.postMessage':
        return { ok: true, channel: body.channel, ts: `${this.ts++}.000100`, message: { text: body.text } };
      case 'chat.getPermalink':
        return { ok: true, channel: body.channel, permalink: permalinkOf(String(body.channel), String(body.message_ts)) };
      case 'chat.update':
        if (this.deleted.has(`${String(body.channel)}/${String(body.ts)}`)) return { ok: false, error: 'message_not_found' };
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'pins.add': {
        const key = `${String(body.channel)}/${String(body.timestamp)}`;
        if (this.deleted.has(key)) return { ok: false, error: 'message_not_found' };
        if (this.pins.has(key)) return { ok: false, error: 'already_pinned' };
        this.pins.add(key);
        return { ok: true };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users)}` } };
      case 'views.open':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${this.ts++}` } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.ts++}.000200` };
      case 'files.getUploadURLExternal': {
        const id = `F${this.ts++}`;
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (Array.isArray(body.files) ? body.files : []) as unknown[] };
      case 'auth.test':
        return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      case 'apps.connections.open':
        // Slack answers a one-time wss:// address; here, plain ws:// to this server.
        return { ok: true, url: `${this.url.replace(/^http/, 'ws')}/link/?ticket=${this.ts++}&app_id=A1` };
      default:
        return { ok: true };
    }
  }
}

/** A permalink as Slack builds it: the workspace's address, the channel, `p` and the ts without its dot. */
export function permalinkOf(channel: string, ts: string): string {
  return `https://opinion-desk-test.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (v.startsWith('{') || v.startsWith('[')) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
