import { WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import type { Logger } from '../logger.js';

/**
 * The one Slack Web API client. Retries and rate limits are handled by our delivery path (which
 * knows what may be retried and keeps what failed), so the client itself neither retries nor waits.
 */
export function createSlackClient(token: string, apiUrl: string | null, logger: Logger): WebClient {
  return new WebClient(token, {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: {
      // The client's debug output contains request bodies (the details modal carries personal data).
      debug: () => undefined,
      info: (...m: unknown[]) => logger.debug({ slack: m.map(String).join(' ') }),
      warn: (...m: unknown[]) => logger.warn({ slack: m.map(String).join(' ') }),
      error: (...m: unknown[]) => logger.error({ slack: m.map(String).join(' ') }),
      setLevel: () => undefined,
      getLevel: () => 'info' as never,
      setName: () => undefined,
    },
  });
}

export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'transient'; detail: string }
  | { kind: 'permanent'; detail: string };

/** Platform errors that retrying cannot fix (a wrong channel, a revoked token, a bad payload). */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
  'user_not_found',
  'cant_update_message',
  'message_not_found',
  'invalid_arguments',
]);

export function classifySlackError(err: unknown): SlackFailure {
  if (err instanceof WebAPIRateLimitedError) return { kind: 'rate_limited', retryAfterMs: Math.max(1, err.retryAfter) * 1000 };
  if (err instanceof WebAPIPlatformError) {
    const code = String(err.data.error);
    return PERMANENT_ERRORS.has(code) ? { kind: 'permanent', detail: code } : { kind: 'transient', detail: code };
  }
  if (err instanceof WebAPIHTTPError) {
    return err.statusCode >= 500 || err.statusCode === 408
      ? { kind: 'transient', detail: `http ${err.statusCode}` }
      : { kind: 'permanent', detail: `http ${err.statusCode}` };
  }
  if (err instanceof WebAPIRequestError) return { kind: 'transient', detail: 'request failed' };
  return { kind: 'transient', detail: err instanceof Error ? err.message : 'unknown error' };
}
