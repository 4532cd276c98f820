import type { StandardSchemaV1 } from '@standard-schema/spec';

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** Runs a Standard Schema and flattens its issues into "path: message" strings. */
export async function validatePayload<T>(schema: StandardSchemaV1<unknown, T>, payload: unknown): Promise<Validation<T>> {
  const outcome = await schema['~standard'].validate(payload);
  if (!outcome.issues) return { ok: true, value: outcome.value };
  return { ok: false, issues: outcome.issues.map(describeIssue) };
}

function describeIssue(issue: StandardSchemaV1.Issue): string {
  const path = (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment)).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
