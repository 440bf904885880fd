import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';

type Listener = Middleware<AnyMiddlewareArgs>;
type Kind = 'action' | 'view';
type Registration = { kind: Kind; id: string; listener: Listener } | { kind: 'bolt'; register: () => void };

/** The App's methods that register listeners or middleware; the listeners' modules call only these. */
const REGISTERING = new Set<PropertyKey>(['action', 'view', 'command', 'shortcut', 'event', 'message', 'options', 'use', 'function', 'assistant']);

/**
 * Bolt tries every listener on every request: each of the ~40 (one per button, one per modal) runs
 * its matchers with a copy of the request's arguments, though one at most matches. This stands in
 * for the app while the listeners register: a listener of one `action_id` or of one modal's
 * `callback_id` goes into a table, and one Bolt listener per kind looks the request up in it, as
 * Bolt's own string match does (a payload with that `action_id`; a `view_submission` with that
 * `callback_id`). Everything else (patterns, constraints, several listeners for one id, commands,
 * events) goes to Bolt as given. `install()` then registers all of it with Bolt in the order given.
 */
export function listenerTables(app: App): { app: App; install(): void } {
  const registrations: Registration[] = [];
  let installed = false;
  const tables: Record<Kind, Map<string, Listener[]>> = { action: new Map(), view: new Map() };
  const facade = new Proxy(app, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      // Once installed, whatever registers later goes to Bolt itself.
      if (!REGISTERING.has(prop) || installed) return method.bind(target);
      return (...args: unknown[]) => {
        const [id, ...listeners] = args;
        if ((prop === 'action' || prop === 'view') && typeof id === 'string' && listeners.length === 1) {
          const listener = listeners[0] as Listener;
          registrations.push({ kind: prop, id, listener });
          tables[prop].set(id, [...(tables[prop].get(id) ?? []), listener]);
        } else {
          registrations.push({ kind: 'bolt', register: () => method.apply(target, args) });
        }
      };
    },
  });

  const only = (kind: Kind, id: unknown): Listener | undefined => {
    const listeners = typeof id === 'string' ? tables[kind].get(id) : undefined;
    return listeners?.length === 1 ? listeners[0] : undefined;
  };
  const dispatchAction: Listener = async (args) => {
    const payload = args.payload as { action_id?: unknown };
    if (!('action_id' in payload) || payload.action_id === undefined) return;
    await only('action', payload.action_id)?.(args);
  };
  const dispatchView: Listener = async (args) => {
    const body = args.body as { type?: unknown; view?: { callback_id?: unknown }; callback_id?: unknown };
    const callbackId = body.view !== undefined ? body.view.callback_id : body.callback_id;
    if (body.type === 'view_submission') await only('view', callbackId)?.(args);
  };

  return {
    app: facade,
    install() {
      installed = true;
      const tablesInstalled = new Set<Kind>();
      for (const r of registrations) {
        if (r.kind === 'bolt') {
          r.register();
        } else if (tables[r.kind].get(r.id)!.length > 1) {
          // Several listeners for one id: Bolt runs each, and reports their errors together, as always.
          if (r.kind === 'action') app.action(r.id, r.listener);
          else app.view(r.id, r.listener);
        } else if (!tablesInstalled.has(r.kind)) {
          // The table takes the place of its first listener.
          tablesInstalled.add(r.kind);
          if (r.kind === 'action') app.action({}, dispatchAction);
          else app.view({}, dispatchView);
        }
      }
    },
  };
}
