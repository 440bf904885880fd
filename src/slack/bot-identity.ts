import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;

export interface BotAuthorization {
  botToken: string;
  botId?: string;
  botUserId?: string;
}

/**
 * Who the bot is (`auth.test`), learned once when the process starts and never per request: Bolt
 * would otherwise ask Slack before every listener, and an acknowledgement would wait for Slack.
 * Starting does not wait for it either; while Slack does not answer it is asked again in the
 * background, with backoff. Nothing the app does needs the identity (it ignores none of its own
 * messages), so interactions are served meanwhile.
 */
export class BotIdentity {
  private known: { botId: string; botUserId: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly client: WebClient,
    private readonly token: string,
    private readonly logger: Logger,
  ) {}

  /** Starts learning the identity; answers at once. */
  start(): void {
    this.stopped = false;
    void this.attempt(FIRST_RETRY_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  get learned(): boolean {
    return this.known !== null;
  }

  /** Bolt's `authorize`: the token and whatever identity is known, without calling Slack. */
  readonly authorize = async (): Promise<BotAuthorization> => ({ botToken: this.token, ...(this.known ?? {}) });

  private async attempt(nextDelayMs: number): Promise<void> {
    if (this.stopped) return;
    try {
      const answer = await this.client.auth.test();
      this.known = { botId: String(answer.bot_id ?? ''), botUserId: String(answer.user_id ?? '') };
      this.logger.info({ botUserId: this.known.botUserId }, 'Slack bot identity learned');
    } catch {
      // The failure is logged (method and error code) by the outbound path.
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.attempt(Math.min(MAX_RETRY_MS, nextDelayMs * 2)), nextDelayMs);
      this.timer.unref();
    }
  }
}
