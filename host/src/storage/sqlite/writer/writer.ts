/**
 * The main-thread side of the writer thread: group commit, pipelined. The submissions of one event-loop turn are
 * posted together right away, even while a commit is in flight; the writer thread puts everything that is waiting on
 * its port into its next transaction the moment the previous one is durable (`worker.ts`). So group size grows with
 * load, the writer never waits for this thread to hand over work, and the event loop never waits for an fsync.
 * A submission's promise resolves only after the transaction holding it committed.
 */
import { once } from 'node:events';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { operationalError } from '../../../errors/index.ts';
import type { CommitStats } from '../internal/run-group.ts';
import { toStorageError } from '../internal/sqlite-error.ts';
import type { WalCoalesceBuild } from '../internal/wal-coalesce.ts';
import type { CheckpointerData, FromWriter, Submission, ToWriter, WalCoalesceStatus, WireError, WriterData } from './protocol.ts';

interface Pending {
  seq: number;
  /** The operations until they are posted; then none, so a submission waiting for its commit holds no documents. */
  ops: Submission['ops'];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const POSTED: Submission['ops'] = Object.freeze([]);

function fromWire(error: WireError): unknown {
  return toStorageError(Object.assign(new Error(error.message), error.code ? { code: error.code } : {}));
}

/** Options of {@link SqliteWriter}. */
export interface SqliteWriterOptions {
  /** Module whose `createApplier(db)` executes the operations (default: the store's, `internal/write-ops.ts`). */
  applier?: URL;
  /** Extra ms to wait before sending a group when the writer is idle; 0 (default) sends what arrived in one tick. */
  windowMs?: number;
  /**
   * Encodes a group into a buffer that is transferred instead of cloned; the applier module's `decodeSubmissions`
   * reads it back on the writer thread. Without it, groups are structured-cloned.
   */
  encode?: (items: readonly Submission[]) => ArrayBuffer;
  /**
   * Copy the WAL into the database file on a thread of its own (`checkpointer.ts`), so checkpoints stop holding up
   * commits; without it, the writer thread checkpoints between groups.
   */
  checkpointThread?: boolean;
  /**
   * The WAL write-coalescing extension (`internal/wal-coalesce.ts`) for the writer thread to load before it opens its
   * connection, or why there is none; see {@link SqliteWriter.walCoalesce} for the outcome.
   */
  walCoalesce?: WalCoalesceBuild;
  /**
   * How many queued submissions make the next message go to the writer thread at once, instead of at the end of the
   * event-loop turn (default 32). Under load one turn reads and runs a burst of requests for milliseconds; a writer
   * that finished its commit meanwhile would otherwise wait for the whole burst. With WAL write coalescing the
   * smaller groups this makes cost little, and together they raised /track throughput by about 15 % on two cores
   * (test/bench/README.md); without it the two effects cancel.
   */
  sendAt?: number;
}

/** Commits writes on a dedicated thread with its own connection to the database file. `Op` is the operation type. */
export class SqliteWriter<Op = unknown> {
  readonly #worker: Worker;
  readonly #checkpointer: Worker | null;
  readonly #port: MessagePort;
  readonly #windowMs: number;
  readonly #encode: ((items: readonly Submission[]) => ArrayBuffer) | null;
  #queue: Pending[] = [];
  #inFlight = new Map<number, Pending>();
  #seq = 0;
  #scheduled = false;
  #closing: Promise<void> | null = null;
  #broken: unknown = null;
  #drained: (() => void) | null = null;
  readonly #sendAt: number;
  /** Transactions committed and submissions in them. */
  stats: CommitStats = { groups: 0, items: 0 };
  /** Whether the writer's connection writes its WAL through the coalescing VFS, and if not, why. */
  readonly walCoalesce: WalCoalesceStatus;

  private constructor(worker: Worker, checkpointer: Worker | null, port: MessagePort, options: SqliteWriterOptions, walCoalesce: WalCoalesceStatus) {
    this.#worker = worker;
    this.#checkpointer = checkpointer;
    // Never keeps the process alive; the writer stops it when it closes.
    checkpointer?.unref();
    // A failing checkpoint thread only costs speed: the writer thread then checkpoints itself.
    checkpointer?.on('error', () => undefined);
    this.#port = port;
    this.#windowMs = options.windowMs ?? 0;
    this.#encode = options.encode ?? null;
    this.#sendAt = Math.max(1, options.sendAt ?? 32);
    this.walCoalesce = walCoalesce;
    port.on('message', (message: FromWriter) => this.#onMessage(message));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', () => this.#fail(new Error('the SQLite writer thread exited')));
    this.#unref();
  }

  /** Starts the writer thread on a (migrated) database file. */
  static async start<Op>(file: string, options: SqliteWriterOptions = {}): Promise<SqliteWriter<Op>> {
    const applier = (options.applier ?? new URL('../internal/write-ops.ts', import.meta.url)).href;
    const { port1, port2 } = new MessageChannel();
    const helper = options.checkpointThread ? new MessageChannel() : null;
    const checkpointer = helper
      ? new Worker(new URL('./checkpointer.ts', import.meta.url), {
        workerData: { file, port: helper.port2 } satisfies CheckpointerData, transferList: [helper.port2],
      })
      : null;
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      workerData: {
        file, applier, port: port2, ...(helper ? { checkpointer: helper.port1 } : {}), ...(options.walCoalesce?.file ? { walCoalesce: options.walCoalesce.file } : {}),
      } satisfies WriterData,
      transferList: helper ? [port2, helper.port1] : [port2],
    });
    const [first] = (await Promise.race([
      once(port1, 'message'),
      once(worker, 'exit').then(() => [{ type: 'failed', error: { message: 'the SQLite writer thread exited while starting' } }]),
    ])) as [FromWriter];
    if (first.type !== 'ready') {
      port1.close();
      await checkpointer?.terminate();
      await worker.terminate();
      throw fromWire(first.type === 'failed' ? first.error : { message: `unexpected ${first.type} from the writer` });
    }
    const built = options.walCoalesce;
    return new SqliteWriter<Op>(worker, checkpointer, port1, options, built && !built.file ? { active: false, reason: built.reason } : first.walCoalesce);
  }

  /** False once the writer thread has died: writes can no longer be committed. */
  get healthy(): boolean {
    return this.#broken === null;
  }

  /** Queues operations that commit together; resolves with the last one's result once they are durable. */
  submit(ops: readonly Op[]): Promise<unknown> {
    if (this.#closing) return Promise.reject(operationalError('store_closed', 'the store is closed'));
    if (this.#broken) return Promise.reject(toStorageError(this.#broken));
    return new Promise((resolve, reject) => {
      this.#queue.push({ seq: this.#seq++, ops, resolve, reject });
      if (this.#queue.length >= this.#sendAt) this.#send();
      else this.#schedule();
    });
  }

  /** Commits everything queued, then stops the thread. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#send();
      this.#ref();
      while (this.#inFlight.size > 0 || this.#queue.length > 0) {
        await new Promise<void>((resolve) => { this.#drained = resolve; });
        this.#send();
      }
      if (this.#broken) return this.#stopCheckpointer();
      const closed = once(this.#worker, 'exit');
      this.#ref();
      this.#post({ type: 'close' });
      await closed;
      this.#port.close();
      await this.#stopCheckpointer();
    })();
    return this.#closing;
  }

  async #stopCheckpointer(): Promise<void> {
    const checkpointer = this.#checkpointer;
    if (!checkpointer || checkpointer.threadId === -1) return;
    const exited = once(checkpointer, 'exit');
    checkpointer.postMessage('close');
    await exited;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const go = () => {
      this.#scheduled = false;
      this.#send();
    };
    if (this.#windowMs > 0) setTimeout(go, this.#windowMs);
    else setImmediate(go);
  }

  #send(): void {
    if (this.#queue.length === 0 || this.#broken) return;
    const group = this.#queue;
    this.#queue = [];
    let message: ToWriter | null = null;
    if (this.#encode) {
      try {
        message = { type: 'encoded', buffer: this.#encode(group) };
      } catch {
        // An operation the codec does not know: clone this group instead, so the applier fails that piece alone.
      }
    }
    message ??= { type: 'group', items: group.map(({ seq, ops }) => ({ seq, ops })) };
    for (const p of group) {
      p.ops = POSTED;
      this.#inFlight.set(p.seq, p);
    }
    // Keep the process alive only while writes are pending: an idle store must not hold it open.
    this.#ref();
    this.#post(message);
  }

  #post(message: ToWriter): void {
    if (message.type === 'encoded') this.#port.postMessage(message, [message.buffer]);
    else this.#port.postMessage(message);
  }

  #ref(): void {
    this.#worker.ref();
    this.#port.ref();
  }

  #unref(): void {
    this.#worker.unref();
    this.#port.unref();
  }

  #onMessage(message: FromWriter): void {
    if (message.type !== 'done') return;
    this.stats = message.stats;
    const { seqs, values, errors } = message;
    for (let i = 0; i < seqs.length; i++) {
      const p = this.#inFlight.get(seqs[i]!);
      if (!p) continue;
      this.#inFlight.delete(seqs[i]!);
      const error = errors?.[i];
      if (error) p.reject(fromWire(error));
      else p.resolve(values[i]);
    }
    if (!this.#closing && this.#inFlight.size === 0 && this.#queue.length === 0) this.#unref();
    if (this.#inFlight.size === 0) this.#drained?.();
  }

  #fail(error: unknown): void {
    if (this.#closing && this.#inFlight.size === 0 && this.#queue.length === 0) return;
    this.#broken ??= error;
    const failure = operationalError('storage_unavailable', `SQLite writer stopped: ${(error as Error)?.message ?? String(error)}`, 503, undefined, error);
    for (const p of [...this.#inFlight.values(), ...this.#queue]) p.reject(failure);
    this.#inFlight.clear();
    this.#queue = [];
    this.#drained?.();
  }
}
