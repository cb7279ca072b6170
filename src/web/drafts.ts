/**
 * What the user typed, kept in this browser per user, problem and language, so that a reload,
 * another language and back, or another day finds it again — and another user signing in on the
 * same browser does not; and the language last used per problem.
 */
const draftKey = (owner: string, problemId: string, language: string) => `sonocode:draft:${owner}:${problemId}:${language}`;
const languageKey = (owner: string, problemId: string) => `sonocode:language:${owner}:${problemId}`;

/** Whose drafts: a user's id, or `visitor` for someone not signed in. */
export type DraftOwner = string;

export function loadDraft(owner: DraftOwner, problemId: string, language: string): string | null {
  return localStorage.getItem(draftKey(owner, problemId, language));
}

export function saveDraft(owner: DraftOwner, problemId: string, language: string, code: string): void {
  try {
    localStorage.setItem(draftKey(owner, problemId, language), code);
  } catch {
    // storage full or refused: the editor keeps working, the draft is not kept
  }
}

export function forgetDraft(owner: DraftOwner, problemId: string, language: string): void {
  localStorage.removeItem(draftKey(owner, problemId, language));
}

export function lastLanguage(owner: DraftOwner, problemId: string): string | null {
  return localStorage.getItem(languageKey(owner, problemId));
}

export function rememberLanguage(owner: DraftOwner, problemId: string, language: string): void {
  localStorage.setItem(languageKey(owner, problemId), language);
}
