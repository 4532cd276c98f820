// One readable line for an error, including what caused it (the client wraps, e.g., a failed token
// fetch as UNAUTHORIZED "The token provider failed").

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
