import { HandlerRegistrationError } from './errors';
import type { Handler } from './handler';

/** Names the router answers itself; handlers cannot take them. */
export const BUILT_IN_ACTIONS = ['ping', 'subscribe', 'unsubscribe', 'status', 'cancel'] as const;

const ACTION_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Action name → handler. Built once per cold start and shared by the router and the processor. */
export class HandlerRegistry {
  readonly #handlers = new Map<string, Handler<never>>();

  register<P, R>(action: string, handler: Handler<P, R>): this {
    if (!ACTION_NAME.test(action)) throw new HandlerRegistrationError(`Invalid action name "${action}"`);
    if ((BUILT_IN_ACTIONS as readonly string[]).includes(action)) {
      throw new HandlerRegistrationError(`"${action}" is a built-in action`);
    }
    if (this.#handlers.has(action)) throw new HandlerRegistrationError(`"${action}" is already registered`);
    if (!handler.process && !handler.processAsync) {
      throw new HandlerRegistrationError(`"${action}" needs process() or processAsync()`);
    }
    this.#handlers.set(action, handler as Handler<never>);
    return this;
  }

  get(action: string): Handler | undefined {
    return this.#handlers.get(action) as Handler | undefined;
  }

  has(action: string): boolean {
    return this.#handlers.has(action);
  }

  actions(): string[] {
    return [...this.#handlers.keys()];
  }
}
