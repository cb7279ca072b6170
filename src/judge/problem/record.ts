/** The one test for a plain mapping of parsed YAML or JSON (problem files, API bodies). */

/** A plain mapping: not null, not a list, not a date. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
