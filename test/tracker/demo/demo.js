// The demo shop's own code: it talks to the tracker only through the public window.tracker API. Calls made here
// usually run before tessera.js (loaded async) has started, so they also exercise the snippet's queueing stub.
window.demo = { ready: null, answers: [] };
window.tracker.onReady(function (args) { window.demo.ready = args.context; });
window.tracker.track('product-view', { sku: 'sku-1', price: 19.9 });
window.tracker.track('early-fire', { reason: 'sent before load' }, { fire: true });

document.getElementById('buy').addEventListener('click', function () {
  window.tracker.track('purchase', { sku: 'sku-1', total: 19.9 }, { fire: true });
});
document.getElementById('accept').addEventListener('click', function () {
  window.tracker.consent({ analytics: true, marketing: false });
});
document.getElementById('decline').addEventListener('click', function () {
  window.tracker.consent(false);
});
document.getElementById('leave').addEventListener('click', function () {
  window.tracker.track('leave-click', { to: '/bye.html' }, { asBeacon: true });
});
