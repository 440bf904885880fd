import { once } from 'node:events';
import type { Server } from 'node:http';
import type { Express } from 'express';

/** The setting a listening port comes from, named in what the operator reads. */
export type PortSetting = 'PORT' | 'METRICS_PORT';

/** A port the process could not take: another program holds it (EADDRINUSE), or it needs privileges (EACCES). */
export class PortUnavailableError extends Error {
  constructor(
    readonly port: number,
    readonly setting: PortSetting,
    readonly code: 'EADDRINUSE' | 'EACCES',
  ) {
    super(
      code === 'EADDRINUSE'
        ? `port ${port} is already in use by another program: stop that program, or set ${setting} to a free port`
        : `port ${port} needs privileges this process does not have: set ${setting} to a port above 1023`,
    );
    this.name = 'PortUnavailableError';
  }
}

/** `app` listening on `port`, once it is; a port that cannot be taken is a PortUnavailableError naming its setting. */
export async function listenOn(app: Express, port: number, setting: PortSetting): Promise<Server> {
  const server = app.listen(port);
  try {
    await once(server, 'listening');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new PortUnavailableError(port, setting, code);
    throw err;
  }
  return server;
}
