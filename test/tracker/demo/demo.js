// The demo shop's own code: it talks to the tracker only through its public API (window.tracker). Calls made here
// usually run before tessera.js (loaded async) has started, so they also exercise the snippet's queueing stub.
window.demo = { ready: null, answers: [] };
function onReady(args) { window.demo.ready = args.context; }
// Tessera's snippet stub has onReady; a Tracardi integration registers through window.onTracardiReady instead.
if (window.tracker.onReady) window.tracker.onReady(onReady);
else window.onTracardiReady.bind(onReady);
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
