// Checks a text (log output, an error's JSON) for a token or any recognisable part of one.

/** Shorter strings (an empty or blank "token", a two-letter segment) say nothing when found. */
const MIN_FRAGMENT = 16;

/** Parts of a token that must never show up anywhere: the token itself and its longer segments. */
export function tokenFragments(token: string): string[] {
  const parts = [token, ...token.split('.')];
  return [...new Set(parts)].filter((part) => part.trim().length >= MIN_FRAGMENT);
}

/** The fragments of `token` found in `text`; empty when nothing leaked. */
export function leakedFragments(token: string, text: string): string[] {
  return tokenFragments(token).filter((fragment) => text.includes(fragment));
}
