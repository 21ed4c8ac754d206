// The queue's live updates: new cases appear at the top, changed ones change in place, and a
// banner says when the live connection drops and comes back. Rows are built with textContent only:
// a citizen's words are never parsed as HTML. Without this script the page still works by reloading.
(function () {
  'use strict';
  var table = document.getElementById('queue');
  var banner = document.getElementById('queue-live-status');
  if (!table || !banner || !window.EventSource || !table.dataset.live) return;
  var body = table.tBodies[0];
  var texts = table.dataset;

  function text(parent, tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    parent.appendChild(el);
    return el;
  }

  function fill(tr, c) {
    while (tr.firstChild) tr.removeChild(tr.firstChild);
    tr.className = c.classes + ' fresh';
    tr.dataset.number = c.number;
    tr.dataset.updated = c.updated;
    var number = document.createElement('td');
    var link = text(number, 'a', c.number);
    link.href = c.href;
    tr.appendChild(number);
    var status = document.createElement('td');
    status.appendChild(document.createTextNode(c.statusText));
    if (c.overdue) { status.appendChild(document.createTextNode(' ')); text(status, 'strong', texts.overdue || '', 'flag flag-overdue'); }
    if (c.escalated) { status.appendChild(document.createTextNode(' ')); text(status, 'strong', c.escalatedText, 'flag flag-escalated'); }
    tr.appendChild(status);
    text(tr, 'td', c.category);
    var place = document.createElement('td');
    place.appendChild(document.createTextNode(c.ulb + (c.ward ? ', ' + (texts.ward || '') + ' ' + c.ward : '')));
    place.appendChild(document.createElement('br'));
    text(place, 'span', c.department, 'muted');
    tr.appendChild(place);
    text(tr, 'td', c.assignee);
    var due = document.createElement('td');
    text(due, 'span', c.left, 'left');
    due.appendChild(document.createElement('br'));
    text(due, 'span', c.due, 'muted');
    tr.appendChild(due);
    var what = document.createElement('td');
    what.appendChild(document.createTextNode(c.description));
    what.appendChild(document.createElement('br'));
    text(what, 'span', (texts.filed || '') + ' ' + c.filed, 'muted');
    tr.appendChild(what);
    var badge = text(what, 'span', ' ' + texts['new'], 'flag flag-new');
    setTimeout(function () {
      tr.classList.remove('fresh');
      if (badge.parentNode) badge.parentNode.removeChild(badge);
    }, 8000);
  }

  function find(number) {
    for (var i = 0; i < body.rows.length; i++) if (body.rows[i].dataset.number === number) return body.rows[i];
    return null;
  }

  function show(message) {
    banner.textContent = message;
    banner.className = 'live-status' + (message ? ' shown' : '');
  }

  var dropped = false;
  var source = new EventSource(table.dataset.live);
  source.addEventListener('case', function (event) {
    var c;
    try { c = JSON.parse(event.data); } catch (e) { return; }
    var row = find(c.number);
    if (row && row.dataset.updated === c.updated) return;
    if (!row) {
      row = document.createElement('tr');
      body.insertBefore(row, body.firstChild);
    }
    fill(row, c);
  });
  source.addEventListener('open', function () {
    if (dropped) {
      dropped = false;
      show(texts.back);
      setTimeout(function () { if (!dropped) show(''); }, 5000);
    }
  });
  source.addEventListener('error', function () {
    if (!dropped) {
      dropped = true;
      show(texts.paused);
    }
  });
}());
