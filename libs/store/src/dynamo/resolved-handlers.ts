// The document client's commands, each class's middleware stack resolved once. Every `send` of the
// SDK builds the command's handler anew — it clones the client's stack, adds the command's plugins,
// sorts the lot and chains ~25 middleware functions — about 50 µs of CPU per call (profiled on the
// router's async ack, three calls), before the request even starts. Low-level clients can cache that
// (`cacheMiddleware: true`), but `DynamoDBDocumentClient` refuses the option: its commands' handlers
// are bound to the command that resolved them, so a cached one would send the first command's input
// again (aws/aws-sdk-js-v3#7762, #7801).
//
// Here a document command's handler is kept per command class, resolved for the first command of the
// class through the client's own `send`, and called later with each new command's low-level command
// (`clientCommand`, which holds its input): what `cacheMiddleware` does for a low-level client. The
// marshalling middlewares a document command adds read only its class's key nodes, the same for every
// instance. Any change to the client's middleware stack (a middleware added, e.g. a call counter or
// tracing, or removed) drops every kept handler, so it applies from the next call on. Calls with
// options (an abort signal, …) or a callback, and low-level commands, take the SDK's own path.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Handler = (command: unknown) => Promise<{ output: unknown }>;

/** The parts of a lib-dynamodb command used here: the low-level command it sends. */
interface DocumentCommand {
  clientCommand: { resolveMiddleware(...args: unknown[]): Handler };
}

/** The stack methods that change which middlewares a handler chains. */
const MUTATORS = ['add', 'addRelativeTo', 'use', 'remove', 'removeByTag', 'applyToStack'] as const;

/** Makes `doc.send` reuse each document command class's resolved handler (see the header). Call once, before the first call. */
export function reuseResolvedHandlers(doc: DynamoDBDocumentClient): void {
  const handlers = new Map<unknown, Handler>();
  const stack = doc.middlewareStack as unknown as Record<string, unknown>;
  for (const name of MUTATORS) {
    const original = stack[name];
    if (typeof original !== 'function') continue;
    stack[name] = function (this: unknown, ...args: unknown[]) {
      handlers.clear();
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
  // The client class's own `send`, looked up per call: a test double that replaces it later (e.g.
  // aws-sdk-client-mock on the class) gets every call, kept handlers or not.
  const sdkSend = (): ((...a: unknown[]) => unknown) => (Object.getPrototypeOf(doc) as { send: (...a: unknown[]) => unknown }).send;
  const original = sdkSend();
  const send = (...args: unknown[]): unknown => sdkSend().apply(doc, args);
  doc.send = function (command: unknown, ...rest: unknown[]) {
    if (rest.length > 0 || !isDocumentCommand(command) || sdkSend() !== original) return send(command, ...rest);
    const handler = handlers.get(command.constructor);
    if (handler !== undefined) return handler(command.clientCommand).then((result) => result.output);
    return sendResolving(command, send, (resolved) => handlers.set(command.constructor, resolved));
  } as DynamoDBDocumentClient['send'];
}

/** The SDK's `send`, keeping the handler its low-level command resolves (synchronously, inside `send`). */
function sendResolving(command: DocumentCommand, send: (...args: unknown[]) => unknown, keep: (handler: Handler) => void): unknown {
  const inner = command.clientCommand;
  const resolve = inner.resolveMiddleware;
  let resolved: Handler | undefined;
  inner.resolveMiddleware = (...args: unknown[]) => (resolved = resolve.apply(inner, args));
  try {
    return send(command);
  } finally {
    inner.resolveMiddleware = resolve;
    if (resolved !== undefined) keep(resolved);
  }
}

function isDocumentCommand(command: unknown): command is DocumentCommand & { constructor: unknown } {
  const inner = (command as Partial<DocumentCommand> | null)?.clientCommand;
  return typeof inner === 'object' && inner !== null && typeof inner.resolveMiddleware === 'function';
}
