/**
 * In-process bus. Messages are copied through JSON, as they would be over Redis, so no subscriber shares an object
 * with the publisher, and delivered asynchronously so a publisher never runs subscriber code on its own stack.
 */
import { operationalError } from '../../errors/index.ts';
import { checkChannel, serialiseMessage } from '../internal/check.ts';
import type { Bus, BusHandler, Unsubscribe } from '../port.ts';

/** Options of {@link MemoryBus}. */
export interface MemoryBusOptions {
  /** Receives errors thrown by handlers (default: ignored). */
  onHandlerError?: (error: unknown, channel: string) => void;
}

/** The in-process implementation of {@link Bus}. */
export class MemoryBus implements Bus {
  readonly #channels = new Map<string, Set<BusHandler>>();
  readonly #onHandlerError: (error: unknown, channel: string) => void;
  #closed = false;

  constructor(options: MemoryBusOptions = {}) {
    this.#onHandlerError = options.onHandlerError ?? (() => undefined);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    checkChannel(channel);
    if (this.#closed) throw operationalError('bus_closed', 'the bus is closed');
    const json = serialiseMessage(message);
    const handlers = [...(this.#channels.get(channel) ?? [])];
    for (const handler of handlers) {
      setImmediate(() => {
        try {
          Promise.resolve(handler(JSON.parse(json))).catch((error: unknown) => this.#onHandlerError(error, channel));
        } catch (error) {
          this.#onHandlerError(error, channel);
        }
      });
    }
  }

  async subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe> {
    checkChannel(channel);
    if (this.#closed) throw operationalError('bus_closed', 'the bus is closed');
    // A wrapper, so subscribing the same function twice gives two independent subscriptions.
    const entry: BusHandler = (message) => handler(message);
    let set = this.#channels.get(channel);
    if (!set) this.#channels.set(channel, (set = new Set()));
    set.add(entry);
    return async () => {
      set.delete(entry);
      if (set.size === 0 && this.#channels.get(channel) === set) this.#channels.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#channels.clear();
  }
}
