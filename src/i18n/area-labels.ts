import type { Locale } from './messages.js';

/**
 * Labels of specialist areas the operator added in SPECIALIST_AREAS (`id=English|Italiano`). The
 * default areas are labelled in the catalogue; these come from configuration, read once at start,
 * and are looked up here so every text (refusals included) names an area by its label.
 */
const configured = new Map<string, Record<Locale, string>>();

export function useConfiguredAreaLabels(areas: readonly { id: string; labels: Record<Locale, string> | null }[]): void {
  for (const a of areas) if (a.labels) configured.set(a.id, a.labels);
}

export function specialistAreaLabel(locale: Locale, id: string, catalogue: Readonly<Record<string, string>>): string {
  return configured.get(id)?.[locale] ?? catalogue[id] ?? id.replaceAll('_', ' ');
}

/** An area's label as a person types it in a command: "Testa e collo" → `testa-e-collo`, "Fisica medica" → `fisica-medica`. */
export function typedWord(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
