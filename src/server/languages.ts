/** Language lookups for the roles (the registry throws; a server wants a null to answer with). */
import type { Language, LanguageRegistry } from '../judge/languages.js';

export function findLanguage(languages: LanguageRegistry, id: string): Language | null {
  try {
    return languages.get(id);
  } catch {
    return null;
  }
}
