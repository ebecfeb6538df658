// Trusted code evaluated once per isolate, before any plugin code, as the body of a closure:
// $0 = hostStart(callId, opId, op, argsJson), a synchronous host callback that starts an async host operation;
// $1 = the SDK library's code (library.ts), evaluated once below and frozen, then handed to bundles on each call.
// The closure body is prelude.js up to the HARDEN marker, then prelude-harden.js, then the rest of prelude.js.
// It returns { install, call, settle, resolve }, whose references only the host holds. Plugin code never sees $0,
// an isolated-vm object, or this closure's variables. Everything here is strict so `fn.caller` reveals nothing.
'use strict';
const hostStart = $0;
const { freeze, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, hasOwn, keys } = Object;
const ownKeys = Reflect.ownKeys;
const parse = JSON.parse;
const stringify = JSON.stringify;
const PromiseCtor = Promise;
const FunctionCtor = Function;
const ErrorCtor = Error;
const MapCtor = Map;
const isArray = Array.isArray;
const ASYNC = '\u0000async';
const MAX_LOGS = 100;
const MAX_LOG_CHARS = 2000;
const MAX_OPS = 100; // host operations per call: a loop of ctx.kv.get must not flood the host
const PII_PREFIXES = ['pii', 'data.pii', 'data.contact'];
const PATH_RE = /^[A-Za-z0-9_$@:-]{1,128}(\.[A-Za-z0-9_$@:-]{1,128})*$/;
const FORBIDDEN_SEGMENTS = ['__proto__', 'prototype', 'constructor'];

let plugin = null; // static facts set by install()
let factory = null; // runs the bundle afresh: a new module instance per call, so module state never carries over
let current = null; // the call in progress
let pending = null; // promise of the async result of the call in progress

// @@HARDEN@@

// ---- the SDK library: evaluated once, after the intrinsics are frozen, then frozen itself ----

const sdkLibrary = loadLibrary($1);

function loadLibrary(code) {
  const modules = {};
  if (typeof code !== 'string' || code === '') return modules;
  const ns = new FunctionCtor(`"use strict";\n${code}\n;return __tesseraLibrary;`)();
  // Plain objects holding the values (not the bundler's namespace getters): one property read per import.
  for (const key of keys(ns)) {
    const m = {};
    for (const name of keys(ns[key])) m[name] = ns[key][name];
    modules[key] = m;
  }
  harden(modules);
  return modules;
}

// What a bundle receives as `__tesseraSdk`: the frozen module for a key, so no call can leave anything in it.
const sdkImport = freeze(function sdkImport(key) {
  if (typeof key === 'string' && hasOwn(sdkLibrary, key)) return sdkLibrary[key];
  throw codedError('sdk_unavailable', `this host's sandbox has no SDK module "${safeString(key)}"; rebuild the plugin against the host's @tessera/plugin-sdk`);
});

// ---- per-call context ----

function codedError(code, message) {
  const err = new ErrorCtor(message);
  err.code = code;
  return err;
}

function denied(message) { return codedError('permission_denied', message); }

function safeString(value) {
  if (typeof value === 'string') return value;
  try { const s = stringify(value); return s === undefined ? String(value) : s; } catch { return String(value); }
}

function addLog(call, level, args) {
  if (call.logs.length >= MAX_LOGS) { call.droppedLogs++; return; }
  let message = args.map(safeString).join(' ');
  if (message.length > MAX_LOG_CHARS) message = message.slice(0, MAX_LOG_CHARS) + '…';
  call.logs.push({ level, message, at: new Date().toISOString() });
}

function hostOp(call, op, args) {
  if (current !== call) return PromiseCtor.reject(codedError('call_finished', `ctx.${op} was used after the call finished`));
  let argsJson;
  try { argsJson = stringify(args); } catch (e) { return PromiseCtor.reject(codedError('invalid_argument', `ctx.${op}: arguments must be JSON: ${e && e.message}`)); }
  if (call.nextOp >= MAX_OPS) {
    // One error object per call: building a stack trace for each of a million refusals would be the real flood.
    call.tooMany = call.tooMany || codedError('too_many_operations', `more than ${MAX_OPS} host operations (ctx.fetch, ctx.kv, ctx.mail) in one call`);
    return PromiseCtor.reject(call.tooMany);
  }
  return new PromiseCtor((resolve, reject) => {
    const id = ++call.nextOp;
    (call.ops || (call.ops = new MapCtor())).set(id, { resolve, reject });
    hostStart(call.id, id, op, argsJson);
  });
}

function checkPath(target, path) {
  if (typeof path !== 'string' || !PATH_RE.test(path)) throw codedError('invalid_patch', `ctx.update.${target}: invalid path ${safeString(path)} (use a dot path like "traits.vip")`);
  for (const seg of path.split('.')) if (FORBIDDEN_SEGMENTS.includes(seg)) throw codedError('invalid_patch', `ctx.update.${target}: path segment "${seg}" is not allowed`);
  if (target === 'profile' && !plugin.perms.pii && PII_PREFIXES.some((p) => path === p || path.startsWith(p + '.'))) {
    throw denied(`ctx.update.profile: writing "${path}" needs permissions.pii: true`);
  }
}

function patchBuilder(call, target) {
  const add = (op, path, value) => {
    if (plugin.perms[target] !== 'write') throw denied(`ctx.update.${target}.${op}: permissions.${target} must be "write" (it is "${plugin.perms[target]}")`);
    checkPath(target, path);
    const patch = { target, op, path };
    if (value !== undefined) patch.value = parse(stringify(value));
    call.patches.push(patch);
  };
  return freeze({
    set(path, value) { if (value === undefined) throw codedError('invalid_patch', 'set needs a value; use unset to remove'); add('set', path, value); },
    unset(path) { add('unset', path, undefined); },
    append(path, value) { add('append', path, value); },
    remove(path, value) { add('remove', path, value); },
    increment(path, by) {
      if (by !== undefined && (typeof by !== 'number' || !isFinite(by))) throw codedError('invalid_patch', 'increment needs a finite number');
      add('increment', path, by);
    },
  });
}

function readView(call, name, value) {
  if (plugin.perms[name] === 'none') throw denied(`ctx.${name} is not available: permissions.${name} is "none"`);
  return value;
}

function makeResources(declared, values) {
  const obj = values || {};
  return new Proxy(obj, {
    get(t, k) {
      if (typeof k !== 'string' || hasOwn(t, k) || k === 'then' || k === 'toJSON' || k in Object.prototype) return t[k];
      if (declared.includes(k)) return undefined;
      throw denied(`resource "${k}" is not declared in permissions.resources`);
    },
    set() { throw new TypeError('ctx.resources is read-only'); },
  });
}

// The `ctx` of one call. Its parts are built on first use (most plugins touch two or three of them) and live in private
// fields, so the object costs one allocation; the class and its prototype are frozen below. The documents arrive as
// JSON text and are parsed on first read, once per call.
class CallContext {
  #call;
  #req;
  #json;
  #parts = null;
  constructor(call, req, eventJson, profileJson, sessionJson) {
    this.#call = call;
    this.#req = req;
    this.#json = { event: eventJson, profile: profileJson, session: sessionJson };
    this.config = req.c || {};
  }
  #lazy(name, build) {
    const parts = this.#parts || (this.#parts = {});
    return hasOwn(parts, name) ? parts[name] : (parts[name] = build());
  }
  #doc(name) {
    return this.#lazy(name, () => {
      const json = this.#json[name];
      return readView(this.#call, name, json === null || json === undefined ? {} : parse(json));
    });
  }
  get event() { return this.#doc('event'); }
  get profile() { return this.#doc('profile'); }
  get session() { return this.#doc('session'); }
  get resources() { return this.#lazy('resources', () => makeResources(plugin.perms.resources, this.#req.r)); }
  get log() {
    const call = this.#call;
    return this.#lazy('log', () => freeze({
      info: (...a) => addLog(call, 'info', a),
      warn: (...a) => addLog(call, 'warn', a),
      error: (...a) => addLog(call, 'error', a),
    }));
  }
  get kv() {
    const call = this.#call;
    return this.#lazy('kv', () => freeze({
      get: (key) => hostOp(call, 'kv.get', { key }).then((r) => r.value),
      set: (key, value) => hostOp(call, 'kv.set', { key, value }).then(() => undefined),
      delete: (key) => hostOp(call, 'kv.delete', { key }).then(() => undefined),
    }));
  }
  get consent() {
    const p = plugin.perms;
    const req = this.#req;
    return this.#lazy('consent', () => freeze({
      purposes: freeze(p.consent.slice()),
      granted(purpose) {
        if (!p.consent.includes(purpose)) throw denied(`consent purpose "${safeString(purpose)}" is not declared in permissions.consent`);
        return req.k ? req.k[purpose] === true : false;
      },
    }));
  }
  get mail() {
    const call = this.#call;
    return this.#lazy('mail', () => freeze({ send: (message) => hostOp(call, 'mail.send', message).then(() => undefined) }));
  }
  get update() {
    const call = this.#call;
    // One builder per document, made when the plugin first writes to it.
    return this.#lazy('update', () => {
      const built = {};
      const builder = (target) => built[target] || (built[target] = patchBuilder(call, target));
      return freeze({
        get profile() { return builder('profile'); },
        get session() { return builder('session'); },
        get event() { return builder('event'); },
      });
    });
  }
  get trace() {
    const t = this.#req.t;
    return this.#lazy('trace', () => freeze({ flowId: t && t.flowId, nodeId: t && t.nodeId, plugin: plugin.name }));
  }
  get fetch() {
    const call = this.#call;
    return this.#lazy('fetch', () => function fetch(url, init) {
      return hostOp(call, 'fetch', { url: String(url), init: init || {} }).then((r) => {
        const body = r.body;
        return {
          ok: r.status >= 200 && r.status < 300, status: r.status, statusText: r.statusText, url: r.url, headers: r.headers,
          text: () => PromiseCtor.resolve(body),
          json: () => new PromiseCtor((res) => res(parse(body))),
        };
      });
    });
  }
}
// No way from a plugin's ctx to the class (ctx.constructor is Object's), and nothing on it to change.
delete CallContext.prototype.constructor;
freeze(CallContext.prototype);
freeze(CallContext);

// ---- result handling ----

function errorOut(call, err) {
  let code = 'plugin_error';
  let message;
  try {
    if (err && typeof err === 'object' && typeof err.code === 'string' && /^[a-z_]{3,40}$/.test(err.code)) code = err.code;
    const name = err && typeof err === 'object' && typeof err.name === 'string' ? err.name : 'Error';
    message = err && typeof err === 'object' && typeof err.message === 'string' ? err.message : safeString(err);
    if (code === 'plugin_error') message = `${name}: ${message}`;
  } catch {
    message = 'the plugin threw a value that could not be read';
  }
  if (message.length > 2000) message = message.slice(0, 2000) + '…';
  return stringify({ ok: false, error: { code, message }, l: call.logs, dl: call.droppedLogs });
}

function finish(call, out) {
  try {
    return finishUnsafe(call, out);
  } catch (err) {
    // Getters and proxies in the returned value run plugin code; whatever they throw is the plugin's error.
    return errorOut(call, err);
  }
}

function finishUnsafe(call, out) {
  let results;
  if (out === undefined || out === null) results = [];
  else if (isArray(out)) results = out;
  else results = [out];
  for (const r of results) {
    if (!r || typeof r !== 'object' || typeof r.port !== 'string') {
      return errorOut(call, codedError('plugin_bad_result', 'run() must return { port, payload }, an array of them, or nothing'));
    }
    if (!plugin.outputs.includes(r.port)) {
      return errorOut(call, codedError('plugin_bad_result', `run() returned port "${r.port}", which is not in the manifest's outputs (${plugin.outputs.join(', ')})`));
    }
  }
  let json;
  try {
    json = stringify({ ok: true, r: results.map((r) => ({ port: r.port, payload: r.payload === undefined ? null : r.payload })), p: call.patches, l: call.logs, dl: call.droppedLogs });
  } catch (e) {
    return errorOut(call, codedError('plugin_bad_result', `the result is not JSON-serialisable: ${e && e.message}`));
  }
  if (json.length > plugin.maxResultBytes) {
    return errorOut(call, codedError('result_too_large', `the result is ${json.length} bytes, more than the ${plugin.maxResultBytes} allowed`));
  }
  return json;
}

function end(call, json) {
  if (current === call) current = null;
  if (call.ops) call.ops.clear();
  return json;
}

// ---- entry points used by the host ----

function install(code, staticJson) {
  plugin = parse(staticJson);
  freeze(plugin.perms);
  // The Function constructor parses the body on its own, so a bundle cannot close the wrapper and leave code at
  // script level (where it could keep state between calls).
  // Bundles from `tessera-plugin build` import the SDK through `__tesseraSdk` and hand their default export to
  // `__tesseraExport`; older, self-contained bundles ignore both and assign `__tesseraPlugin`.
  factory = new FunctionCtor('__tesseraSdk', '__tesseraExport', `"use strict";\n${code}\n;return typeof __tesseraPlugin === "undefined" ? undefined : __tesseraPlugin;`);
}

// requestJson: the call (id, input, config, consents, resources, trace); eventJson, profileJson, sessionJson: the
// documents the manifest lets the plugin read (null otherwise), parsed only if the plugin reads them.
const NOT_EXPORTED = freeze({});
let exported = NOT_EXPORTED;
const sdkExport = freeze(function sdkExport(value) { exported = value; });

// Evaluates the bundle afresh and returns its plugin definition (or undefined).
function loadDefinition() {
  exported = NOT_EXPORTED;
  const mod = factory(sdkImport, sdkExport);
  if (exported !== NOT_EXPORTED) return exported;
  return mod && typeof mod === 'object' && hasOwn(mod, 'default') ? mod.default : mod;
}

function call(requestJson, eventJson, profileJson, sessionJson) {
  const req = parse(requestJson);
  // Pending host operations are tracked in a Map made on the first one: most calls never start any.
  const c = { id: req.id, logs: [], droppedLogs: 0, patches: [], ops: null, nextOp: 0 };
  current = c;
  pending = null;
  let out;
  try {
    const def = loadDefinition();
    if (!def || def.tessera !== 'plugin' || typeof def.run !== 'function') {
      return end(c, errorOut(c, codedError('plugin_invalid', 'the bundle does not export a definePlugin(...) result as default')));
    }
    if (def.kind !== plugin.kind) {
      return end(c, errorOut(c, codedError('plugin_invalid', `the code defines a ${def.kind} but the manifest says kind "${plugin.kind}"`)));
    }
    out = def.run(req.i, new CallContext(c, req, eventJson, profileJson, sessionJson));
  } catch (err) {
    return end(c, errorOut(c, err));
  }
  let thenable;
  try {
    thenable = out !== null && (typeof out === 'object' || typeof out === 'function') && typeof out.then === 'function';
  } catch (err) {
    return end(c, errorOut(c, err));
  }
  if (thenable) {
    pending = PromiseCtor.resolve(out).then((v) => end(c, finish(c, v)), (err) => end(c, errorOut(c, err)));
    return ASYNC;
  }
  return end(c, finish(c, out));
}

// Loads the bundle once without running it, for `build`: does it export a definePlugin(...) result of the right kind?
function inspect() {
  try {
    const def = loadDefinition();
    if (!def || def.tessera !== 'plugin' || typeof def.run !== 'function') return stringify({ ok: false, message: 'the bundle does not export a definePlugin(...) result as default' });
    if (def.kind !== plugin.kind) return stringify({ ok: false, message: `the code defines a ${def.kind} but the manifest says kind "${plugin.kind}"` });
    return stringify({ ok: true, kind: def.kind });
  } catch (err) {
    return stringify({ ok: false, message: `evaluating the bundle threw: ${err && err.message}` });
  }
}

function settle() {
  return pending;
}

function resolve(callId, opId, ok, valueJson) {
  const c = current;
  if (!c || c.id !== callId) return;
  const op = c.ops && c.ops.get(opId);
  if (!op) return;
  c.ops.delete(opId);
  const v = parse(valueJson);
  if (ok) op.resolve(v); else op.reject(codedError(v.code, v.message));
}

return { install, call, settle, resolve, inspect };
