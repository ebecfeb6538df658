// Part of the prelude (see prelude.js), evaluated in the same closure right after its constants: removes what
// plugins must not use and freezes every intrinsic reachable from globalThis, before any plugin code exists.
// Legacy RegExp statics (RegExp.$1, lastMatch…) remember the last match across calls: a channel between events.
for (const k of ['$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9', 'input', '$_', 'lastMatch', '$&', 'lastParen',
  '$+', 'leftContext', '$`', 'rightContext', "$'"]) {
  try { delete RegExp[k]; } catch { /* not configurable in this V8: the freeze below still applies */ }
}
// Shared memory, WebAssembly and finalizers are not needed by plugins and widen the attack surface.
for (const k of ['SharedArrayBuffer', 'Atomics', 'WebAssembly', 'FinalizationRegistry']) delete globalThis[k];

// Freezing prototypes makes `obj.toString = f` throw ("override mistake"); turn the commonly assigned properties
// into accessors whose setter defines an own property on the instance instead, like SES does.
function enableOverride(obj, key) {
  const d = getOwnPropertyDescriptor(obj, key);
  if (!d || !hasOwn(d, 'value') || !d.writable || !d.configurable) return;
  const value = d.value;
  defineProperty(obj, key, {
    configurable: false,
    enumerable: d.enumerable,
    get() { return value; },
    set(v) {
      if (this === obj) throw new TypeError(`Cannot assign to read only property '${String(key)}' of a frozen built-in`);
      defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
    },
  });
}
for (const proto of [Object.prototype, Function.prototype, Array.prototype, Error.prototype, TypeError.prototype,
  RangeError.prototype, SyntaxError.prototype, ReferenceError.prototype, EvalError.prototype, URIError.prototype,
  Promise.prototype, RegExp.prototype, Date.prototype, Map.prototype, Set.prototype]) {
  for (const key of ['constructor', 'toString', 'toLocaleString', 'valueOf', 'name', 'message', 'toJSON']) enableOverride(proto, key);
}

const consoleImpl = {};
for (const [name, level] of [['log', 'info'], ['info', 'info'], ['debug', 'info'], ['warn', 'warn'], ['error', 'error']]) {
  consoleImpl[name] = (...args) => { if (current) addLog(current, level, args); };
}
defineProperty(globalThis, 'console', { value: consoleImpl, writable: false, enumerable: false, configurable: false });

function harden(root) {
  const seen = new Set();
  const stack = [root];
  while (stack.length) {
    const o = stack.pop();
    if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
    seen.add(o);
    freeze(o);
    stack.push(getPrototypeOf(o));
    for (const k of ownKeys(o)) {
      const d = getOwnPropertyDescriptor(o, k);
      if (!d) continue;
      if (hasOwn(d, 'value')) stack.push(d.value); else stack.push(d.get, d.set);
    }
  }
}
harden(globalThis);
// Prototypes not reachable as globals (generators, async functions, iterators).
harden(getPrototypeOf(function* () {}));
harden(getPrototypeOf(async function () {}));
harden(getPrototypeOf(async function* () {}));
harden(getPrototypeOf([][Symbol.iterator]()));

