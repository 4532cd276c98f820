// Reading a function's partial batch response the way Lambda does: no response or an empty
// `batchItemFailures` is success; an identifier that is empty or not in the batch makes the whole
// batch a failure.

export interface BatchVerdict {
  /** Identifiers of the records to redeliver (all of them for a whole-batch failure). */
  failed: ReadonlySet<string>;
  /** The response did not name its failures usably: every record counts as failed. */
  wholeBatch: boolean;
}

export function readBatchResponse(response: unknown, identifiers: readonly string[]): BatchVerdict {
  const failures = typeof response === 'object' && response !== null ? (response as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (failures === undefined || failures === null) return { failed: new Set(), wholeBatch: false };
  if (!Array.isArray(failures)) return everything(identifiers);
  const known = new Set(identifiers);
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || !known.has(id)) return everything(identifiers);
    failed.add(id);
  }
  return { failed, wholeBatch: false };
}

export function everything(identifiers: readonly string[]): BatchVerdict {
  return { failed: new Set(identifiers), wholeBatch: true };
}
