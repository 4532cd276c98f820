// State shared between Jest's globalSetup and globalTeardown (both run in Jest's parent process).
import type { TableNames } from '../table-names';

export interface HarnessState {
  endpoint: string;
  tables: TableNames;
  /** Stops the DynamoDB Local started by the setup; absent for an external DYNAMODB_ENDPOINT or the run's shared one. */
  stop?: () => Promise<void>;
  external: boolean;
}

const KEY = Symbol.for('streamer.store.dynamodb-harness');

type Holder = { [KEY]?: HarnessState };

export function setHarnessState(state: HarnessState): void {
  (globalThis as Holder)[KEY] = state;
}

export function takeHarnessState(): HarnessState | undefined {
  const state = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return state;
}
