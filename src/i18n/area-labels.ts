import type { Locale } from './locale.js';

/**
 * Labels of specialist areas the operator added in SPECIALIST_AREAS (`id=English|Italiano`). The
 * default areas are labelled in the catalogue; these come from configuration, are read once at
 * start and travel with whoever words a text (the render context, the API, the CLI), so every text
 * (refusals included) names an area by its label.
 */
export type AreaLabels = ReadonlyMap<string, Readonly<Record<Locale, string>>>;

export const NO_CONFIGURED_AREA_LABELS: AreaLabels = new Map();

/**
 * The catalogue's labels of areas, looked up by configured id: it labels every default area (the
 * catalogues check that with `satisfies`), and an id it does not know is worded from the id.
 */
export type CatalogueAreaLabels = Readonly<Partial<Record<string, string>>>;

export function configuredAreaLabels(areas: readonly { id: string; labels: Record<Locale, string> | null }[]): AreaLabels {
  return new Map(areas.flatMap((a) => (a.labels ? [[a.id, a.labels] as const] : [])));
}

/** A specialist area by its configured label, else the catalogue's, else its id in words. */
export function specialistAreaLabel(
  locale: Locale,
  id: string,
  catalogue: CatalogueAreaLabels,
  configured: AreaLabels,
): string {
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
