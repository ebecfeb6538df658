/**
 * The writer thread of a SQLite database. It owns the write connection and commits in one transaction (`runGroup`)
 * everything queued on its port when it gets to it, so the fsync of `synchronous=FULL` blocks this thread, not the
 * event loop that serves requests. The group forms HERE: the main thread posts submissions as they come, and after a
 * commit this thread drains every message that arrived meanwhile into the next group at once, without waiting for
 * the main thread's event loop to hand it over. Groups therefore grow with load, and the writer never idles while
 * submissions wait.
 * What an operation does is up to the applier module named in `workerData` (the store's, or the queue's).
 *
 * WAL checkpoints (copying committed pages from the WAL into the database file, then flushing it) run right AFTER a
 * group has been answered, never inside its COMMIT as SQLite's automatic checkpoint would: durability comes from the
 * WAL flush at COMMIT, so the requests of a group need not wait for the checkpoint's writes and flushes, and while it
 * runs the next group simply grows. Running it on this thread, just after our own commit, lets it catch up with the
 * whole WAL, so the WAL restarts from its beginning instead of growing. With a checkpoint thread (the store's writer
 * has one, `checkpointer.ts`), that thread does the bulk of the copying while this one keeps committing, and this
 * thread then copies only the frames committed meanwhile, which is what lets the WAL restart.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openSqliteDatabase } from '../database.ts';
import { WAL_COALESCE_VFS } from '../internal/wal-coalesce.ts';
import { runGroup, type CommitStats } from '../internal/run-group.ts';
import type { ApplierModule, FromCheckpointer, FromWriter, Submission, ToCheckpointer, ToWriter, WalCoalesceStatus, WireError, WriterData } from './protocol.ts';

const port = (workerData as WriterData).port;
/**
 * At most this long between checkpoints while writes arrive. A checkpoint blocks this thread while it copies pages
 * and flushes the database file, and the next group waits meanwhile; the hot pages (the indexes' right edges, the
 * profile and session rows of returning visitors) are rewritten by almost every group, so a longer interval copies
 * each of them once instead of many times and pays the database file's flush once a second instead of ten times.
 * At a few thousand /track requests a second the WAL then reaches some tens of MB before it restarts. A PASSIVE
 * checkpoint never waits for readers, so the writer never blocks on a long read.
 */
const CHECKPOINT_EVERY_MS = 1000;
/** A checkpoint thread that has not answered for this long is presumed gone: this thread checkpoints itself. */
const HELPER_TIMEOUT_MS = 10_000;
/** A checkpoint-thread round shorter than this left little for this thread to copy; longer ones are followed by another. */
const SHORT_ROUND_MS = 15;
/** At most this many checkpoint-thread rounds before this thread copies the rest. */
const MAX_ROUNDS = 3;
const send = (message: FromWriter): void => port.postMessage(message);
const wire = (error: unknown): WireError => ({
  message: error instanceof Error ? error.message : String(error),
  ...(typeof (error as { code?: unknown })?.code === 'string' ? { code: (error as { code: string }).code } : {}),
});

/**
 * Loads the WAL write-coalescing extension, which makes its VFS the process's default, so the connection opened next
 * writes its WAL through it. A failure is reported, not fatal: the connection then uses SQLite's own VFS.
 */
function loadWalCoalesce(file: string | undefined): WalCoalesceStatus {
  if (!file) return { active: false, reason: 'not requested' };
  const memory = new Database(':memory:');
  try {
    memory.loadExtension(file);
    const current = memory.prepare('SELECT tessera_default_vfs()').pluck().get();
    return current === WAL_COALESCE_VFS ? { active: true } : { active: false, reason: `the default VFS is ${String(current)}` };
  } catch (error) {
    return { active: false, reason: `loading ${file} failed: ${(error as Error).message}` };
  } finally {
    memory.close();
  }
}

try {
  const data = workerData as WriterData;
  const walCoalesce = loadWalCoalesce(data.walCoalesce);
  const db = openSqliteDatabase(data.file, 'write');
  const module = (await import(data.applier)) as ApplierModule;
  const applier = module.createApplier(db);
  const submissions = (message: Exclude<ToWriter, { type: 'close' }>): Submission[] => {
    if (message.type === 'group') return message.items;
    if (!module.decodeSubmissions) throw new Error('the applier module cannot decode encoded submissions');
    return module.decodeSubmissions(message.buffer);
  };
  const stats: CommitStats = { groups: 0, items: 0 };
  db.pragma('wal_autocheckpoint = 0');
  let lastCheckpoint = performance.now();
  const checkpointHere = (): void => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A checkpoint that cannot run now (the other writer of the file holds it) is simply retried after a later group.
    }
    lastCheckpoint = performance.now();
  };
  /**
   * With a checkpoint thread: `running` from asking it until it answers, then `copied` until this thread has copied
   * the frames committed meanwhile (a short checkpoint here, so the WAL can restart), then `idle` again.
   */
  let background: { state: 'idle' | 'running' | 'copied'; since: number; rounds: number } = { state: 'idle', since: 0, rounds: 0 };
  let helper: MessagePort | null = data.checkpointer ?? null;
  // A checkpoint thread that is gone (it failed, or does not answer) is not asked again: this thread checkpoints.
  const helperGone = (): void => {
    helper?.close();
    helper = null;
  };
  helper?.on('close', helperGone);
  helper?.on('message', (message: FromCheckpointer) => {
    if (message !== 'checkpointed' || background.state !== 'running') return;
    const now = performance.now();
    // A long round leaves many frames committed meanwhile: another round copies them, in less time (it converges
    // while copying is faster than committing), so the rest left for this thread stays small.
    if (helper && now - background.since > SHORT_ROUND_MS && background.rounds < MAX_ROUNDS) {
      helper.postMessage('checkpoint' satisfies ToCheckpointer);
      background = { state: 'running', since: now, rounds: background.rounds + 1 };
    } else {
      background = { state: 'copied', since: now, rounds: 0 };
    }
  });
  // Not a reason to keep this thread alive; the submission port is.
  helper?.unref();
  const checkpointIfDue = (): void => {
    const now = performance.now();
    if (!helper) {
      if (now - lastCheckpoint >= CHECKPOINT_EVERY_MS) checkpointHere();
      return;
    }
    if (background.state === 'running' && now - background.since > HELPER_TIMEOUT_MS) helperGone();
    if (!helper || background.state === 'copied') {
      // The bulk is copied (or the helper is gone): copy the rest here.
      checkpointHere();
      background = { state: 'idle', since: 0, rounds: 0 };
    } else if (background.state === 'idle' && now - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
      helper.postMessage('checkpoint' satisfies ToCheckpointer);
      background = { state: 'running', since: now, rounds: 1 };
    }
  };
  const close = (): void => {
    helper?.close();
    db.close();
    send({ type: 'closed' });
    port.close();
  };
  port.on('message', (message: ToWriter) => {
    if (message.type === 'close') return close();
    // Everything else already queued on the port joins this group (a close waits until the group is committed).
    const items: Submission[] = submissions(message);
    let closing = false;
    for (let next = receiveMessageOnPort(port as MessagePort); next; next = receiveMessageOnPort(port as MessagePort)) {
      const queued = next.message as ToWriter;
      if (queued.type === 'close') {
        closing = true;
        break;
      }
      for (const item of submissions(queued)) items.push(item);
    }
    const outcomes = runGroup(db, items.map((item) => () => applier.apply(item.ops)), stats);
    const seqs = new Array<number>(items.length);
    const values = new Array<unknown>(items.length);
    let errors: Array<WireError | null> | null = null;
    for (let i = 0; i < items.length; i++) {
      const outcome = outcomes[i]!;
      seqs[i] = items[i]!.seq;
      if (outcome.ok) values[i] = outcome.value;
      else (errors ??= new Array<WireError | null>(items.length).fill(null))[i] = wire(outcome.error);
    }
    send({ type: 'done', seqs, values, errors, stats: { ...stats } });
    if (closing) return close();
    checkpointIfDue();
  });
  send({ type: 'ready', walCoalesce });
} catch (error) {
  send({ type: 'failed', error: wire(error) });
}
