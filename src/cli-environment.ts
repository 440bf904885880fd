import { readEnvironment } from './config.js';
import type { Locale } from './i18n/locale.js';

/**
 * What a command-line tool (the CLI, the migrator) reads before its configuration: .env and the
 * environment (null when .env cannot be read: loadConfig then says why), and the operator's language,
 * LOCALE as configured, read even when the rest of the configuration is wrong.
 */
export function operatorEnvironment(): { environment: Record<string, string | undefined> | null; locale: Locale } {
  let environment: Record<string, string | undefined> | null;
  try {
    environment = readEnvironment();
  } catch {
    environment = null;
  }
  return { environment, locale: environment?.LOCALE === 'it' ? 'it' : 'en' };
}
