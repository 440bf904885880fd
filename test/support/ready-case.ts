import { requiredItems } from '../../src/domain/checklist.js';
import { API_TOKEN } from './app.js';
import { caseBody } from './factories.js';
import type { TestApp } from './app.js';
import type { SlackTestApp } from './slack-app.js';

/** A case created through the API as the portal sends it (no image review, answer by e-mail); answers its reference. */
export async function caseViaApi(app: TestApp, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(caseBody({ imageReview: false, deliveryChannel: 'email', ...overrides })),
  });
  if (res.status !== 201) throw new Error(`POST /api/v1/cases answered ${res.status}: ${await res.text()}`);
  return String(((await res.json()) as { reference: string }).reference);
}

/**
 * A case ready for a reviewer, as the portal and a coordinator make it: every document received through
 * the API, the payment confirmed by `coordinatorId`, and its card delivered. Answers its reference.
 */
export async function paidReadyCase(app: SlackTestApp, coordinatorId: string): Promise<string> {
  const ref = await caseViaApi(app, {
    documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-27T10:00:00+01:00' })),
  });
  await app.cases.execute(
    ref,
    { type: 'confirm_payment', receivedCents: (await app.cases.get(ref)).state.expectedCents, valueDate: '2026-11-27', bankReference: 'CRO 1', reason: null },
    await app.staff.actor(coordinatorId),
  );
  await app.settle();
  return ref;
}
