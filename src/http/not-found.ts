import type { Request, RequestHandler, Response } from 'express';
import type { SlackConfig } from '../config.js';

/**
 * What answers where nothing else does, in the API's JSON error shape (`{error, issues}`) instead
 * of Express's HTML page. `POST /slack/events` says why Slack's requests do not arrive here: a
 * newcomer pointing Slack (or curl) at an app started without Slack reads the cause, not a 404 page.
 */
export function slackEventsNotServed(slack: SlackConfig | null): RequestHandler | null {
  if (slack && !slack.appToken) return null; // HTTP mode: Bolt answers there.
  const error = slack
    ? 'Slack events do not come here: this app receives them over Socket Mode (SLACK_APP_TOKEN is set).'
    : 'Slack is not configured on this server (SLACK_BOT_TOKEN is empty): it runs the HTTP API only. See .env.example.';
  return (_req: Request, res: Response) => void res.status(404).json({ error, issues: [] });
}

export const notFound: RequestHandler = (req, res) =>
  void res.status(404).json({ error: `Nothing answers ${req.method} ${req.path}: the integration API is under /api/v1 (described at /api/v1/openapi.json).`, issues: [] });
