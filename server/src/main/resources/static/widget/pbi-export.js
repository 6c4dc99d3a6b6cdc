/*!
 * pbi-export widget: preview and download Power BI reports (PNG, PDF, PowerPoint, ZIP) from any
 * intranet page.
 *
 *   <script src="https://<server>/widget/pbi-export.js" defer></script>
 *   <div data-pbi-export data-report-id="1"></div>
 *
 * Optional attributes: data-page (fix the page), data-formats="png,pdf" (also pptx, zip),
 * data-pdf-pages="all|this", data-api-key, data-server (API origin; default: where this script
 * came from), data-filter-<column> (preset; several values separated by "|"), data-lang (the
 * texts' language, e.g. "de"; default the page's <html lang>, else English).
 * window.PbiExport.mount(element, options) does the same from code. The element receives
 * pbi-export:ready, pbi-export:change, pbi-export:exported and pbi-export:error events.
 * Text from the API is only ever set as text, never as HTML. Look: CSS custom properties
 * --pbi-export-accent, --pbi-export-on-accent, --pbi-export-radius, --pbi-export-font,
 * --pbi-export-border; dark when the page's color-scheme allows it (docs/embedding.md).
 */
(function () {
  'use strict';

  var scriptOrigin = (function () {
    var src = document.currentScript && document.currentScript.src;
    try { return src ? new URL(src).origin : window.location.origin; } catch (e) { return window.location.origin; }
  })();

  var FORMATS = ['png', 'pdf', 'pptx', 'zip'];
  var NAMES = { png: 'PNG', pdf: 'PDF', pptx: 'PowerPoint', zip: 'ZIP' };
  var TYPES = { png: 'image/png', pdf: 'application/pdf', zip: 'application/zip',
    pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' };
  /* Lists longer than this get a search box; single choices longer than SHORT_LIST become a listbox. */
  var SEARCH_FROM = 5;
  var SHORT_LIST = 8;
  var POLL_MS = 1000;
  var JOB_LIMIT_MS = 30 * 60 * 1000;
  var FREE_TYPES = ['text', 'number', 'date', 'datetime-local'];

  /* The built-in texts (English): MessageFormat patterns as in the server's
     i18n/portal.properties ({0} an argument, '' a quote; TextsTest keeps them equal). Other
     languages come from GET /widget/texts?lang=…; a key it lacks, or a server without it,
     keeps these. */
  /* texts:start */
  var EN = {
    "widget.loading": "Loading report…",
    "widget.unreachable": "The export server at {0} could not be reached.",
    "widget.answered": "The server answered {0}.",
    "widget.report": "Report {0}",
    "widget.page": "Page",
    "widget.progress": "Export progress",
    "widget.cancel": "Cancel",
    "widget.search": "Search",
    "widget.search.label": "Search {0}",
    "widget.pages.in": "Pages in the {0}",
    "widget.pages.in.both": "Pages in the {0} and {1}",
    "widget.pages.all": "All {0} pages",
    "widget.pages.this": "This page",
    "widget.files": "Files",
    "widget.files.one": "One file",
    "widget.files.per": "One file per {0}",
    "widget.combine.zip": "One PDF per value (ZIP)",
    "widget.combine.one": "One combined PDF",
    "widget.each.chosen": "{0} files, one for each {1} chosen above",
    "widget.each.all": "{0} files, one for each {1} (none chosen above: all of them)",
    "widget.download.every": "Download one PDF of every {0}",
    "widget.download.per": "Download one {0} per {1} (ZIP)",
    "widget.download.zip": "Download all (ZIP)",
    "widget.download": "Download {0}",
    "widget.preview": "Preview",
    "widget.copy.link": "Copy link",
    "widget.no.match": "No value matches.",
    "widget.count.chosen": "{0} of {1} chosen",
    "widget.none.default": "None chosen: the default ({0}) applies",
    "widget.none.all": "None chosen: all values",
    "widget.select.all": "Select all",
    "widget.select.all.label": "Select all {0} values shown",
    "widget.clear": "Clear",
    "widget.clear.label": "Clear {0}",
    "widget.choose": "Choose…",
    "widget.default": "Default ({0})",
    "widget.all": "(all)",
    "widget.preview.alt": "Preview of {0}",
    "widget.preview.outdated.alt": "Outdated preview of {0}",
    "widget.preview.stale": "Outdated: this shows your previous choice. Press Preview to update it.",
    "widget.preview.outdated": "The preview is outdated: it shows your previous choice. Press Preview to update it.",
    "widget.preview.ready": "Preview ready.",
    "widget.cancelled": "Cancelled: nothing was downloaded. The server may still finish the export; press the button again to start over.",
    "widget.rendering": "Rendering the preview",
    "widget.preparing": "Preparing the {0}",
    "widget.preparing.all": "Preparing the {0} of all {1} pages",
    "widget.job.every": "Exporting one PDF of every {0}",
    "widget.job.per": "Exporting one {0} per {1}",
    "widget.job.pages": "Exporting all {0} pages as {1}",
    "widget.job.values": "{0}: {1} of {2} values",
    "widget.job.downloading": "Downloading the {0}",
    "widget.job.none": "No {0} could be exported ({1}).",
    "widget.job.timeout": "The export job was still running after 30 minutes; the widget stopped waiting.",
    "widget.job.unavailable": "This site does not offer one file per value (it forwards single exports only). The choice is gone; download again for one file.",
    "widget.failed.one": "One {0} could not be exported and is not in the file: {1}.",
    "widget.failed.other": "{0} values of {1} could not be exported and are not in the file: {2}.",
    "widget.failed": "failed",
    "widget.retry.for.one": "Try again for {0}",
    "widget.retry.for.other": "Try again for these {0}",
    "widget.downloaded": "Downloaded {0}.",
    "widget.link.label": "Link to this {0} (your current choice)",
    "widget.link.copied": "Link copied. It opens the {0} for this choice.",
    "widget.link.select": "The link is selected below: copy it with Ctrl+C (⌘+C on a Mac).",
    "widget.error.502": "The report could not be exported: it showed an error, or did not finish drawing.",
    "widget.error.502.help": "Try again in a minute. If it fails again, tell whoever looks after this report and give them the details below.",
    "widget.error.504": "The export took longer than the server allows, so it was stopped.",
    "widget.error.504.help": "Try again. Fewer pages (\"This page\") or fewer filter values are quicker. If it keeps happening, tell your administrator.",
    "widget.error.429": "Many exports are waiting on the server right now.",
    "widget.error.503": "The export server is not available for a moment.",
    "widget.error.500": "Something went wrong on the export server.",
    "widget.error.500.help": "Try again. If it keeps failing, tell your administrator and give them the details below.",
    "widget.error.unreachable.help": "Check your network connection, then try again.",
    "widget.retry.in.seconds": "Try again in {0} seconds.",
    "widget.retry.in.minute": "Try again in a minute.",
    "widget.technical": "Technical details",
    "widget.incident": "Incident {0}",
    "widget.problems": "The server could not export this choice:",
    "widget.allowed": "Allowed: {0}.",
    "widget.retry": "Try again"
  };
  /* texts:end */

  /* A pattern with its {n} filled in. */
  function format(pattern, args) {
    return pattern.replace(/''/g, "'").replace(/\{(\d+)\}/g, function (m, i) {
      return args[i] === undefined ? m : String(args[i]);
    });
  }

  /* The language asked for: data-lang, else the host page's <html lang>, else English. */
  function languageOf(element, options) {
    var tag = options.lang || element.getAttribute('data-lang') || document.documentElement.lang || 'en';
    return String(tag).trim().toLowerCase().split(/[-_]/)[0] || 'en';
  }

  /* {lang, texts} from the server, once per server and language; English (the built-in
     texts) when it is English, or when the server has no texts (an older one answers 404 or
     405) or cannot be reached: existing embeds keep working. lang '' lets the server choose
     by the browser's Accept-Language. */
  var loaded = {};
  function texts(server, lang) {
    var key = server + ' ' + lang;
    if (lang === 'en') { return Promise.resolve({ lang: 'en', texts: {} }); }
    if (!loaded[key]) {
      loaded[key] = fetch(server + '/widget/texts' + (lang ? '?lang=' + encodeURIComponent(lang) : ''),
        { headers: { Accept: 'application/json' }, credentials: 'omit' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          var got = body && body.texts && typeof body.texts === 'object' ? { lang: String(body.lang || lang), texts: body.texts } : null;
          if (got) { loaded[server + ' ' + got.lang] = loaded[server + ' ' + got.lang] || Promise.resolve(got); }
          return got || { lang: 'en', texts: {} };
        })
        .catch(function () { return { lang: 'en', texts: {} }; });
    }
    return loaded[key];
  }

  var STYLE = [
    /* The tokens of /css/tokens.css, scoped to the widget (TokensTest keeps them equal). Dark only
       when the host page's color-scheme allows it: light-dark() follows the inherited color-scheme. */
    /* tokens:start */
    '.pbi-export{--pbx-font:system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;',
    '--pbx-mono:ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;--pbx-text-xs:12px;--pbx-text-sm:13px;',
    '--pbx-text-md:15px;--pbx-text-lg:18px;--pbx-text-xl:24px;--pbx-leading:1.45;--pbx-space-1:4px;',
    '--pbx-space-2:8px;--pbx-space-3:12px;--pbx-space-4:16px;--pbx-space-5:24px;--pbx-space-6:32px;',
    '--pbx-radius-sm:4px;--pbx-radius:6px;--pbx-focus-width:3px;--pbx-bg:#f6f7f9;--pbx-surface:#ffffff;',
    '--pbx-surface-2:#eef1f5;--pbx-ink:#1d2430;--pbx-muted:#55606e;--pbx-line:#d7dce3;--pbx-border:#858f9c;',
    '--pbx-accent:#1a5fb4;--pbx-on-accent:#ffffff;--pbx-accent-soft:#e8f0fa;--pbx-header:#1f3b57;',
    '--pbx-on-header:#ffffff;--pbx-focus:#f2b01e;--pbx-danger:#b3261e;--pbx-on-danger:#ffffff;',
    '--pbx-danger-soft:#fbe9e7;--pbx-danger-line:#e8a49c;--pbx-ok:#1e6b30;--pbx-ok-soft:#e3f4e6;',
    '--pbx-ok-line:#9fd3ab;--pbx-warn:#7a5200;--pbx-warn-soft:#fff4d6;--pbx-warn-line:#c19c00;',
    '--pbx-neutral-soft:#e4e8ee}',
    '@supports (color:light-dark(#000,#fff)){.pbi-export{--pbx-bg:light-dark(#f6f7f9,#14181f);',
    '--pbx-surface:light-dark(#ffffff,#1c222b);--pbx-surface-2:light-dark(#eef1f5,#262d38);',
    '--pbx-ink:light-dark(#1d2430,#e6e9ee);--pbx-muted:light-dark(#55606e,#aab3c0);',
    '--pbx-line:light-dark(#d7dce3,#3a4352);--pbx-border:light-dark(#858f9c,#7a8596);',
    '--pbx-accent:light-dark(#1a5fb4,#8ab4f8);--pbx-on-accent:light-dark(#ffffff,#0b1526);',
    '--pbx-accent-soft:light-dark(#e8f0fa,#1e2c42);--pbx-header:light-dark(#1f3b57,#0f1a26);',
    '--pbx-on-header:light-dark(#ffffff,#ffffff);--pbx-focus:light-dark(#f2b01e,#ffd54f);',
    '--pbx-danger:light-dark(#b3261e,#ff8a80);--pbx-on-danger:light-dark(#ffffff,#2b0a08);',
    '--pbx-danger-soft:light-dark(#fbe9e7,#3b1f1d);--pbx-danger-line:light-dark(#e8a49c,#8c3d37);',
    '--pbx-ok:light-dark(#1e6b30,#7fd99a);--pbx-ok-soft:light-dark(#e3f4e6,#173423);',
    '--pbx-ok-line:light-dark(#9fd3ab,#2f6b41);--pbx-warn:light-dark(#7a5200,#f2c94c);',
    '--pbx-warn-soft:light-dark(#fff4d6,#352c12);--pbx-warn-line:light-dark(#c19c00,#8a7420);',
    '--pbx-neutral-soft:light-dark(#e4e8ee,#323a47)}}',
    /* tokens:end */
    '.pbi-export{font-family:var(--pbi-export-font,inherit);font-size:var(--pbx-text-md);color:var(--pbx-ink);',
    'border:1px solid var(--pbx-line);border-radius:var(--pbi-export-radius,var(--pbx-radius));padding:14px 16px;',
    'max-width:100%;box-sizing:border-box;background:var(--pbx-surface);margin:0 0 16px;overflow-wrap:anywhere}',
    '.pbi-export *{box-sizing:border-box}',
    '.pbi-export [hidden]{display:none!important}',
    '.pbi-export__title{font-weight:600;font-size:var(--pbx-text-lg);margin:0 0 10px}',
    '.pbi-export__fields{display:flex;flex-wrap:wrap;gap:12px 16px;margin-bottom:12px;align-items:flex-start}',
    '.pbi-export__field{display:flex;flex-direction:column;gap:4px;flex:1 1 180px;min-width:0;max-width:100%;',
    'border:0;margin:0;padding:0}',
    '.pbi-export__field>label,.pbi-export__field>legend{font-size:var(--pbx-text-xs);font-weight:600;color:var(--pbx-ink);padding:0;margin-bottom:4px}',
    '.pbi-export select,.pbi-export input[type=search],.pbi-export input[type=text],.pbi-export input[type=number],',
    '.pbi-export input[type=date],.pbi-export input[type=datetime-local],.pbi-export input[type=url]{font:inherit;',
    'padding:5px 8px;border:1px solid var(--pbi-export-border,var(--pbx-border));border-radius:var(--pbx-radius-sm);background:var(--pbx-surface);color:inherit;',
    'min-height:34px;width:100%;max-width:100%}',
    '.pbi-export select[size]{min-height:0;padding:2px}',
    '.pbi-export__bulk{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:6px 0 4px}',
    '.pbi-export__bulk button{padding:2px 10px;min-height:28px;font-size:var(--pbx-text-sm)}',
    '.pbi-export__count{font-size:var(--pbx-text-xs);color:var(--pbx-muted)}',
    '.pbi-export__options{max-height:190px;overflow:auto;border:1px solid var(--pbx-line);border-radius:var(--pbx-radius-sm);padding:2px 0}',
    '.pbi-export__option{display:flex;align-items:flex-start;gap:8px;padding:6px 8px;cursor:pointer;line-height:1.3}',
    '.pbi-export__option:hover{background:var(--pbx-surface-2)}',
    '.pbi-export__option input{margin:2px 0 0;width:16px;height:16px;flex:none;accent-color:var(--pbi-export-accent,var(--pbx-accent))}',
    '.pbi-export__none{font-size:var(--pbx-text-xs);color:var(--pbx-muted);margin:4px 8px}',
    '.pbi-export__scope,.pbi-export__each,.pbi-export__combine{border:0;margin:0 0 12px;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;min-width:0}',
    '.pbi-export__scope legend,.pbi-export__each legend,.pbi-export__combine legend{font-size:var(--pbx-text-xs);font-weight:600;color:var(--pbx-ink);padding:0;float:left;margin-right:12px}',
    '.pbi-export__scope label,.pbi-export__each label,.pbi-export__combine label{display:inline-flex;align-items:center;gap:6px;min-height:28px;cursor:pointer}',
    '.pbi-export__actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center}',
    '.pbi-export button{font:inherit;padding:6px 14px;min-height:34px;border-radius:var(--pbx-radius-sm);border:1px solid var(--pbi-export-accent,var(--pbx-accent));',
    'background:var(--pbx-surface);color:var(--pbi-export-accent,var(--pbx-accent));cursor:pointer}',
    '.pbi-export button.pbi-export__primary{background:var(--pbi-export-accent,var(--pbx-accent));color:var(--pbi-export-on-accent,var(--pbx-on-accent))}',
    '.pbi-export button.pbi-export__quiet{border-color:transparent;text-decoration:underline}',
    '.pbi-export button:disabled{opacity:.55;cursor:progress}',
    '.pbi-export :focus-visible{outline:var(--pbx-focus-width) solid var(--pbx-focus);outline-offset:2px}',
    '.pbi-export__progress{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-top:10px}',
    '.pbi-export__progress progress{flex:1 1 160px;height:10px;accent-color:var(--pbi-export-accent,var(--pbx-accent))}',
    '.pbi-export__status{font-size:var(--pbx-text-sm);color:var(--pbx-ink);min-height:1.4em;margin-top:8px}',
    '.pbi-export__link{display:flex;flex-direction:column;gap:4px;margin-top:8px;font-size:var(--pbx-text-xs)}',
    '.pbi-export__link input{font-size:var(--pbx-text-xs)!important}',
    '.pbi-export__error{color:var(--pbx-danger);background:var(--pbx-danger-soft);border:1px solid var(--pbx-danger-line);border-radius:var(--pbx-radius-sm);',
    'padding:8px 10px;margin-top:8px;font-size:var(--pbx-text-sm)}',
    '.pbi-export__error p{margin:0 0 4px}',
    '.pbi-export__error ul{margin:4px 0 0 18px;padding:0}',
    '.pbi-export__error details{color:var(--pbx-ink);margin-top:4px}',
    '.pbi-export__error button{margin-top:6px}',
    '.pbi-export__preview{margin-top:12px;position:relative}',
    '.pbi-export__preview img{display:block;max-width:100%;height:auto;border:1px solid var(--pbx-line);border-radius:var(--pbx-radius-sm)}',
    '.pbi-export__preview--stale img{opacity:.35;filter:grayscale(1)}',
    '.pbi-export__stale{position:absolute;top:8px;left:8px;right:8px;background:var(--pbx-warn-soft);color:var(--pbx-ink);border:1px solid var(--pbx-warn-line);',
    'border-radius:4px;padding:6px 10px;font-size:13px;font-weight:600}'
  ].join('');

  function injectStyle() {
    if (document.getElementById('pbi-export-style')) { return; }
    var style = document.createElement('style');
    style.id = 'pbi-export-style';
    style.textContent = STYLE;
    document.head.appendChild(style);
  }

  var counter = 0;

  /* The file name of a Content-Disposition: RFC 6266's UTF-8 filename* when there is one. */
  function fileName(disposition) {
    var extended = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition);
    if (extended) {
      try { return decodeURIComponent(extended[1]); } catch (e) { /* fall back to the ASCII name */ }
    }
    var plain = /filename="([^"]+)"/.exec(disposition);
    return plain ? plain[1] : null;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) { node.setAttribute(k, attrs[k]); } });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function button(text, attrs, onClick) {
    var node = el('button', Object.assign({ type: 'button' }, attrs || {}), text);
    node.addEventListener('click', onClick);
    return node;
  }

  /* Dates and times from the API are ISO strings; they are shown in the reader's locale. */
  function formatValue(filter, value) {
    var text = String(value);
    try {
      if (filter.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text)) {
        return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
          .format(new Date(text + 'T00:00:00Z'));
      }
      if (filter.type === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) {
        return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
          .format(new Date(text.slice(0, 19) + 'Z'));
      }
    } catch (e) { /* an engine without Intl: the ISO text */ }
    return text;
  }

  /* The report's default as text, or '' when the filter has none. */
  function defaultText(filter) {
    var value = filter['default'];
    return value === null || value === undefined ? '' : [].concat(value).map(function (v) { return formatValue(filter, v); }).join(', ');
  }

  function matches(text, query) {
    return text.toLocaleLowerCase().indexOf(query.trim().toLocaleLowerCase()) >= 0;
  }

  function searchBox(widget, id, label, controls) {
    return el('input', { type: 'search', id: id, 'class': 'pbi-export__search', placeholder: widget.t('widget.search'), autocomplete: 'off',
      'aria-label': widget.t('widget.search.label', label), 'aria-controls': controls });
  }

  function Widget(element, options) {
    this.element = element;
    this.options = options;
    this.server = (options.server || scriptOrigin).replace(/\/+$/, '');
    this.formats = (options.formats || ['png', 'pdf']).filter(function (f) { return FORMATS.indexOf(f) >= 0; });
    this.id = 'pbi-export-' + (++counter);
    this.previewUrl = null;
    this.operation = 0;
    this.texts = {};
  }

  /* The text of key in the widget's language, its {0}, {1}… filled with the other arguments. */
  Widget.prototype.t = function (key) {
    var pattern = typeof this.texts[key] === 'string' ? this.texts[key] : EN[key];
    return format(pattern === undefined ? key : pattern, Array.prototype.slice.call(arguments, 1));
  };

  /* fetch with the key, turning a refusal into an Error carrying the RFC 9457 problem. */
  Widget.prototype.request = function (path, accept, init) {
    var self = this;
    init = init || {};
    var headers = { Accept: accept || 'application/json' };
    if (init.body) { headers['Content-Type'] = 'application/json'; }
    if (this.options.apiKey) { headers['X-API-Key'] = this.options.apiKey; }
    // Cookies only to the page's own origin: on the portal a signed-in user needs no key;
    // another site's page never sends this server's cookies.
    return fetch(this.server + path, { method: init.method || 'GET', headers: headers, body: init.body,
      signal: init.signal, credentials: 'same-origin' }).then(function (response) {
      if (response.ok) { return response; }
      return response.text().then(function (body) {
        var problem;
        try { problem = JSON.parse(body); } catch (e) { problem = null; }
        throw self.failure(problem || { status: response.status }, response.status, response.headers.get('Retry-After'));
      });
    }, function (cause) {
      if (cause && cause.name === 'AbortError') { throw cause; }
      var error = new Error(self.t('widget.unreachable', self.server));
      error.problem = null;
      error.unreachable = true;
      throw error;
    });
  };

  Widget.prototype.failure = function (problem, status, retryAfter) {
    var error = new Error(problem && problem.detail ? problem.detail : this.t('widget.answered', status));
    error.problem = problem;
    error.status = status;
    error.retryAfter = retryAfter;
    return error;
  };

  Widget.prototype.start = function () {
    var self = this;
    injectStyle();
    this.element.classList.add('pbi-export');
    this.element.textContent = '';
    this.errorBox = null;
    this.status = el('div', { 'class': 'pbi-export__status', role: 'status', 'aria-live': 'polite' }, '');
    this.element.appendChild(this.status);
    var id = encodeURIComponent(this.options.reportId);
    var language = texts(this.server, languageOf(this.element, this.options)).then(function (got) {
      self.texts = got.texts;
      self.lang = got.lang;
      if (!self.report && !self.status.textContent) { self.status.textContent = self.t('widget.loading'); }
    });
    return Promise.all([
      language,
      this.request('/api/reports').then(function (r) { return r.json(); }),
      this.request('/api/pages/' + id).then(function (r) { return r.json(); }),
      this.request('/api/filters/' + id).then(function (r) { return r.json(); })
    ]).then(function (results) {
      var report = (results[1].reports || []).filter(function (r) { return String(r.report_id) === String(self.options.reportId); })[0];
      self.oneFilePer = results[3].one_file_per || [];
      self.render(report, results[2].pages || [], results[3].filters || []);
      self.emit('ready', { reportId: self.options.reportId, choice: self.choice() });
    }).catch(function (error) {
      // said in the widget's language, which may still be on its way
      return language.then(function () {
        self.element.textContent = '';
        self.status.textContent = '';
        self.element.appendChild(self.status);
        self.showError(error, function () { self.start(); });
      });
    });
  };

  Widget.prototype.render = function (report, pages, filters) {
    var self = this;
    var offered = report && report.formats ? report.formats : ['png', 'pdf'];
    this.report = report;
    this.filters = filters;
    this.pages = pages;
    this.offered = this.formats.filter(function (f) { return offered.indexOf(f) >= 0; });
    this.title = report ? report.title : this.t('widget.report', this.options.reportId);
    this.element.textContent = '';
    this.element.appendChild(el('div', { 'class': 'pbi-export__title' }, this.title));
    var fields = el('div', { 'class': 'pbi-export__fields' });
    this.element.appendChild(fields);

    if (!this.options.page && pages.length > 1) {
      this.pageSelect = el('select', { id: this.id + '-page' });
      pages.forEach(function (p) {
        var option = el('option', { value: p.name }, p.display_name);
        option.selected = p.name === self.options.selectedPage;
        self.pageSelect.appendChild(option);
      });
      var pageField = el('div', { 'class': 'pbi-export__field' });
      pageField.appendChild(el('label', { 'for': this.pageSelect.id }, this.t('widget.page')));
      pageField.appendChild(this.pageSelect);
      fields.appendChild(pageField);
    }
    this.controls = filters.map(function (filter, index) {
      var control = self.control(filter, index);
      fields.appendChild(control.field);
      return control;
    });
    this.renderChoices();
    this.renderEach();
    this.renderActions();
    this.progress = el('div', { 'class': 'pbi-export__progress', hidden: '' });
    this.progressBar = el('progress', { max: '1', 'aria-label': this.t('widget.progress') });
    this.cancelButton = button(this.t('widget.cancel'), { 'class': 'pbi-export__cancel' }, function () { self.cancel(); });
    this.progress.appendChild(this.progressBar);
    this.progress.appendChild(this.cancelButton);
    this.element.appendChild(this.progress);
    this.status = el('div', { 'class': 'pbi-export__status', role: 'status', 'aria-live': 'polite' }, '');
    this.element.appendChild(this.status);
    this.linkBox = el('div', { 'class': 'pbi-export__link', hidden: '' });
    this.element.appendChild(this.linkBox);
    this.errorBox = el('div', { 'class': 'pbi-export__error', role: 'alert', hidden: '' });
    this.element.appendChild(this.errorBox);
    this.preview_ = el('div', { 'class': 'pbi-export__preview' });
    this.element.appendChild(this.preview_);
    this.element.addEventListener('change', function (event) { self.changed(event); });
    this.element.addEventListener('input', function (event) { self.changed(event); });
  };

  /* "All pages / This page" for the formats that take several pages (PDF, PowerPoint). */
  Widget.prototype.renderChoices = function () {
    var self = this;
    var paged = this.offered.filter(function (f) { return f === 'pdf' || f === 'pptx'; });
    if (!this.pageSelect || !paged.length) { return; }
    var scope = el('fieldset', { 'class': 'pbi-export__scope' });
    scope.appendChild(el('legend', {}, paged.length > 1 ? this.t('widget.pages.in.both', NAMES[paged[0]], NAMES[paged[1]])
      : this.t('widget.pages.in', NAMES[paged[0]])));
    this.scopeInputs = [['all', this.t('widget.pages.all', this.pages.length)], ['this', this.t('widget.pages.this')]].map(function (choice) {
      var label = el('label');
      var input = el('input', { type: 'radio', name: self.id + '-scope', value: choice[0] });
      input.checked = choice[0] === (self.options.pdfPages === 'this' ? 'this' : 'all');
      label.appendChild(input);
      label.appendChild(document.createTextNode(choice[1]));
      scope.appendChild(label);
      return input;
    });
    this.element.appendChild(scope);
  };

  /*
   * "One file" or "One file per <filter>" for the filters the admin allows (one_file_per), and
   * for PDF "one PDF per value (ZIP)" or "one combined PDF". Needs the export jobs API: hidden
   * once the widget knows it is missing (a CMS proxy answering 404/405).
   */
  Widget.prototype.renderEach = function () {
    var self = this;
    var allowed = this.controls.filter(function (c) {
      return self.oneFilePer.indexOf(c.filter.column) >= 0 && c.allowed.length > 0;
    });
    if (!allowed.length || this.noJobs) { return; }
    var box = el('fieldset', { 'class': 'pbi-export__each', 'aria-describedby': this.id + '-each-hint' });
    box.appendChild(el('legend', {}, this.t('widget.files')));
    var choices = [{ value: '', text: this.t('widget.files.one') }].concat(allowed.map(function (c) {
      return { value: c.filter.column, text: self.t('widget.files.per', c.filter.label) };
    }));
    this.eachInputs = choices.map(function (choice, i) {
      var label = el('label');
      var input = el('input', { type: 'radio', name: self.id + '-each', value: choice.value, id: self.id + '-each-' + i });
      input.checked = i === 0;
      label.appendChild(input);
      label.appendChild(document.createTextNode(choice.text));
      box.appendChild(label);
      return input;
    });
    var hint = el('span', { 'class': 'pbi-export__count', id: this.id + '-each-hint' });
    box.appendChild(hint);
    this.eachHint = hint;
    this.element.appendChild(box);
    this.eachBox = box;
    if (this.offered.indexOf('pdf') >= 0) {
      var pdf = el('fieldset', { 'class': 'pbi-export__combine', hidden: '' });
      pdf.appendChild(el('legend', {}, 'PDF'));
      this.combineInputs = [['', this.t('widget.combine.zip')], ['combine', this.t('widget.combine.one')]].map(function (choice, i) {
        var label = el('label');
        var input = el('input', { type: 'radio', name: self.id + '-combine', value: choice[0] });
        input.checked = i === 0;
        label.appendChild(input);
        label.appendChild(document.createTextNode(choice[1]));
        pdf.appendChild(label);
        return input;
      });
      this.element.appendChild(pdf);
      this.combineBox = pdf;
    }
    this.element.addEventListener('change', function () { self.relabel(); });
  };

  /* The control of the filter chosen for one file per value, or null for one file. */
  Widget.prototype.eachControl = function () {
    var chosen = (this.eachInputs || []).filter(function (i) { return i.checked; })[0];
    var column = chosen && !this.noJobs ? chosen.value : '';
    return column ? this.controls.filter(function (c) { return c.filter.column === column; })[0] || null : null;
  };

  /* The values of one file per value: those checked in its filter, or every allowed one. */
  Widget.prototype.eachValues = function (control) {
    var chosen = control.values();
    return chosen.length ? chosen : control.allowed.map(String);
  };

  /* Button texts and the hint follow the "Files" choice, so people know what they get. */
  Widget.prototype.relabel = function () {
    if (!this.eachBox) { return; }
    var control = this.eachControl();
    var combine = this.combineChosen();
    if (this.combineBox) { this.combineBox.hidden = !control; }
    var self = this;
    this.eachHint.textContent = control ? this.t(control.values().length ? 'widget.each.chosen' : 'widget.each.all',
      this.eachValues(control).length, control.filter.label) : '';
    if (!control) { this.relabelPlain(); return; }
    this.downloadButtons.forEach(function (b) {
      var format = b.getAttribute('data-format');
      b.textContent = format === 'pdf' && combine ? self.t('widget.download.every', control.filter.label)
        : self.t('widget.download.per', NAMES[format], control.filter.label);
    });
  };

  Widget.prototype.combineChosen = function () {
    return (this.combineInputs || []).some(function (i) { return i.checked && i.value === 'combine'; });
  };

  /* Without the jobs API there is no one file per value: the choice goes away. */
  Widget.prototype.dropEach = function () {
    if (!this.eachBox) { return; }
    this.eachBox.remove();
    if (this.combineBox) { this.combineBox.remove(); }
    this.eachBox = this.combineBox = null;
    this.eachInputs = this.combineInputs = null;
    this.relabelPlain();
  };

  Widget.prototype.relabelPlain = function () {
    var self = this;
    this.downloadButtons.forEach(function (b) {
      var format = b.getAttribute('data-format');
      b.textContent = format === 'zip' ? self.t('widget.download.zip') : self.t('widget.download', NAMES[format]);
    });
  };

  Widget.prototype.renderActions = function () {
    var self = this;
    var actions = el('div', { 'class': 'pbi-export__actions' });
    this.previewButton = button(this.t('widget.preview'), { 'class': 'pbi-export__primary' }, function () { self.preview(); });
    actions.appendChild(this.previewButton);
    this.downloadButtons = this.offered.filter(function (format) {
      return format !== 'zip' || (self.pages.length > 1 && !self.options.page);
    }).map(function (format) {
      var text = format === 'zip' ? self.t('widget.download.zip') : self.t('widget.download', NAMES[format]);
      var node = button(text, { 'data-format': format }, function () { self.download(format); });
      actions.appendChild(node);
      return node;
    });
    this.buttons = [this.previewButton].concat(this.downloadButtons);
    // A link would carry no key: with a key in the page, the link would not work for others.
    if (!this.options.apiKey) {
      this.linkButton = button(this.t('widget.copy.link'), { 'class': 'pbi-export__quiet', 'data-action': 'copy-link' }, function () { self.copyLink(); });
      actions.appendChild(this.linkButton);
    }
    this.element.appendChild(actions);
  };

  /* One control per filter: {filter, root (carries data-column), field, values()}. */
  Widget.prototype.control = function (filter, index) {
    var id = this.id + '-filter-' + index;
    var presets = this.options.filters;
    var key = Object.keys(presets).filter(function (k) { return k === filter.column; })[0] ||
      Object.keys(presets).filter(function (k) { return k.toLowerCase() === filter.column.toLowerCase(); })[0];
    var preset = key !== undefined ? presets[key] : undefined;
    var defaults = preset !== undefined ? [].concat(preset).map(String)
      : (filter['default'] === null || filter['default'] === undefined ? [] : [].concat(filter['default']).map(String));
    var allowed = filter.allowed_values || [];
    if (filter.type === 'boolean' && !allowed.length) { allowed = [true, false]; }
    var control = filter.multiple && allowed.length ? this.checklist(filter, id, allowed, defaults)
      : allowed.length ? this.choiceList(filter, id, allowed, defaults) : this.freeInput(filter, id, defaults);
    control.filter = filter;
    control.root.setAttribute('data-column', filter.column);
    control.allowed = allowed;
    return control;
  };

  /* Several values: a searchable checkbox list with Select all / Clear, no Ctrl-click. */
  Widget.prototype.checklist = function (filter, id, allowed, defaults) {
    var field = el('fieldset', { 'class': 'pbi-export__field pbi-export__checklist', id: id });
    field.appendChild(el('legend', {}, filter.label + (filter.required ? ' *' : '')));
    var list = el('div', { 'class': 'pbi-export__options', id: id + '-list' });
    var self = this;
    var none = el('p', { 'class': 'pbi-export__none', hidden: '' }, this.t('widget.no.match'));
    var count = el('span', { 'class': 'pbi-export__count', 'aria-live': 'polite' });
    var search = allowed.length >= SEARCH_FROM ? searchBox(this, id + '-search', filter.label, list.id) : null;
    var boxes = allowed.map(function (value, i) {
      var label = el('label', { 'class': 'pbi-export__option' });
      var box = el('input', { type: 'checkbox', value: String(value), id: id + '-' + i });
      box.checked = defaults.indexOf(String(value)) >= 0;
      label.appendChild(box);
      label.appendChild(el('span', {}, formatValue(filter, value)));
      list.appendChild(label);
      return box;
    });
    // Nothing sent means the report's default, else no filter: say which.
    var fallback = defaultText(filter);
    function counted() {
      var chosen = boxes.filter(function (b) { return b.checked; }).length;
      count.textContent = chosen ? self.t('widget.count.chosen', chosen, boxes.length)
        : fallback ? self.t('widget.none.default', fallback) : self.t('widget.none.all');
    }
    function set(check) {
      boxes.forEach(function (b) { if (!check || !b.parentNode.hidden) { b.checked = check; } });
      counted();
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }
    var bulk = el('div', { 'class': 'pbi-export__bulk' });
    bulk.appendChild(button(this.t('widget.select.all'), { 'aria-label': this.t('widget.select.all.label', filter.label) }, function () { set(true); }));
    bulk.appendChild(button(this.t('widget.clear'), { 'aria-label': this.t('widget.clear.label', filter.label) }, function () { set(false); }));
    bulk.appendChild(count);
    if (search) {
      field.appendChild(search);
      search.addEventListener('input', function () {
        var shown = 0;
        boxes.forEach(function (b) {
          b.parentNode.hidden = !matches(b.parentNode.textContent, search.value);
          shown += b.parentNode.hidden ? 0 : 1;
        });
        none.hidden = shown > 0;
      });
    }
    field.appendChild(bulk);
    field.appendChild(list);
    field.appendChild(none);
    field.addEventListener('change', counted);
    counted();
    return { root: field, field: field, values: function () {
      return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    } };
  };

  /* One value from a list: a <select>; a long list gets a search box and shows as a listbox. */
  Widget.prototype.choiceList = function (filter, id, allowed, defaults) {
    var field = el('div', { 'class': 'pbi-export__field' });
    field.appendChild(el('label', { 'for': id }, filter.label + (filter.required ? ' *' : '')));
    var long = allowed.length > SHORT_LIST;
    var select = el('select', { id: id, size: long ? String(Math.min(7, allowed.length + 1)) : null });
    var fallback = defaultText(filter);
    select.appendChild(el('option', { value: '' }, filter.required && !fallback ? this.t('widget.choose') : fallback ? this.t('widget.default', fallback) : this.t('widget.all')));
    allowed.forEach(function (value) {
      var option = el('option', { value: String(value) }, formatValue(filter, value));
      option.selected = defaults.indexOf(String(value)) >= 0;
      select.appendChild(option);
    });
    if (long) {
      var search = searchBox(this, id + '-search', filter.label, id);
      search.addEventListener('input', function () {
        Array.prototype.forEach.call(select.options, function (option) {
          option.hidden = option.value !== '' && !option.selected && !matches(option.textContent, search.value);
        });
      });
      field.appendChild(search);
    }
    field.appendChild(select);
    return { root: select, field: field, values: function () { return select.value === '' ? [] : [select.value]; } };
  };

  /* Any value: only for filters without a list of allowed values. */
  Widget.prototype.freeInput = function (filter, id, defaults) {
    var field = el('div', { 'class': 'pbi-export__field' });
    field.appendChild(el('label', { 'for': id }, filter.label + (filter.required ? ' *' : '')));
    var type = { date: 'date', datetime: 'datetime-local', integer: 'number', decimal: 'number' }[filter.type] || 'text';
    var input = el('input', { id: id, type: type, step: filter.type === 'integer' ? '1' : filter.type === 'datetime' ? '1' : filter.type === 'decimal' ? 'any' : null });
    input.value = defaults[0] || '';
    field.appendChild(input);
    return { root: input, field: field, values: function () { return input.value === '' ? [] : [input.value]; } };
  };

  Widget.prototype.currentPage = function () {
    return this.options.page || (this.pageSelect && this.pageSelect.value) || (this.pages[0] && this.pages[0].name) || null;
  };

  Widget.prototype.scope = function () {
    var chosen = (this.scopeInputs || []).filter(function (i) { return i.checked; })[0];
    return chosen ? chosen.value : 'all';
  };

  /* The pages a format exports: a list of names, or null for every page. */
  Widget.prototype.exportPages = function (format) {
    if (format === 'png') { return this.currentPage() ? [this.currentPage()] : []; }
    if (this.options.page) { return [this.options.page]; }
    if (format === 'zip' || !this.pageSelect || this.scope() === 'all') { return null; }
    return [this.pageSelect.value];
  };

  /* The choice as the events and the portal see it. */
  Widget.prototype.choice = function () {
    var filters = {};
    this.controls.forEach(function (c) { filters[c.filter.column] = c.values(); });
    return { reportId: String(this.options.reportId), page: this.pageSelect ? this.pageSelect.value : this.options.page,
      pdfPages: this.scopeInputs ? this.scope() : null, filters: filters };
  };

  Widget.prototype.query = function (format, download) {
    var params = new URLSearchParams();
    params.set('report_id', this.options.reportId);
    (this.exportPages(format) || []).forEach(function (p) { params.append('page', p); });
    params.set('format', format);
    this.controls.forEach(function (control) {
      control.values().forEach(function (v) { params.append('filter.' + control.filter.column, v); });
    });
    if (!download) { params.set('download', 'false'); }
    return '/api/export?' + params.toString();
  };

  /* The JSON body of POST /api/exports: values keep the type the API gave them. */
  Widget.prototype.body = function (format) {
    var self = this;
    var filters = {};
    this.controls.forEach(function (control) {
      var values = control.values().map(function (v) { return self.typed(control, v); });
      if (values.length) { filters[control.filter.column] = control.filter.multiple ? values : values[0]; }
    });
    var body = { report_id: Number(this.options.reportId), format: format, filters: filters, download: true };
    var pages = this.exportPages(format);
    if (pages) { body.pages = pages; }
    return JSON.stringify(body);
  };

  /* Any change of the choice: the preview is outdated at once, the copied link too. */
  Widget.prototype.changed = function (event) {
    var target = event && event.target;
    if (target && (target.classList.contains('pbi-export__search') || target.readOnly)) { return; }
    // 'change' covers lists, boxes and radios; typing in a free input counts at once
    if (event && event.type === 'input' && !(target.tagName === 'INPUT' && FREE_TYPES.indexOf(target.type) >= 0)) { return; }
    this.linkBox.hidden = true;
    var stale = !!this.previewKey && this.previewKey !== this.query('png', false);
    if (stale !== this.preview_.classList.contains('pbi-export__preview--stale')) {
      this.preview_.classList.toggle('pbi-export__preview--stale', stale);
      var label = this.preview_.querySelector('.pbi-export__stale');
      if (label) { label.hidden = !stale; }
      var img = this.preview_.querySelector('img');
      if (img) { img.alt = this.t(stale ? 'widget.preview.outdated.alt' : 'widget.preview.alt', this.title); }
      if (!this.running) {
        this.status.textContent = this.t(stale ? 'widget.preview.outdated' : 'widget.preview.ready');
      }
    }
    this.emit('change', this.choice());
  };

  /* Starts an operation: buttons off, progress and Cancel shown, seconds counted. */
  Widget.prototype.begin = function (text, determinate) {
    var self = this;
    var started = Date.now();
    var token = ++this.operation;
    this.running = true;
    this.lastText = text;
    if (this.errorBox) { this.errorBox.hidden = true; }
    this.element.setAttribute('aria-busy', 'true');
    this.buttons.forEach(function (b) { b.disabled = true; });
    this.progress.hidden = false;
    this.progressBar.removeAttribute('value');
    this.progressBar.setAttribute('aria-valuetext', text);
    this.status.textContent = text + '…';
    clearInterval(this.timer);
    this.timer = setInterval(function () {
      self.status.textContent = self.lastText + '… ' + Math.round((Date.now() - started) / 1000) + ' s';
    }, 1000);
    this.controller = window.AbortController ? new AbortController() : null;
    return token;
  };

  Widget.prototype.end = function (text) {
    clearInterval(this.timer);
    this.running = false;
    this.element.removeAttribute('aria-busy');
    this.buttons.forEach(function (b) { b.disabled = false; });
    this.progress.hidden = true;
    this.status.textContent = text || '';
  };

  Widget.prototype.cancel = function () {
    this.operation++;
    if (this.controller) { this.controller.abort(); }
    this.end(this.t('widget.cancelled'));
    this.emit('cancelled', {});
  };

  /* A promise that ends an operation the user cancelled or replaced. */
  Widget.prototype.guard = function (token) {
    var self = this;
    return function (value) {
      if (token !== self.operation) { var stop = new Error('cancelled'); stop.cancelled = true; throw stop; }
      return value;
    };
  };

  Widget.prototype.fail = function (token, retry) {
    var self = this;
    return function (error) {
      if (error.cancelled || (error.name === 'AbortError') || token !== self.operation) { return; }
      self.end('');
      self.showError(error, retry);
    };
  };

  Widget.prototype.preview = function () {
    var self = this;
    var key = this.query('png', false);
    var token = this.begin(this.t('widget.rendering'));
    return this.request(key, 'image/png', { signal: this.controller && this.controller.signal }).then(this.guard(token)).then(function (response) {
      return response.blob();
    }).then(this.guard(token)).then(function (blob) {
      if (self.previewUrl) { URL.revokeObjectURL(self.previewUrl); }
      self.previewUrl = URL.createObjectURL(blob);
      self.preview_.textContent = '';
      self.preview_.classList.remove('pbi-export__preview--stale');
      self.preview_.appendChild(el('img', { src: self.previewUrl, alt: self.t('widget.preview.alt', self.title) }));
      self.preview_.appendChild(el('div', { 'class': 'pbi-export__stale', hidden: '' }, self.t('widget.preview.stale')));
      self.previewKey = key;
      self.end(self.t('widget.preview.ready'));
      // the choice may have changed while the preview rendered
      self.changed();
    }).catch(this.fail(token, function () { self.preview(); }));
  };

  /* values: the values of one file per value to export again (after some failed), else unset. */
  Widget.prototype.download = function (format, values) {
    var pages = this.exportPages(format);
    var count = pages ? pages.length : this.pages.length;
    var each = this.eachControl();
    if ((count > 1 || each) && !this.noJobs) { return this.job(format, count, each, values); }
    var self = this;
    var token = this.begin(count > 1 ? this.t('widget.preparing.all', NAMES[format], count) : this.t('widget.preparing', NAMES[format]));
    return this.request(this.query(format, true), TYPES[format], { signal: this.controller && this.controller.signal })
      .then(this.guard(token))
      .then(function (response) { return self.save(response, format, token); })
      .catch(this.fail(token, function () { self.download(format); }));
  };

  /* Several pages, or one file per value: POST /api/exports, poll the job, then fetch its file. */
  Widget.prototype.job = function (format, count, each, values) {
    var self = this;
    var combine = each && format === 'pdf' && this.combineChosen();
    values = each ? values || this.eachValues(each) : null;
    var what = each ? (combine ? this.t('widget.job.every', each.filter.label) : this.t('widget.job.per', NAMES[format], each.filter.label))
      : this.t('widget.job.pages', count, NAMES[format]);
    var type = each && !combine ? TYPES.zip : TYPES[format];
    var token = this.begin(each ? this.t('widget.job.values', what, 0, values.length) : what);
    var started = Date.now();
    var retry = function () { self.download(format, values); };
    var signal = this.controller && this.controller.signal;
    var body = JSON.parse(this.body(format));
    if (each) {
      delete body.filters[each.filter.column];
      body.each = each.filter.column;
      body.each_values = values.map(function (v) { return self.typed(each, v); });
      if (combine) { body.combine = true; }
    }
    var finished = null;
    function poll(path) {
      return new Promise(function (resolve) { setTimeout(resolve, POLL_MS); }).then(self.guard(token)).then(function () {
        return self.request(path, 'application/json', { signal: signal });
      }).then(function (r) { return r.json(); }).then(self.guard(token)).then(function (job) {
        if (job.values) {
          self.lastText = self.t('widget.job.values', what, job.values.done, job.values.total);
          self.progressBar.setAttribute('aria-valuetext', self.lastText);
        }
        if (job.status === 'done') {
          self.progressBar.value = 1;
          finished = job;
          self.lastText = self.t('widget.job.downloading', type === TYPES.zip && format !== 'zip' ? 'ZIP' : NAMES[format]);
          return self.request(path + '/file', type, { signal: signal }).then(self.guard(token));
        }
        if (job.status === 'failed') {
          var problem = job.error || { status: 500 };
          if (each && job.values && (job.values.failed || []).length) {
            problem = Object.assign({}, problem, { detail: self.t('widget.job.none', each.filter.label,
              job.values.failed.map(function (f) { return formatValue(each.filter, f.value); }).join(', ')) + ' ' + (problem.detail || '') });
          }
          throw self.failure(problem, problem.status, null);
        }
        if (job.progress > 0) { self.progressBar.value = job.progress; }
        if (Date.now() - started > JOB_LIMIT_MS) {
          throw self.failure({ status: 504, detail: self.t('widget.job.timeout') }, 504, null);
        }
        return poll(path);
      });
    }
    return this.request('/api/exports', 'application/json', { method: 'POST', body: JSON.stringify(body), signal: signal })
      .then(function (r) { return r.json(); })
      .then(this.guard(token))
      .then(function (job) { return poll('/api/exports/' + encodeURIComponent(job.job_id)); },
        function (error) {
          // A CMS proxy that forwards only /api/export answers 404 (not-found) or 405 here;
          // the server itself answers 404 for the report only as unknown-report.
          var type = String((error.problem && error.problem.type) || '');
          var noRoute = error.status === 405 || (error.status === 404 && !/unknown-report$/.test(type));
          if (noRoute && token === self.operation) {
            self.noJobs = true;
            self.dropEach();
            self.end('');
            if (each) {
              throw self.failure({ detail: self.t('widget.job.unavailable') }, 0, null);
            }
            return self.download(format).then(function () { throw Object.assign(new Error('fell back'), { cancelled: true }); });
          }
          throw error;
        })
      .then(function (response) { return self.save(response, each && !combine ? 'zip' : format, token); })
      .then(function () { if (finished && finished.values) { self.someFailed(finished.values.failed || [], format, each); } })
      .catch(this.fail(token, retry));
  };

  /* A value as the API typed it (numbers stay numbers). */
  Widget.prototype.typed = function (control, v) {
    var original = control.allowed.filter(function (a) { return String(a) === v; })[0];
    if (original !== undefined) { return original; }
    return (control.filter.type === 'integer' || control.filter.type === 'decimal') && !isNaN(Number(v)) ? Number(v) : v;
  };

  /* The values of one file per value that failed, said in words, with a retry for just them. */
  Widget.prototype.someFailed = function (failed, format, each) {
    if (!failed.length) { return; }
    var self = this;
    var box = this.errorBox;
    box.textContent = '';
    box.hidden = false;
    var names = failed.map(function (f) { return formatValue(each.filter, f.value); });
    box.appendChild(el('p', {}, failed.length === 1 ? this.t('widget.failed.one', each.filter.label, names.join(', '))
      : this.t('widget.failed.other', failed.length, each.filter.label, names.join(', '))));
    var list = el('ul');
    failed.forEach(function (f, i) {
      var why = self.explain(self.failure(f.error || {}, (f.error || {}).status, null));
      list.appendChild(el('li', {}, names[i] + ': ' + (why ? why[0] : (f.error && (f.error.detail || f.error.title)) || self.t('widget.failed'))));
    });
    box.appendChild(list);
    var values = failed.map(function (f) { return String(f.value); });
    box.appendChild(button(failed.length === 1 ? this.t('widget.retry.for.one', names[0]) : this.t('widget.retry.for.other', failed.length), { 'class': 'pbi-export__retry' },
      function () { box.hidden = true; self.download(format, values); }));
  };

  Widget.prototype.save = function (response, format, token) {
    var self = this;
    var name = fileName(response.headers.get('Content-Disposition') || '') || 'report.' + format;
    return response.blob().then(this.guard(token)).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var link = el('a', { href: url, download: name });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      self.end(self.t('widget.downloaded', name));
      self.emit('exported', { format: format, fileName: name, size: blob.size });
    });
  };

  /* The export address of the current choice (PDF when offered), shown and copied. */
  Widget.prototype.copyLink = function () {
    var self = this;
    var format = this.offered.indexOf('pdf') >= 0 ? 'pdf' : 'png';
    var url = new URL(this.server + this.query(format, true), window.location.href).toString();
    this.linkBox.textContent = '';
    var id = this.id + '-link';
    this.linkBox.appendChild(el('label', { 'for': id }, this.t('widget.link.label', NAMES[format])));
    var input = el('input', { id: id, type: 'url', readonly: '' });
    input.value = url;
    this.linkBox.appendChild(input);
    this.linkBox.hidden = false;
    input.select();
    var copied = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(url) : Promise.reject(new Error('no clipboard'));
    return copied.then(function () {
      self.status.textContent = self.t('widget.link.copied', NAMES[format]);
    }, function () {
      self.status.textContent = self.t('widget.link.select');
    });
  };

  /* What went wrong in words, what to do, and the server's detail folded away. */
  Widget.prototype.explain = function (error) {
    var wait = error.retryAfter ? this.t('widget.retry.in.seconds', error.retryAfter) : this.t('widget.retry.in.minute');
    switch (error.status) {
      case 502: return [this.t('widget.error.502'), this.t('widget.error.502.help')];
      case 504: return [this.t('widget.error.504'), this.t('widget.error.504.help')];
      case 429: return [this.t('widget.error.429'), wait];
      case 503: return [this.t('widget.error.503'), wait];
      case 500: return [this.t('widget.error.500'), this.t('widget.error.500.help')];
      default: return error.unreachable ? [error.message, this.t('widget.error.unreachable.help')] : null;
    }
  };

  Widget.prototype.showError = function (error, retry) {
    var self = this;
    var box = this.errorBox || el('div', { 'class': 'pbi-export__error', role: 'alert' });
    if (!this.errorBox) { this.element.appendChild(box); this.errorBox = box; }
    box.textContent = '';
    box.hidden = false;
    var plain = this.explain(error);
    var problems = (error.problem && error.problem.errors) || [];
    if (plain) {
      box.appendChild(el('p', {}, plain[0]));
      box.appendChild(el('p', {}, plain[1]));
      var technical = [error.problem && error.problem.detail, error.problem && error.problem.incident ? this.t('widget.incident', error.problem.incident) : null,
        error.status ? 'HTTP ' + error.status + (error.problem && error.problem.type ? ' ' + error.problem.type : '') : null]
        .filter(Boolean).join(' · ');
      if (technical) {
        var details = el('details');
        details.appendChild(el('summary', {}, this.t('widget.technical')));
        details.appendChild(el('p', {}, technical));
        box.appendChild(details);
      }
    } else {
      box.appendChild(el('p', {}, problems.length ? this.t('widget.problems') : error.message));
    }
    if (problems.length) {
      var list = el('ul');
      var labels = {};
      (this.filters || []).forEach(function (f) { labels['filters.' + f.column] = f.label; labels['filter.' + f.column] = f.label; });
      problems.forEach(function (p) {
        var text = (labels[p.field] || p.field) + ': ' + p.message + (/[.!?]$/.test(p.message) ? '' : '.');
        if (p.allowed_values && p.allowed_values.length) { text += ' ' + self.t('widget.allowed', p.allowed_values.join(', ')); }
        list.appendChild(el('li', {}, text));
      });
      box.appendChild(list);
    }
    if (retry && (plain || !error.status)) {
      box.appendChild(button(this.t('widget.retry'), { 'class': 'pbi-export__retry' }, function () { box.hidden = true; retry.call(self); }));
    }
    this.emit('error', { message: error.message, problem: error.problem || null });
  };

  Widget.prototype.emit = function (name, detail) {
    this.element.dispatchEvent(new CustomEvent('pbi-export:' + name, { detail: detail, bubbles: true }));
  };

  function optionsFrom(element, options) {
    options = options || {};
    var data = element.dataset;
    var filters = {};
    Array.prototype.forEach.call(element.attributes, function (attribute) {
      if (attribute.name.indexOf('data-filter-') === 0) {
        var raw = attribute.value;
        filters[attribute.name.slice('data-filter-'.length)] = raw.indexOf('|') >= 0 ? raw.split('|') : raw;
      }
    });
    // Columns are case-sensitive: attributes are not, so an exact match in options.filters wins.
    return {
      reportId: options.reportId || data.reportId,
      page: options.page || data.page || null,
      selectedPage: options.selectedPage || null,
      pdfPages: options.pdfPages || data.pdfPages || 'all',
      formats: options.formats || (data.formats ? data.formats.split(',').map(function (f) { return f.trim().toLowerCase(); }) : null),
      apiKey: options.apiKey || data.apiKey || null,
      server: options.server || data.server || null,
      lang: options.lang || data.lang || null,
      filters: Object.assign(filters, options.filters || {})
    };
  }

  function mount(element, options) {
    if (element.pbiExport) { return element.pbiExport; }
    var widget = new Widget(element, optionsFrom(element, options));
    element.pbiExport = widget;
    widget.ready = widget.start();
    return widget;
  }

  function mountAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-pbi-export]'), function (element) { mount(element); });
  }

  window.PbiExport = { mount: mount, mountAll: mountAll, texts: function (lang, server) {
    return texts((server || scriptOrigin).replace(/\/+$/, ''), lang === undefined || lang === null ? '' : String(lang));
  } };
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', mountAll); } else { mountAll(); }
})();
