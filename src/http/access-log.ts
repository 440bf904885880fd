import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/**
 * One log line per HTTP request once it is answered: method, path, status and duration. Only the
 * path: query strings and bodies may carry personal data and never reach the log.
 */
export function accessLog(logger: Logger, observe?: (path: string, status: number, seconds: number) => void): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const path = req.path;
    res.on('close', () => {
      const ms = performance.now() - started;
      logger.info({ method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'http request');
      observe?.(path, res.statusCode, ms / 1000);
    });
    next();
  };
}
