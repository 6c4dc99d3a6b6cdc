/* The portal at /: lists the reports, searchable, and shows the export widget for the chosen one. */
(function () {
  'use strict';
  var reports = [];
  var search = document.getElementById('report-search');
  var list = document.getElementById('report-list');
  var count = document.getElementById('report-count');
  /* The portal's own texts in English (as in i18n/portal.properties; TextsTest keeps them
     equal); the page's are in index.html, marked data-text="<key>". The browser's language
     comes from GET /widget/texts, which the widget also uses. */
  /* texts:start */
  var EN = {
    "portal.pages.one": "{0} page",
    "portal.pages.other": "{0} pages",
    "portal.count": "{0} reports",
    "portal.count.found": "{0} of {1} reports",
    "portal.sign.in.title": "Sign in to see the reports.",
    "portal.sign.in.how": "This server shows its reports to signed-in users only. {0} with your user name and password, then choose “Portal” at the top of the page to come back here.",
    "portal.sign.in": "Sign in",
    "portal.signed.out": "Not signed in.",
    "portal.list.failed": "The report list could not be loaded ({0})."
  };
  /* texts:end */
  var texts = {};
  var lang = 'en';

  function t(key) {
    var pattern = typeof texts[key] === 'string' ? texts[key] : EN[key];
    var args = Array.prototype.slice.call(arguments, 1);
    return pattern.replace(/''/g, "'").replace(/\{(\d+)\}/g, function (m, i) { return args[i] === undefined ? m : String(args[i]); });
  }

  /* The page's texts in the browser's language; English (as written) when there are none. */
  function translate(got) {
    texts = got.texts;
    lang = got.lang;
    document.documentElement.lang = lang;
    Array.prototype.forEach.call(document.querySelectorAll('[data-text]'), function (node) {
      var text = texts[node.getAttribute('data-text')];
      if (typeof text === 'string') { node.textContent = t(node.getAttribute('data-text')); }
    });
    ['placeholder', 'aria-label'].forEach(function (attribute) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-text-' + attribute + ']'), function (node) {
        var key = node.getAttribute('data-text-' + attribute);
        if (typeof texts[key] === 'string') { node.setAttribute(attribute, t(key)); }
      });
    });
  }

  function show(filtered) {
    list.textContent = '';
    filtered.forEach(function (report) {
      var item = document.createElement('li');
      var button = document.createElement('button');
      button.type = 'button';
      button.dataset.reportId = report.report_id;
      var title = document.createElement('span');
      title.className = 'title';
      title.textContent = report.title;
      var meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = (report.description || '') + ' · ' + t(report.page_count === 1 ? 'portal.pages.one' : 'portal.pages.other', report.page_count);
      button.appendChild(title);
      button.appendChild(meta);
      button.addEventListener('click', function () { choose(report, button); });
      item.appendChild(button);
      list.appendChild(item);
    });
    count.textContent = filtered.length === reports.length ? t('portal.count', reports.length)
      : t('portal.count.found', filtered.length, reports.length);
  }

  var FORMATS = ['png', 'pdf', 'pptx', 'zip'];
  var STORE = 'pbi-export.portal.choice.';

  /* The choice in the page's address: ?report=1&page=…&pdf_pages=this&filter.Year=2024 (an empty
     filter.<column>= keeps "none chosen"), so that it can be shared and bookmarked. */
  function choiceFromUrl(reportId) {
    var params = new URLSearchParams(window.location.search);
    if (params.get('report') !== String(reportId)) { return null; }
    var choice = { page: params.get('page'), pdfPages: params.get('pdf_pages'), filters: {} };
    var found = choice.page || choice.pdfPages;
    params.forEach(function (value, name) {
      if (name.indexOf('filter.') === 0 && name.length > 7) {
        var column = name.slice(7);
        choice.filters[column] = (choice.filters[column] || []).concat(value === '' ? [] : [value]);
        found = true;
      }
    });
    return found ? choice : null;
  }

  function remembered(reportId) {
    try { return JSON.parse(window.localStorage.getItem(STORE + reportId) || 'null'); } catch (e) { return null; }
  }

  function keep(choice) {
    var params = new URLSearchParams();
    params.set('report', choice.reportId);
    if (choice.page) { params.set('page', choice.page); }
    if (choice.pdfPages) { params.set('pdf_pages', choice.pdfPages); }
    Object.keys(choice.filters).forEach(function (column) {
      var values = choice.filters[column];
      if (!values.length) { params.append('filter.' + column, ''); }
      values.forEach(function (v) { params.append('filter.' + column, v); });
    });
    window.history.replaceState(null, '', '?' + params.toString());
    try {
      window.localStorage.setItem(STORE + choice.reportId, JSON.stringify({ page: choice.page, pdfPages: choice.pdfPages, filters: choice.filters }));
    } catch (e) { /* private mode: the address still keeps it */ }
  }

  function choose(report, button) {
    Array.prototype.forEach.call(list.querySelectorAll('button'), function (b) { b.removeAttribute('aria-current'); });
    button.setAttribute('aria-current', 'true');
    document.getElementById('portal-empty').hidden = true;
    var mount = document.getElementById('portal-mount');
    mount.textContent = '';
    var element = document.createElement('div');
    mount.appendChild(element);
    var id = String(report.report_id);
    var choice = choiceFromUrl(id) || remembered(id) || {};
    element.addEventListener('pbi-export:ready', function (e) { keep(e.detail.choice); });
    element.addEventListener('pbi-export:change', function (e) { keep(e.detail); });
    window.PbiExport.mount(element, { reportId: id, lang: lang, formats: FORMATS, filters: choice.filters || {},
      selectedPage: choice.page || null, pdfPages: choice.pdfPages || null });
  }

  search.addEventListener('input', function () {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    show(reports.filter(function (r) {
      var text = (r.title + ' ' + (r.description || '')).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    }));
  });

  // The server shows its reports only to signed-in users and API keys (the prod profile):
  // say how to get in, not just that the list failed.
  function signInFirst() {
    var empty = document.getElementById('portal-empty');
    empty.textContent = '';
    var heading = document.createElement('p');
    heading.className = 'portal-sign-in-title';
    heading.textContent = t('portal.sign.in.title');
    var how = document.createElement('p');
    var parts = t('portal.sign.in.how').split('{0}');
    how.appendChild(document.createTextNode(parts[0]));
    var link = document.createElement('a');
    link.href = '/login';
    link.textContent = t('portal.sign.in');
    how.appendChild(link);
    how.appendChild(document.createTextNode(parts.slice(1).join('')));
    empty.appendChild(heading);
    empty.appendChild(how);
    empty.setAttribute('role', 'status');
    empty.hidden = false;
    count.textContent = t('portal.signed.out');
    search.disabled = true;
  }

  // '' : the server picks the language from the browser's Accept-Language.
  Promise.all([window.PbiExport.texts('', window.location.origin).then(translate),
    fetch('/api/reports', { headers: { Accept: 'application/json' } })])
    .then(function (results) {
      var r = results[1];
      if (r.status === 401) { signInFirst(); return null; }
      if (!r.ok) { throw new Error(t('portal.list.failed', r.status)); }
      return r.json();
    })
    .then(function (data) {
      if (!data) { return; }
      reports = data.reports || [];
      show(reports);
      var wanted = new URLSearchParams(window.location.search).get('report');
      var match = list.querySelector('button[data-report-id="' + (wanted || '').replace(/[^0-9]/g, '') + '"]');
      if (match) { match.click(); }
    })
    .catch(function (e) { count.textContent = e.message; });
})();
