import type { MailKind } from '../../domain/mail.js';
import { messages } from '../../i18n/messages.js';
import type { Correspondence } from '../correspondence.js';
import type { RenderContext } from './render-context.js';

/** What Slack may say of the correspondence with the applicant: its kind, instant, status and attachments by type, never its content. */

export const kindLabel = (ctx: RenderContext, kind: string) => messages(ctx.locale).mail.slack.kinds[kind as MailKind] ?? kind;

/** The Details modal's list of the correspondence: kind, instant, status (its opening is recorded as every view). */
export async function correspondenceLines(records: Pick<Correspondence, 'sent' | 'replies'>, caseId: number, ctx: RenderContext, at: (ms: number) => string): Promise<string[]> {
  const t = messages(ctx.locale).mail.slack;
  const rows = await records.sent(caseId);
  const out = rows
    .filter((r) => r.status !== 'pending' || new Date(r.due_at).getTime() <= ctx.nowMs)
    .map((r) => {
      const instant = r.sent_at ?? r.created_at;
      const status = r.delivery_confirmed_at ? t.status.confirmed : t.status[r.status];
      return t.correspondenceLine(kindLabel(ctx, r.kind), at(new Date(instant).getTime()), status);
    });
  for (const r of await records.replies(caseId)) out.push(t.inboundLine(at(new Date(r.received_at).getTime()), attachmentSummary(r.attachments, ctx)));
  return out;
}

/** "3 attachments (PDF 2, JPEG 1, 4.1 MB)": by type and size, never a file name. */
export function attachmentSummary(attachments: readonly { type: string; size: number }[], ctx: RenderContext): string {
  const t = messages(ctx.locale).mail.slack;
  const byType = new Map<string, number>();
  for (const a of attachments) {
    const label = (a.type.split('/')[1] ?? a.type).replace(/^x-/, '').replace(/^vnd\..*/, 'file').toUpperCase().slice(0, 12) || 'FILE';
    byType.set(label, (byType.get(label) ?? 0) + 1);
  }
  const bytes = attachments.reduce((s, a) => s + a.size, 0);
  const size = bytes >= 1_000_000 ? `${messages(ctx.locale).decimal(bytes / 1_000_000)} MB` : `${Math.max(1, Math.round(bytes / 1000))} kB`;
  return t.attachments(attachments.length, [...byType].map(([k, n]) => `${k} ${n}`).join(', '), size);
}

