import { spawn, type ChildProcess } from 'node:child_process';
import { sign } from '../test/support/slack-requests.js';
import { DOCTOR, seededReference } from './seed.js';

/** Which signed requests a load sends: Claim clicks on random cases, `/so status` commands, or half of each. */
export type Mix = 'clicks' | 'commands' | 'both';

let sequence = 0;

/**
 * A new signed request each time (Slack never sends the same one twice, and a replay is ignored):
 * Claim clicks by a doctor on seeded cases of every area and state, or `/so status` of one of them.
 */
export function nextRequest(mix: Mix): { body: string; headers: Record<string, string> } {
  const i = sequence++;
  const ts = Math.floor(Date.now() / 1000);
  const reference = seededReference(1 + ((i * 7919) % 10_000));
  const body =
    mix === 'clicks' || (mix === 'both' && i % 2 === 0)
      ? new URLSearchParams({
          payload: JSON.stringify({
            type: 'block_actions',
            team: { id: 'T1' },
            user: { id: DOCTOR },
            api_app_id: 'A1',
            token: 'x',
            trigger_id: `t${i}`,
            response_url: 'http://127.0.0.1:9/response',
            container: { type: 'message', channel_id: 'CTRIAGE', message_ts: '1.0' },
            channel: { id: 'CTRIAGE' },
            actions: [{ type: 'button', action_id: 'case_claim', block_id: 'case_actions', value: reference, action_ts: '1' }],
          }),
        }).toString()
      : new URLSearchParams({
          command: '/so',
          text: `status ${reference}`,
          user_id: 'UCOORDBENCH',
          team_id: 'T1',
          channel_id: 'CTRIAGE',
          trigger_id: `t${i}`,
          response_url: 'http://127.0.0.1:9/response',
        }).toString();
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) },
  };
}

/** The servers bench/serve.ts starts: bare Bolt, bare Bolt behind our front door, opinion-desk. */
export type ServerKind = 'bare' | 'door' | 'ours';

/** One of bench/serve.ts's servers in a process of its own (`nodeArgs` before the script, e.g. `--cpu-prof`). */
export async function serve(kind: ServerKind, nodeArgs: readonly string[] = []): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/serve.ts', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { port, child };
}
