/** Base error of the local stack: a setting or a missing piece, said in words a developer can act on. */
export class LocalStackError extends Error {
  override name = 'LocalStackError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
