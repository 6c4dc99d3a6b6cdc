/*
 * The pbi-export demo report: a page that behaves like a Power BI report, so exports can be tried
 * (and tested) without Power BI.
 *
 * - pageName=<internal name> picks a page; an unknown or missing name shows the first page.
 * - filter=<expression> (or $filter=) is read in Power BI's URL filter language:
 *   Table/Column eq|ne|gt|ge|lt|le <literal>, Table/Column in (<literal>, ...), joined with " and ",
 *   at most 10; literals 'text' (inner quotes doubled), numbers, 2019-05-20,
 *   datetime'2019-05-20T00:00:00', true/false; names with _xHHHH_ escapes. A malformed filter shows
 *   an error page. Conditions on fields the data does not have are ignored, as Power BI does.
 * - The data comes from /demo/data after a delay (delay_ms=<n> to change it, at most 5000 by
 *   default); the visuals are then drawn one after another, 90 ms apart.
 * - layers=<n> groups the page's visuals into n drawing steps instead of one step per visual, in
 *   order, the later steps taking the larger share: the last step always holds the last visuals
 *   (on the Overview page with layers=4: the KPI "Total sales"; "Units sold" and "Average price";
 *   the bar chart; then the orange line chart "Sales by month" and the table). draw_ms=<n> sets
 *   the time between steps (default 90). Both are off by default (one visual a step, 90 ms apart).
 *   Together with delay_ms and signal=false they make a page shaped like a real Power BI report:
 *   delay_ms=1400&layers=4&draw_ms=150&signal=false is one slow query, then four layers drawn
 *   150 ms apart, and no completion signal.
 * - error_when=<value> shows the error page ("Couldn't load the data") when a filter condition of
 *   the address carries that value (compared as text), and draws normally otherwise: a report that
 *   fails for one filter value only, as real reports sometimes do.
 * - When the page has finished: <html data-render-state="rendered"> (or "error"), window.pbiDemo =
 *   {rendered: true, error: null or the reason, page, filters}, and a "pbi-demo:rendered" event on
 *   window (detail = window.pbiDemo). rendered is true after an error too: it means "finished, stop
 *   waiting", so a waiter never hangs until its timeout on a page that has already failed.
 *   signal=false turns all three off, for testing renders of pages that give no signal
 *   (the render engine's fallback: network quiet, no spinner, visual containers unchanged).
 */
(function () {
  'use strict';

  var PAGES = [
    { name: 'ReportSection1a2b3c4d5e', title: 'Overview' },
    { name: 'ReportSection6f7a8b9c0d', title: 'Regions' },
    { name: 'e4b9c2a1d7f3086b5c1a', title: 'Details' }
  ];
  var FIELDS = {
    'Calendar/Year': { field: 'year', kind: 'number', label: 'Year' },
    'Calendar/Date': { field: 'date', kind: 'date', label: 'Month end' },
    'Calendar/Month': { field: 'month', kind: 'number', label: 'Month' },
    'Geography/Region': { field: 'region', kind: 'text', label: 'Region' }
  };
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  var params = new URLSearchParams(window.location.search);
  var signal = params.get('signal') !== 'false';
  var layerCount = wholeNumber(params.get('layers'), 0);
  var drawMs = wholeNumber(params.get('draw_ms'), 90);
  var requested = params.get('pageName');
  var page = PAGES.filter(function (p) { return p.name === requested; })[0] || PAGES[0];
  var filterText = params.has('filter') ? params.get('filter') : params.get('$filter');

  /* A non-negative whole number from the address, or the fallback when it is missing or not one. */
  function wholeNumber(text, fallback) {
    return /^\d{1,6}$/.test(text || '') ? Number(text) : fallback;
  }

  /*
   * The visuals in drawing steps: one a step unless layers=<n> asks for fewer; visual k of m
   * goes to step ceil((k + 1) * n / m) - 1, so the last step always holds the last visual.
   */
  function layered(visuals) {
    var n = (layerCount >= 1 && layerCount < visuals.length) ? layerCount : visuals.length;
    var steps = [];
    visuals.forEach(function (draw, k) {
      var step = Math.ceil((k + 1) * n / visuals.length) - 1;
      (steps[step] = steps[step] || []).push(draw);
    });
    return steps;
  }

  function FilterError(message) { this.message = message; }

  /* The URL filter language, as docs/powerbi-rules.md describes it. */
  function parseFilter(text) {
    var i = 0;
    function fail(message) { throw new FilterError(message + ' (at character ' + (i + 1) + ')'); }
    function decodeName(name) {
      return name.replace(/_x([0-9A-Fa-f]{8}|[0-9A-Fa-f]{4})_/g, function (m, hex) {
        return String.fromCodePoint(parseInt(hex, 16));
      });
    }
    function name() {
      var start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) { i++; }
      if (start === i) { fail('expected a table or column name'); }
      return decodeName(text.slice(start, i));
    }
    function expect(token) {
      if (text.substr(i, token.length) !== token) { fail("expected '" + token.trim() + "'"); }
      i += token.length;
    }
    function realDate(ymd) {
      var d = new Date(ymd + 'T00:00:00Z');
      return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === ymd;
    }
    function quoted() {
      i++;
      var out = '';
      for (;;) {
        var q = text.indexOf("'", i);
        if (q < 0) { i = text.length; fail('a quote is not closed'); }
        out += text.slice(i, q);
        i = q + 1;
        if (text[i] === "'") { out += "'"; i++; } else { return out; }
      }
    }
    function literal() {
      if (text[i] === "'") { return { kind: 'text', value: quoted() }; }
      if (text.substr(i, 9) === "datetime'") {
        i += 8;
        var dt = quoted();
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(dt) || !realDate(dt.slice(0, 10))) { fail("'" + dt + "' is not a date and time"); }
        return { kind: 'datetime', value: dt };
      }
      var start = i;
      while (i < text.length && !/[\s,)]/.test(text[i])) { i++; }
      var token = text.slice(start, i);
      if (/^\d{4}-\d{2}-\d{2}$/.test(token)) {
        if (!realDate(token)) { i = start; fail("'" + token + "' is not a date"); }
        return { kind: 'date', value: token };
      }
      if (/^-?\d+(\.\d+)?$/.test(token)) { return { kind: 'number', value: Number(token) }; }
      if (token === 'true' || token === 'false') { return { kind: 'boolean', value: token === 'true' }; }
      i = start;
      fail(token ? "'" + token + "' is not a value" : 'expected a value');
    }
    var conditions = [];
    for (;;) {
      var table = name();
      expect('/');
      var column = name();
      expect(' ');
      var op = (text.slice(i).match(/^[a-z]+/) || [''])[0];
      if (['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'in'].indexOf(op) < 0) { fail("'" + op + "' is not an operator"); }
      i += op.length;
      expect(' ');
      var values = [];
      if (op === 'in') {
        expect('(');
        values.push(literal());
        while (text[i] === ',') { i++; while (text[i] === ' ') { i++; } values.push(literal()); }
        expect(')');
      } else {
        var at = i;
        values.push(literal());
        if (['gt', 'ge', 'lt', 'le'].indexOf(op) >= 0 && ['number', 'date', 'datetime'].indexOf(values[0].kind) < 0) {
          i = at;
          fail("'" + op + "' compares numbers and dates only");
        }
      }
      conditions.push({ table: table, column: column, op: op, values: values });
      if (conditions.length > 10) { fail('more than 10 conditions'); }
      if (i >= text.length) { return conditions; }
      expect(' and ');
    }
  }

  function matches(row, condition) {
    var spec = FIELDS[condition.table + '/' + condition.column];
    var actual = row[spec.field];
    if (spec.kind === 'date' && condition.values[0].kind === 'datetime') {
      // A date column's values are midnight date-times to Power BI.
      actual = actual + 'T00:00:00';
    }
    var equal = function (v) {
      return spec.kind === 'text' ? String(actual).toLowerCase() === String(v.value).toLowerCase() : actual === v.value;
    };
    var v = condition.values[0].value;
    switch (condition.op) {
      case 'eq': return equal(condition.values[0]);
      case 'in': return condition.values.some(equal);
      case 'ne': return !equal(condition.values[0]);
      case 'gt': return actual > v;
      case 'ge': return actual >= v;
      case 'lt': return actual < v;
      default: return actual <= v;
    }
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function fmt(n) { return Math.round(n).toLocaleString('en-US'); }
  function sum(rows, field) { return rows.reduce(function (s, r) { return s + r[field]; }, 0); }
  function groupBy(rows, field, keys) {
    return keys.map(function (k) {
      var these = rows.filter(function (r) { return r[field] === k; });
      return { key: k, sales: sum(these, 'sales'), units: sum(these, 'units') };
    });
  }
  function unique(rows, field) {
    var seen = [];
    rows.forEach(function (r) { if (seen.indexOf(r[field]) < 0) { seen.push(r[field]); } });
    return seen;
  }

  function visual(cls, title, body) {
    return el('div', { 'class': 'visual-container ' + cls, 'data-visual': title }, [el('div', { 'class': 'visual-title' }, [title]), body]);
  }
  function kpi(title, value, note) {
    return visual('kpi', title, el('div', {}, [el('div', { 'class': 'value' }, [value]), el('div', { 'class': 'note' }, [note])]));
  }
  function barChart(title, groups, cls) {
    var w = 600, h = 220, max = Math.max.apply(null, groups.map(function (g) { return g.sales; }).concat([1]));
    var chart = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', height: h, role: 'img', 'aria-label': title });
    var bw = (w - 40) / Math.max(groups.length, 1);
    groups.forEach(function (g, k) {
      var bh = (h - 50) * g.sales / max;
      chart.appendChild(svg('rect', { x: 30 + k * bw + bw * 0.15, y: h - 30 - bh, width: bw * 0.7, height: bh, fill: k % 2 ? '#4a7db3' : '#1f3b57' }));
      chart.appendChild(svg('text', { x: 30 + k * bw + bw / 2, y: h - 12, 'text-anchor': 'middle' }, String(g.key)));
      chart.appendChild(svg('text', { x: 30 + k * bw + bw / 2, y: h - 36 - bh, 'text-anchor': 'middle' }, fmt(g.sales)));
    });
    return visual(cls, title, chart);
  }
  function lineChart(title, groups, cls) {
    var w = 480, h = 220, values = groups.map(function (g) { return g.sales; });
    // From just below the smallest month to the largest, as Power BI's automatic axis does, so
    // the seasonal shape is visible rather than a flat line at the top.
    var max = Math.max.apply(null, values.concat([1])), min = Math.min.apply(null, values.concat([max]));
    var low = Math.max(0, min - (max - min) * 0.25), span = Math.max(max - low, 1);
    var chart = svg('svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', height: h, role: 'img', 'aria-label': title });
    var step = (w - 50) / Math.max(groups.length - 1, 1);
    var y = function (v) { return h - 40 - (h - 80) * (v - low) / span; };
    chart.appendChild(svg('line', { x1: 20, x2: w - 10, y1: h - 30, y2: h - 30, stroke: '#e1dfdd' }));
    var points = groups.map(function (g, k) { return (30 + k * step) + ',' + y(g.sales); });
    chart.appendChild(svg('polyline', { points: points.join(' '), fill: 'none', stroke: '#c2571a', 'stroke-width': 3 }));
    groups.forEach(function (g, k) {
      chart.appendChild(svg('circle', { cx: 30 + k * step, cy: y(g.sales), r: 3.5, fill: '#c2571a' }));
      chart.appendChild(svg('text', { x: 30 + k * step, y: h - 10, 'text-anchor': 'middle' }, MONTHS[g.key - 1]));
    });
    if (groups.length) {
      chart.appendChild(svg('text', { x: 24, y: y(max) - 10 }, 'max ' + fmt(max)));
    }
    return visual(cls, title, chart);
  }
  function table(title, header, rows, cls) {
    var head = el('tr', {}, header.map(function (h, k) { return el('th', { 'class': k ? 'num' : '' }, [h]); }));
    var body = rows.map(function (r) {
      return el('tr', {}, r.map(function (c, k) { return el('td', { 'class': k ? 'num' : '' }, [String(c)]); }));
    });
    return visual(cls, title, el('table', { 'class': 'data' }, [el('thead', {}, [head]), el('tbody', {}, body)]));
  }

  function visualsFor(rows) {
    var regions = unique(rows, 'region');
    var byRegion = groupBy(rows, 'region', regions);
    var byMonth = groupBy(rows, 'month', unique(rows, 'month').sort(function (a, b) { return a - b; }));
    var years = unique(rows, 'year').join(', ') || '—';
    if (page.name === PAGES[1].name) {
      return [
        function () { return barChart('Sales by region', byRegion, 'wide'); },
        function () {
          return table('Regions', ['Region', 'Sales', 'Units'], byRegion.map(function (g) { return [g.key, fmt(g.sales), fmt(g.units)]; }), 'narrow');
        }
      ];
    }
    if (page.name === PAGES[2].name) {
      return [
        function () {
          // One year: "Mar 2024"; several: the months add them up, and the title names them.
          var single = unique(rows, 'year').length === 1;
          return table('Monthly sales by region · ' + years, ['Month'].concat(regions), byMonth.map(function (m) {
            return [MONTHS[m.key - 1] + (single ? ' ' + years : '')].concat(regions.map(function (reg) {
              return fmt(sum(rows.filter(function (r) { return r.month === m.key && r.region === reg; }), 'sales'));
            }));
          }), 'full');
        }
      ];
    }
    return [
      function () { return kpi('Total sales', fmt(sum(rows, 'sales')), 'Years: ' + years); },
      function () { return kpi('Units sold', fmt(sum(rows, 'units')), regions.length + ' regions'); },
      function () { return kpi('Average price', rows.length ? (sum(rows, 'sales') / Math.max(sum(rows, 'units'), 1)).toFixed(2) : '—', 'sales per unit'); },
      function () { return barChart('Sales by region', byRegion, 'wide'); },
      function () { return lineChart('Sales by month', byMonth, 'narrow'); },
      function () {
        return table('Sales by region', ['Region', 'Sales', 'Units'], byRegion.map(function (g) { return [g.key, fmt(g.sales), fmt(g.units)]; }), 'full');
      }
    ];
  }

  function describe(condition) {
    var spec = FIELDS[condition.table + '/' + condition.column];
    var values = condition.values.map(function (v) { return String(v.value); }).join(', ');
    var text = (spec ? spec.label : condition.table + '/' + condition.column) + ' ' +
      (condition.op === 'eq' || condition.op === 'in' ? '' : condition.op + ' ') + '= ' + values;
    return el('span', { 'class': spec ? 'chip' : 'chip ignored', title: spec ? '' : 'not in this report: ignored' },
      [spec ? text.replace(' = ', ': ') : text.replace(' = ', ': ') + ' (ignored)']);
  }

  function finish(error, conditions) {
    if (!signal) { return; }
    window.pbiDemo = { rendered: true, error: error || null, page: page.name,
      filters: (conditions || []).map(function (c) { return { table: c.table, column: c.column, op: c.op, values: c.values.map(function (v) { return v.value; }) }; }) };
    document.documentElement.setAttribute('data-render-state', error ? 'error' : 'rendered');
    window.dispatchEvent(new CustomEvent('pbi-demo:rendered', { detail: window.pbiDemo }));
  }

  function showError(heading, explanation, reason, filter) {
    document.getElementById('canvas').hidden = true;
    document.getElementById('error-page').hidden = false;
    document.getElementById('error-heading').textContent = heading;
    document.getElementById('error-explanation').textContent = explanation;
    document.getElementById('error-reason').textContent = reason;
    document.getElementById('error-filter').textContent = filter || '(none)';
  }

  function start() {
    document.title = page.title + ' · Sales demo';
    document.getElementById('page-title').textContent = page.title;
    var tabs = document.getElementById('page-tabs');
    PAGES.forEach(function (p) {
      var query = new URLSearchParams(window.location.search);
      query.set('pageName', p.name);
      var link = el('a', { href: '?' + query.toString() }, [p.title]);
      if (p === page) { link.setAttribute('aria-current', 'page'); }
      tabs.appendChild(link);
    });

    var conditions = [];
    if (filterText) {
      try {
        conditions = parseFilter(filterText);
      } catch (e) {
        if (!(e instanceof FilterError)) { throw e; }
        showError("Couldn't apply the filter", 'The filter in this report\'s address could not be read, so no visuals were loaded.',
          e.message, filterText);
        document.getElementById('active-filters').textContent = 'Filter could not be applied';
        finish(e.message, []);
        return;
      }
    }
    var failOn = params.get('error_when');
    if (failOn !== null && conditions.some(function (c) {
      return c.values.some(function (v) { return String(v.value) === failOn; });
    })) {
      var why = "the data for '" + failOn + "' could not be loaded (error_when)";
      showError("Couldn't load the data", 'The report could not load its data.', why, filterText);
      finish(why, conditions);
      return;
    }
    var active = document.getElementById('active-filters');
    active.appendChild(document.createTextNode(conditions.length ? 'Filters: ' : 'No filters applied'));
    conditions.forEach(function (c) { active.appendChild(describe(c)); });

    var delay = params.get('delay_ms');
    fetch('data' + (delay ? '?delay_ms=' + encodeURIComponent(delay) : ''), { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) { throw new Error('data request failed: ' + response.status); }
        return response.json();
      })
      .then(function (data) {
        var known = conditions.filter(function (c) { return FIELDS[c.table + '/' + c.column]; });
        var rows = data.rows.filter(function (row) { return known.every(function (c) { return matches(row, c); }); });
        var canvas = document.getElementById('canvas');
        document.getElementById('spinner').remove();
        var steps = layered(visualsFor(rows));
        (function drawNext(k) {
          if (k === steps.length) {
            requestAnimationFrame(function () { finish(null, conditions); });
            return;
          }
          setTimeout(function () {
            requestAnimationFrame(function () {
              steps[k].forEach(function (draw) { canvas.appendChild(draw()); });
              drawNext(k + 1);
            });
          }, drawMs);
        })(0);
      })
      .catch(function (e) {
        var reason = String(e.message || e);
        showError("Couldn't load the data", 'The report could not load its data.', reason, filterText);
        finish(reason, conditions);
      });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
