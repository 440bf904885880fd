import { pino, type Logger } from 'pino';

/** Fields of a PostgreSQL (pg) error that quote row data: the failing row, the statement's context. */
const DATABASE_ERROR_DATA = ['detail', 'where', 'hint', 'internalQuery', 'parameters', 'params', 'values'] as const;

/**
 * Errors as pino serialises them, minus whatever may carry patient data: PostgreSQL's `detail`
 * ("Failing row contains (…)") and `where` (the statement's context, with its values), bound
 * parameters, and quoted values in a database error's message ('invalid input syntax for type date:
 * "…"'). The SQLSTATE code, table, column and constraint stay: they are what an operator needs.
 */
export function safeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  const isDatabaseError = typeof out.code === 'string' && /^[0-9A-Z]{5}$/.test(out.code) && 'severity' in out;
  for (const key of DATABASE_ERROR_DATA) delete out[key];
  if (isDatabaseError) {
    for (const key of ['message', 'stack'] as const) {
      if (typeof out[key] === 'string') out[key] = out[key].replace(/"[^"\n]*"|'[^'\n]*'/g, '"…"');
    }
  }
  if (out.cause instanceof Error) out.cause = safeError(out.cause);
  return out;
}

/**
 * Structured logs. Tokens are redacted wherever they could appear; patient data is never handed to
 * the logger in the first place (log references and ids, not case contents).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'opinion-desk' },
      serializers: { err: safeError, error: safeError },
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
          '*.apiClients',
          'config.slack',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };
