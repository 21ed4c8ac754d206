// Charts of the accountability page, drawn with uPlot from accountability.json; the table on the
// page holds the same numbers for anyone who cannot see the charts.
(function () {
  'use strict';
  var box = document.getElementById('accountability-charts');
  if (!box || typeof uPlot === 'undefined' || !window.fetch) return;
  var charts = [];

  // As wide as the box, so that a phone (or a turned one) never scrolls sideways.
  function width() {
    return Math.max(240, Math.min(box.clientWidth || 600, 1100));
  }

  var resizing = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      charts.forEach(function (u) { u.setSize({ width: width(), height: u.height }); });
    }, 100);
  });

  function chart(title, names, series, width) {
    var xs = names.map(function (n, i) { return i; });
    var data = [xs].concat(series.map(function (s) { return s.values.map(function (v) { return v === null ? null : v; }); }));
    var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined;
    var colours = ['#1a5fb4', '#a51d2d', '#8a4500'];
    var opts = {
      title: title,
      width: width,
      height: 260,
      scales: { x: { time: false } },
      axes: [
        { values: function (u, ticks) { return ticks.map(function (t) { return names[t] === undefined ? '' : names[t]; }); } },
        {}
      ],
      series: [{ label: '' }].concat(series.map(function (s, i) {
        return { label: s.label, stroke: colours[i % colours.length], fill: colours[i % colours.length] + '55', paths: bars };
      }))
    };
    var figure = document.createElement('figure');
    figure.setAttribute('aria-hidden', 'true');
    box.appendChild(figure);
    var u = new uPlot(opts, data, figure);
    charts.push(u);
    return u;
  }

  fetch(box.getAttribute('data-source'), { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (f) {
      // The 30 groups of the table's first rows: the worst ones when sorted that way.
      var n = Math.min(f.names.length, 30);
      var names = f.names.slice(0, n);
      chart(box.getAttribute('data-counts'), names, [
        { label: box.getAttribute('data-open'), values: f.open.slice(0, n) },
        { label: box.getAttribute('data-overdue'), values: f.overdue.slice(0, n) },
        { label: box.getAttribute('data-escalated'), values: f.escalated.slice(0, n) }
      ], width());
      chart(box.getAttribute('data-hours'), names, [
        { label: box.getAttribute('data-median'), values: f.median.slice(0, n) },
        { label: box.getAttribute('data-p90'), values: f.p90.slice(0, n) }
      ], width());
    })
    .catch(function () { box.hidden = true; });
})();
