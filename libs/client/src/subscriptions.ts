/** Called with each `event` pushed to a subscribed topic. */
export type EventHandler<T = unknown> = (data: T, topic: string) => void;

/** Topics this client wants and the handlers of each; survives reconnects. */
export class Subscriptions {
  private readonly topics = new Map<string, Set<EventHandler>>();

  /** Adds a handler; true when it is the topic's first (a `subscribe` must be sent). */
  add(topic: string, handler: EventHandler): boolean {
    const handlers = this.topics.get(topic);
    if (handlers) {
      handlers.add(handler);
      return false;
    }
    this.topics.set(topic, new Set([handler]));
    return true;
  }

  /** Removes a handler; true when it was the topic's last (an `unsubscribe` must be sent). */
  remove(topic: string, handler: EventHandler): boolean {
    const handlers = this.topics.get(topic);
    if (!handlers?.delete(handler)) return false;
    if (handlers.size > 0) return false;
    this.topics.delete(topic);
    return true;
  }

  /** Every subscribed topic (re-subscribed after a reconnect). */
  list(): string[] {
    return [...this.topics.keys()];
  }

  /** Calls the topic's handlers; a throwing handler is reported and does not stop the others. */
  dispatch(topic: string, data: unknown, onHandlerError: (error: unknown) => void): number {
    const handlers = [...(this.topics.get(topic) ?? [])];
    for (const handler of handlers) {
      try {
        handler(data, topic);
      } catch (error) {
        onHandlerError(error);
      }
    }
    return handlers.length;
  }

  clear(): void {
    this.topics.clear();
  }
}
