// The shape of one admin action: a name, a strict zod schema for its event, and what it does.
import type * as z from 'zod/mini';
import type { ResolvedDeps } from '../deps';
import { type AdminResponse, badRequest } from '../responses';
import { describeIssues } from '../validation';

/** Facts about the current invocation. */
export interface Invocation {
  /** Milliseconds left before the Lambda deadline, when running in Lambda. */
  remainingMs?: () => number;
}

export interface AdminAction {
  readonly name: string;
  /** Validates the whole event against the action's schema, then runs it; bad input → 400. */
  handle(event: Record<string, unknown>, deps: ResolvedDeps, invocation: Invocation): Promise<AdminResponse>;
}

export function defineAction<S extends z.ZodMiniType>(
  name: string,
  schema: S,
  run: (params: z.output<S>, deps: ResolvedDeps, invocation: Invocation) => Promise<AdminResponse>,
): AdminAction {
  return {
    name,
    async handle(event, deps, invocation) {
      const parsed = schema.safeParse(event);
      if (!parsed.success) return badRequest(describeIssues(parsed.error));
      return run(parsed.data, deps, invocation);
    },
  };
}
