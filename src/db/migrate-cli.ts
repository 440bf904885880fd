import { loadConfig } from '../config.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig();
const results = await migrateToLatest(config.databaseUrl);
if (results.length === 0) console.log('Database schema is up to date.');
for (const r of results) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
