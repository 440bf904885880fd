import { writeFileSync } from 'node:fs';
import { openApiText } from './openapi.js';

/** `npm run openapi`: writes docs/openapi.json from the zod schemas. */
writeFileSync(new URL('../../docs/openapi.json', import.meta.url), openApiText());
process.stdout.write('docs/openapi.json written\n');
