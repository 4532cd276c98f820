// Counting a DynamoDB client's calls: a middleware on the client's stack records every command it
// sends (its operation, how long it took, and, when asked for, the capacity DynamoDB says it
// consumed per table and per index). The store's integration tests use it to pin round trips per
// operation; the benchmark uses it to print them and to take the store's time out of a handler's.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InitializeHandlerOptions, InitializeMiddleware } from '@smithy/types';

/** One command as the client sent it. */
export interface StoreCall {
  /** The DynamoDB operation, e.g. `UpdateItem`. */
  operation: string;
  /** `performance.now()` when the command was sent. */
  startedAt: number;
  durationMs: number;
  /** Write capacity units of the base tables (ReturnConsumedCapacity: INDEXES) of a write; undefined when not reported. */
  tableWriteUnits?: number;
  /** Write capacity units of the indexes, by index name; undefined when not reported. */
  indexWriteUnits?: Record<string, number>;
}

export interface CallCounterOptions {
  /** Ask every command that accepts it for `ReturnConsumedCapacity: INDEXES`. Default false. */
  consumedCapacity?: boolean;
}

/** The calls recorded since the last `take()`. */
export interface CallCounter {
  readonly calls: readonly StoreCall[];
  /** Returns the calls recorded so far and starts a new record. */
  take(): StoreCall[];
}

/** Operations that accept ReturnConsumedCapacity (every data-plane call the store makes). */
const CAPACITY_OPERATIONS = new Set([
  'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchWriteItem', 'BatchGetItem', 'TransactWriteItems', 'TransactGetItems',
]);

const WRITE_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

interface CapacityEntry {
  CapacityUnits?: number;
  WriteCapacityUnits?: number;
  Table?: { CapacityUnits?: number; WriteCapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number; WriteCapacityUnits?: number }>;
}

/** The one method of the two clients' (differently typed) stacks used here. */
type Stack = { add(middleware: InitializeMiddleware<object, object>, options: InitializeHandlerOptions & { name: string; override: boolean }): void };

const NAME = 'streamerCallCounter';

/**
 * Adds the counting middleware to `client` (a DynamoDBClient or the DynamoDBDocumentClient over it:
 * they share one stack). Call once per client.
 */
export function countCalls(client: DynamoDBClient | DynamoDBDocumentClient, options: CallCounterOptions = {}): CallCounter {
  let calls: StoreCall[] = [];
  (client.middlewareStack as unknown as Stack).add(
    (next, context) => async (args) => {
      const operation = String((context as { commandName?: string }).commandName ?? 'unknown').replace(/Command$/, '');
      const input = (args as { input?: Record<string, unknown> }).input;
      if (options.consumedCapacity === true && input !== undefined && CAPACITY_OPERATIONS.has(operation)) input['ReturnConsumedCapacity'] = 'INDEXES';
      const started = performance.now();
      try {
        const result = await next(args);
        calls.push({ operation, startedAt: started, durationMs: performance.now() - started, ...(WRITE_OPERATIONS.has(operation) ? writeUnitsOf(result.output) : {}) });
        return result;
      } catch (error) {
        calls.push({ operation, startedAt: started, durationMs: performance.now() - started });
        throw error;
      }
    },
    { step: 'initialize', name: NAME, override: true },
  );
  return {
    get calls() {
      return calls;
    },
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
  };
}

function writeUnitsOf(output: unknown): Pick<StoreCall, 'tableWriteUnits' | 'indexWriteUnits'> {
  const raw = (output as { ConsumedCapacity?: CapacityEntry | CapacityEntry[] } | undefined)?.ConsumedCapacity;
  if (raw === undefined) return {};
  const entries = Array.isArray(raw) ? raw : [raw];
  const units = (c: { CapacityUnits?: number; WriteCapacityUnits?: number } | undefined) => c?.WriteCapacityUnits ?? c?.CapacityUnits ?? 0;
  const indexWriteUnits: Record<string, number> = {};
  let tableWriteUnits = 0;
  for (const entry of entries) {
    tableWriteUnits += entry.Table ? units(entry.Table) : units(entry);
    for (const [name, index] of Object.entries(entry.GlobalSecondaryIndexes ?? {})) indexWriteUnits[name] = (indexWriteUnits[name] ?? 0) + units(index);
  }
  return { tableWriteUnits, indexWriteUnits };
}

/** Calls per operation, e.g. `{UpdateItem: 1, BatchWriteItem: 1}`. */
export function callsByOperation(calls: readonly StoreCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { operation } of calls) counts[operation] = (counts[operation] ?? 0) + 1;
  return counts;
}
