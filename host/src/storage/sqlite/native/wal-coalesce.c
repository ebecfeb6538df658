/*
 * Tessera's WAL write coalescing: a SQLite VFS that wraps the platform's default VFS and gathers the contiguous
 * writes a connection makes to a WAL file into one buffer, written out in a few large calls instead of two calls per
 * frame (SQLite writes each frame's 24-byte header and its page separately: about eight write calls per /track
 * request). Loaded as a SQLite extension; it registers itself as the default VFS of the process (see
 * ../internal/wal-coalesce.ts and ../writer/worker.ts).
 *
 * Nothing changes in what reaches the disk or when it is durable. Buffered bytes are written out before anything
 * that could observe them or depend on them:
 * - before the WAL file is synced, read, truncated, sized, mapped, closed or sent a file control;
 * - before a write that does not extend the buffer (SQLite rewriting a frame in place, or a new WAL from offset 0);
 * - before this thread publishes a WAL index header or changes a WAL lock (xShmBarrier, xShmLock on the database
 *   file). SQLite writes a commit's frames, then (synchronous=FULL) syncs the WAL, then publishes the header that
 *   makes them visible; the last two points hold whatever the synchronous setting, so other connections and
 *   processes only ever read frames that are in the file.
 * A connection is used by one thread at a time and its WAL writes and header updates happen on that thread, so a
 * thread-local pointer names the one WAL file whose buffer holds bytes.
 */
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include <stdlib.h>
#include <string.h>

/* Bytes gathered before they are written out anyway (a group commit of a hundred requests writes about 1.5 MB). */
#define BUFFER_BYTES (2 * 1024 * 1024)
/* The unix VFS masks the length of one write with 0x1ffff (a write of 128 KB fails): write in pieces below that. */
#define PIECE_BYTES 65536
#define VFS_NAME "tessera-wal-coalesce"

typedef struct CoalesceFile {
  sqlite3_file base;
  sqlite3_file *real; /* the wrapped file, allocated right after this struct */
  int wal;            /* opened as a WAL file: its writes are gathered */
  char *buffer;
  sqlite3_int64 start; /* file offset of buffer[0] */
  int used;
} CoalesceFile;

static sqlite3_vfs *inner;
static sqlite3_vfs coalesce_vfs;
static _Thread_local CoalesceFile *pending;

#define REAL(f) (((CoalesceFile *)(f))->real)
#define METHODS(f) (REAL(f)->pMethods)

static int write_out(CoalesceFile *p) {
  int rc = SQLITE_OK;
  for (int at = 0; at < p->used && rc == SQLITE_OK; at += PIECE_BYTES) {
    int n = p->used - at < PIECE_BYTES ? p->used - at : PIECE_BYTES;
    rc = p->real->pMethods->xWrite(p->real, p->buffer + at, n, p->start + at);
  }
  p->used = 0;
  if (pending == p) pending = 0;
  return rc;
}

static int write_out_pending(void) {
  return pending ? write_out(pending) : SQLITE_OK;
}

static int co_close(sqlite3_file *f) {
  CoalesceFile *p = (CoalesceFile *)f;
  int rc = write_out(p);
  int rc2 = METHODS(f)->xClose(REAL(f));
  sqlite3_free(p->buffer);
  p->buffer = 0;
  return rc != SQLITE_OK ? rc : rc2;
}

static int co_read(sqlite3_file *f, void *out, int n, sqlite3_int64 offset) {
  int rc = write_out((CoalesceFile *)f);
  return rc != SQLITE_OK ? rc : METHODS(f)->xRead(REAL(f), out, n, offset);
}

static int co_write(sqlite3_file *f, const void *data, int n, sqlite3_int64 offset) {
  CoalesceFile *p = (CoalesceFile *)f;
  if (!p->wal) return METHODS(f)->xWrite(REAL(f), data, n, offset);
  if (p->used > 0 && offset == p->start + p->used && p->used + n <= BUFFER_BYTES) {
    memcpy(p->buffer + p->used, data, n);
    p->used += n;
    return SQLITE_OK;
  }
  int rc = write_out(p);
  if (rc == SQLITE_OK && pending && pending != p) rc = write_out(pending);
  if (rc != SQLITE_OK) return rc;
  if (!p->buffer) p->buffer = sqlite3_malloc(BUFFER_BYTES);
  if (!p->buffer || n > BUFFER_BYTES) return METHODS(f)->xWrite(REAL(f), data, n, offset);
  memcpy(p->buffer, data, n);
  p->start = offset;
  p->used = n;
  pending = p;
  return SQLITE_OK;
}

static int co_truncate(sqlite3_file *f, sqlite3_int64 size) {
  int rc = write_out((CoalesceFile *)f);
  return rc != SQLITE_OK ? rc : METHODS(f)->xTruncate(REAL(f), size);
}

static int co_sync(sqlite3_file *f, int flags) {
  int rc = write_out((CoalesceFile *)f);
  return rc != SQLITE_OK ? rc : METHODS(f)->xSync(REAL(f), flags);
}

static int co_file_size(sqlite3_file *f, sqlite3_int64 *size) {
  int rc = write_out((CoalesceFile *)f);
  return rc != SQLITE_OK ? rc : METHODS(f)->xFileSize(REAL(f), size);
}

static int co_lock(sqlite3_file *f, int level) { return METHODS(f)->xLock(REAL(f), level); }

static int co_unlock(sqlite3_file *f, int level) {
  int rc = write_out((CoalesceFile *)f);
  return rc != SQLITE_OK ? rc : METHODS(f)->xUnlock(REAL(f), level);
}

static int co_check_reserved_lock(sqlite3_file *f, int *out) { return METHODS(f)->xCheckReservedLock(REAL(f), out); }

static int co_file_control(sqlite3_file *f, int op, void *arg) {
  int rc = write_out((CoalesceFile *)f);
  if (rc != SQLITE_OK) return rc;
  if (op == SQLITE_FCNTL_VFSNAME) {
    /* Name this VFS in front of the wrapped one's answer, as SQLite's own shims do. */
    char *inner_name = 0;
    METHODS(f)->xFileControl(REAL(f), op, &inner_name);
    *(char **)arg = inner_name ? sqlite3_mprintf("%s/%z", VFS_NAME, inner_name) : sqlite3_mprintf("%s", VFS_NAME);
    return SQLITE_OK;
  }
  return METHODS(f)->xFileControl(REAL(f), op, arg);
}

static int co_sector_size(sqlite3_file *f) { return METHODS(f)->xSectorSize(REAL(f)); }
static int co_device_characteristics(sqlite3_file *f) { return METHODS(f)->xDeviceCharacteristics(REAL(f)); }

static int co_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out) {
  return METHODS(f)->xShmMap(REAL(f), page, size, extend, out);
}

static int co_shm_lock(sqlite3_file *f, int offset, int n, int flags) {
  int rc = write_out_pending();
  return rc != SQLITE_OK ? rc : METHODS(f)->xShmLock(REAL(f), offset, n, flags);
}

static void co_shm_barrier(sqlite3_file *f) {
  /* xShmBarrier cannot fail. With synchronous=FULL (every connection Tessera opens) the commit's xSync already wrote
   * the buffer out and reported any error; below FULL a write error here goes unreported, as an OS write-back error
   * would with SQLite's own VFS. */
  write_out_pending();
  METHODS(f)->xShmBarrier(REAL(f));
}

static int co_shm_unmap(sqlite3_file *f, int delete_flag) { return METHODS(f)->xShmUnmap(REAL(f), delete_flag); }

static int co_fetch(sqlite3_file *f, sqlite3_int64 offset, int n, void **out) {
  int rc = write_out((CoalesceFile *)f);
  return rc != SQLITE_OK ? rc : METHODS(f)->xFetch(REAL(f), offset, n, out);
}

static int co_unfetch(sqlite3_file *f, sqlite3_int64 offset, void *p) { return METHODS(f)->xUnfetch(REAL(f), offset, p); }

#define CO_METHODS(version) { \
  version, co_close, co_read, co_write, co_truncate, co_sync, co_file_size, co_lock, co_unlock, co_check_reserved_lock, \
  co_file_control, co_sector_size, co_device_characteristics, co_shm_map, co_shm_lock, co_shm_barrier, co_shm_unmap, \
  co_fetch, co_unfetch }
/* One table per version of the wrapped file's methods, so SQLite never calls a method the wrapped file lacks. */
static const sqlite3_io_methods co_methods[3] = { CO_METHODS(1), CO_METHODS(2), CO_METHODS(3) };

static int co_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *out_flags) {
  CoalesceFile *p = (CoalesceFile *)f;
  (void)vfs;
  memset(p, 0, sizeof(CoalesceFile));
  p->real = (sqlite3_file *)&p[1];
  p->wal = (flags & SQLITE_OPEN_WAL) != 0;
  int rc = inner->xOpen(inner, name, p->real, flags, out_flags);
  const sqlite3_io_methods *m = p->real->pMethods;
  if (m) {
    int version = m->iVersion < 1 ? 1 : m->iVersion > 3 ? 3 : m->iVersion;
    p->base.pMethods = &co_methods[version - 1];
  }
  return rc;
}

static int co_delete(sqlite3_vfs *v, const char *name, int sync_dir) { (void)v; return inner->xDelete(inner, name, sync_dir); }
static int co_access(sqlite3_vfs *v, const char *name, int flags, int *out) { (void)v; return inner->xAccess(inner, name, flags, out); }
static int co_full_pathname(sqlite3_vfs *v, const char *name, int n, char *out) { (void)v; return inner->xFullPathname(inner, name, n, out); }
static void *co_dl_open(sqlite3_vfs *v, const char *name) { (void)v; return inner->xDlOpen(inner, name); }
static void co_dl_error(sqlite3_vfs *v, int n, char *message) { (void)v; inner->xDlError(inner, n, message); }
static void (*co_dl_sym(sqlite3_vfs *v, void *handle, const char *symbol))(void) { (void)v; return inner->xDlSym(inner, handle, symbol); }
static void co_dl_close(sqlite3_vfs *v, void *handle) { (void)v; inner->xDlClose(inner, handle); }
static int co_randomness(sqlite3_vfs *v, int n, char *out) { (void)v; return inner->xRandomness(inner, n, out); }
static int co_sleep(sqlite3_vfs *v, int microseconds) { (void)v; return inner->xSleep(inner, microseconds); }
static int co_current_time(sqlite3_vfs *v, double *out) { (void)v; return inner->xCurrentTime(inner, out); }
static int co_get_last_error(sqlite3_vfs *v, int n, char *out) { (void)v; return inner->xGetLastError(inner, n, out); }
static int co_current_time_int64(sqlite3_vfs *v, sqlite3_int64 *out) {
  (void)v;
  if (inner->iVersion >= 2 && inner->xCurrentTimeInt64) return inner->xCurrentTimeInt64(inner, out);
  double now = 0;
  int rc = inner->xCurrentTime(inner, &now);
  *out = (sqlite3_int64)(now * 86400000.0);
  return rc;
}

/* A SQL function of the connection that loads the extension: the name of the default VFS now. */
static void default_vfs_name(sqlite3_context *context, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_vfs *vfs = sqlite3_vfs_find(0);
  sqlite3_result_text(context, vfs ? vfs->zName : "", -1, SQLITE_TRANSIENT);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_walcoalesce_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  (void)error;
  int rc = sqlite3_create_function(db, "tessera_default_vfs", 0, SQLITE_UTF8, 0, default_vfs_name, 0, 0);
  if (rc != SQLITE_OK) return rc;
  if (sqlite3_vfs_find(VFS_NAME)) return SQLITE_OK_LOAD_PERMANENTLY;
  inner = sqlite3_vfs_find(0);
  if (!inner) return SQLITE_ERROR;
  memset(&coalesce_vfs, 0, sizeof coalesce_vfs);
  coalesce_vfs.iVersion = 2;
  coalesce_vfs.szOsFile = (int)sizeof(CoalesceFile) + inner->szOsFile;
  coalesce_vfs.mxPathname = inner->mxPathname;
  coalesce_vfs.zName = VFS_NAME;
  coalesce_vfs.xOpen = co_open;
  coalesce_vfs.xDelete = co_delete;
  coalesce_vfs.xAccess = co_access;
  coalesce_vfs.xFullPathname = co_full_pathname;
  coalesce_vfs.xDlOpen = co_dl_open;
  coalesce_vfs.xDlError = co_dl_error;
  coalesce_vfs.xDlSym = co_dl_sym;
  coalesce_vfs.xDlClose = co_dl_close;
  coalesce_vfs.xRandomness = co_randomness;
  coalesce_vfs.xSleep = co_sleep;
  coalesce_vfs.xCurrentTime = co_current_time;
  coalesce_vfs.xGetLastError = co_get_last_error;
  coalesce_vfs.xCurrentTimeInt64 = co_current_time_int64;
  rc = sqlite3_vfs_register(&coalesce_vfs, 1);
  return rc == SQLITE_OK ? SQLITE_OK_LOAD_PERMANENTLY : rc;
}
