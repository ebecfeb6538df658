/**
 * The pub/sub bus on Redis: cache invalidation and other fire-and-forget notices between hosts. One connection
 * publishes, one (in subscriber mode) receives; each handler gets its own parsed copy of the JSON message. Like
 * Redis pub/sub itself, delivery is at most once and nothing is stored.
 */
import type { Redis } from 'ioredis';
import { operationalError } from '../../errors/index.ts';
import { checkChannel, serialiseMessage } from '../internal/check.ts';
import type { Bus, BusHandler, Unsubscribe } from '../port.ts';

/** The Redis implementation of {@link Bus}. */
export class RedisBus implements Bus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #channels = new Map<string, Set<BusHandler>>();
  readonly #onHandlerError: (error: unknown, channel: string) => void;
  #closed = false;

  constructor(publisher: Redis, subscriber: Redis, prefix: string, onHandlerError: (error: unknown, channel: string) => void = () => undefined) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#prefix = `${prefix}bus:`;
    this.#onHandlerError = onHandlerError;
    subscriber.on('message', (redisChannel: string, json: string) => {
      if (!redisChannel.startsWith(this.#prefix)) return;
      const channel = redisChannel.slice(this.#prefix.length);
      for (const handler of [...(this.#channels.get(channel) ?? [])]) {
        try {
          Promise.resolve(handler(JSON.parse(json))).catch((error: unknown) => this.#onHandlerError(error, channel));
        } catch (error) {
          this.#onHandlerError(error, channel);
        }
      }
    });
  }

  async publish(channel: string, message: unknown): Promise<void> {
    checkChannel(channel);
    const json = serialiseMessage(message);
    if (this.#closed) throw operationalError('bus_closed', 'the bus is closed');
    try {
      await this.#publisher.publish(this.#prefix + channel, json);
    } catch (error) {
      throw operationalError('bus_unavailable', `a message on "${channel}" could not be published (Redis refused it; the cause is in the host log)`, 503, { channel }, error);
    }
  }

  async subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe> {
    checkChannel(channel);
    if (this.#closed) throw operationalError('bus_closed', 'the bus is closed');
    const entry: BusHandler = (message) => handler(message);
    let set = this.#channels.get(channel);
    if (!set) {
      this.#channels.set(channel, (set = new Set()));
      await this.#subscriber.subscribe(this.#prefix + channel);
    }
    set.add(entry);
    return async () => {
      set.delete(entry);
      if (set.size === 0 && this.#channels.get(channel) === set) {
        this.#channels.delete(channel);
        if (!this.#closed) await this.#subscriber.unsubscribe(this.#prefix + channel).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#channels.clear();
  }
}
