import { pino, type Logger } from 'pino';

/**
 * Structured logs. Tokens are redacted wherever they could appear; patient data is never handed to
 * the logger in the first place (log references and ids, not case contents).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'opinion-desk' },
      // "time":"2026-11-30T09:00:00.000Z": readable by people and by log shippers alike.
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-slack-signature"]',
          'headers.authorization',
          '*.token',
          '*.botToken',
          '*.appToken',
          '*.signingSecret',
          '*.apiTokens',
          'config.slack',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };
