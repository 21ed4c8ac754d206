// Chaupal console: the small behaviour every page shares (no inline handlers: the CSP allows only files from 'self').
//  - marks <html> with class "js" (so .js-only elements show);
//  - <form data-confirm="Question?"> asks before it is sent;
//  - chaupal.live(url, handlers, statusElement): an EventSource that keeps #live-status up to date
//    (classes connected / connecting / disconnected, texts from its data-connected / data-connecting / data-disconnected).
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  function show(status, state) {
    if (!status) return;
    status.classList.remove('connected', 'connecting', 'disconnected');
    status.classList.add(state);
    var text = status.getAttribute('data-' + state);
    if (text) status.textContent = text;
  }

  // handlers: { eventName: function (MessageEvent) }; "message" for unnamed events.
  function live(url, handlers, status) {
    status = status || document.getElementById('live-status');
    show(status, 'connecting');
    var source = new EventSource(url);
    source.addEventListener('open', function () { show(status, 'connected'); });
    // The connection dropped: the banner says so until "open" fires again (the browser reconnects by itself).
    source.addEventListener('error', function () { show(status, 'disconnected'); });
    Object.keys(handlers || {}).forEach(function (name) { source.addEventListener(name, handlers[name]); });
    return source;
  }

  window.chaupal = { live: live };
})();
