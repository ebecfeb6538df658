// A stand-in for Tracardi's loader, written for these tests from the contract Tracardi snippets rely on (see the
// tracker README): a `window.tracker` stub that queues `track` calls, `window.onTracardiReady.bind(fn)`, and, once
// the DOM is ready, a script `{options.tracker.url.script}/liliput.min.js` whose load hands over to
// `window.tracardi.default` after checking `getState().plugins.tracardi.initialized`, replaying the queue.
(function () {
  var queue = [];
  var listeners = [];
  window.tracker = { track: function () { queue.push([].slice.call(arguments)); return window.tracker; } };
  window.onTracardiReady = {
    bind: function (fn) { if (typeof fn === 'function') listeners.push(fn); },
    call: function (params) { listeners.forEach(function (fn) { fn(params); }); },
  };
  document.addEventListener('DOMContentLoaded', function () {
    var script = document.createElement('script');
    script.async = true;
    script.src = options.tracker.url.script + '/liliput.min.js';
    script.addEventListener('load', function () {
      if (!window.tracardi || !window.tracardi.default.getState().plugins.tracardi.initialized) return;
      window.tracker = window.tracardi.default;
      while (queue.length > 0) window.tracker.track.apply(window.tracker, queue.shift());
    });
    document.head.appendChild(script);
  });
})();
