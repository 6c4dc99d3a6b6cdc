/*!
 * pbi-export widget: preview and download Power BI reports as PNG and PDF from any intranet page.
 *
 *   <script src="https://<server>/widget/pbi-export.js" defer></script>
 *   <div data-pbi-export data-report-id="1"></div>
 *
 * Optional attributes: data-page (fix the page), data-formats="png,pdf", data-api-key,
 * data-server (API origin; default: where this script came from), data-filter-<column> (preset;
 * several values separated by "|"). window.PbiExport.mount(element, options) does the same from
 * code. The element receives pbi-export:ready, pbi-export:exported and pbi-export:error events.
 * Text from the API is only ever set as text, never as HTML. Look: CSS custom properties
 * --pbi-export-accent, --pbi-export-radius, --pbi-export-font, --pbi-export-border.
 */
(function () {
  'use strict';

  var scriptOrigin = (function () {
    var src = document.currentScript && document.currentScript.src;
    try { return src ? new URL(src).origin : window.location.origin; } catch (e) { return window.location.origin; }
  })();

  var STYLE = [
    '.pbi-export{--pbi-export-accent:#1f3b57;--pbi-export-radius:6px;--pbi-export-border:#c8c6c4;',
    '--pbi-export-font:inherit;font-family:var(--pbi-export-font);font-size:14px;color:#252423;',
    'border:1px solid var(--pbi-export-border);border-radius:var(--pbi-export-radius);padding:14px 16px;',
    'max-width:100%;box-sizing:border-box;background:#fff;margin:0 0 16px}',
    '.pbi-export *{box-sizing:border-box}',
    '.pbi-export__title{font-weight:600;font-size:16px;margin:0 0 10px}',
    '.pbi-export__fields{display:flex;flex-wrap:wrap;gap:10px 16px;margin-bottom:12px}',
    '.pbi-export__field{display:flex;flex-direction:column;gap:4px;min-width:160px}',
    '.pbi-export__field label{font-size:12px;font-weight:600;color:#3b3a39}',
    '.pbi-export select,.pbi-export input{font:inherit;padding:5px 8px;border:1px solid var(--pbi-export-border);',
    'border-radius:4px;background:#fff;min-height:32px}',
    '.pbi-export select[multiple]{min-height:74px}',
    '.pbi-export__hint{font-size:11px;color:#605e5c}',
    '.pbi-export__actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center}',
    '.pbi-export button{font:inherit;padding:6px 14px;border-radius:4px;border:1px solid var(--pbi-export-accent);',
    'background:#fff;color:var(--pbi-export-accent);cursor:pointer}',
    '.pbi-export button.pbi-export__primary{background:var(--pbi-export-accent);color:#fff}',
    '.pbi-export button:disabled{opacity:.55;cursor:progress}',
    '.pbi-export :focus-visible{outline:3px solid #f2c811;outline-offset:2px}',
    '.pbi-export__status{font-size:13px;color:#3b3a39;min-height:1.4em;margin-top:8px}',
    '.pbi-export__error{color:#a4262c;background:#fdf3f4;border:1px solid #e6b3b5;border-radius:4px;',
    'padding:8px 10px;margin-top:8px;font-size:13px}',
    '.pbi-export__error ul{margin:4px 0 0 18px;padding:0}',
    '.pbi-export__preview{margin-top:12px}',
    '.pbi-export__preview img{display:block;max-width:100%;height:auto;border:1px solid #e1dfdd;border-radius:4px}'
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
    Object.keys(attrs || {}).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) { node.setAttribute(k, attrs[k]); } });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function Widget(element, options) {
    this.element = element;
    this.options = options;
    this.server = (options.server || scriptOrigin).replace(/\/+$/, '');
    this.formats = (options.formats || ['png', 'pdf']).filter(function (f) { return f === 'png' || f === 'pdf'; });
    this.id = 'pbi-export-' + (++counter);
    this.previewUrl = null;
  }

  Widget.prototype.request = function (path, accept) {
    var headers = { Accept: accept || 'application/json' };
    if (this.options.apiKey) { headers['X-API-Key'] = this.options.apiKey; }
    // Cookies only to the page's own origin: on the portal a signed-in user needs no key;
    // another site's page never sends this server's cookies.
    return fetch(this.server + path, { headers: headers, credentials: 'same-origin' }).then(function (response) {
      if (response.ok) { return response; }
      return response.text().then(function (body) {
        var problem;
        try { problem = JSON.parse(body); } catch (e) { problem = null; }
        var error = new Error(problem && problem.detail ? problem.detail : 'The server answered ' + response.status + '.');
        error.problem = problem || { status: response.status };
        error.status = response.status;
        error.retryAfter = response.headers.get('Retry-After');
        throw error;
      });
    }, function () {
      var error = new Error('The export server at ' + this.server + ' could not be reached.');
      error.problem = null;
      throw error;
    }.bind(this));
  };

  Widget.prototype.start = function () {
    var self = this;
    injectStyle();
    this.element.classList.add('pbi-export');
    this.element.textContent = '';
    this.status = el('div', { 'class': 'pbi-export__status', role: 'status', 'aria-live': 'polite' }, 'Loading report…');
    this.element.appendChild(this.status);
    var id = encodeURIComponent(this.options.reportId);
    return Promise.all([
      this.request('/api/reports').then(function (r) { return r.json(); }),
      this.request('/api/pages/' + id).then(function (r) { return r.json(); }),
      this.request('/api/filters/' + id).then(function (r) { return r.json(); })
    ]).then(function (results) {
      var report = (results[0].reports || []).filter(function (r) { return String(r.report_id) === String(self.options.reportId); })[0];
      self.render(report, results[1].pages || [], results[2].filters || []);
      self.emit('ready', { reportId: self.options.reportId });
    }).catch(function (error) {
      self.element.textContent = '';
      self.status.textContent = '';
      self.element.appendChild(self.status);
      self.showError(error);
    });
  };

  Widget.prototype.render = function (report, pages, filters) {
    var self = this;
    this.filters = filters;
    this.pages = pages;
    this.element.textContent = '';
    this.element.appendChild(el('div', { 'class': 'pbi-export__title' }, report ? report.title : 'Report ' + this.options.reportId));
    var fields = el('div', { 'class': 'pbi-export__fields' });
    this.element.appendChild(fields);

    if (!this.options.page && pages.length > 1) {
      this.pageSelect = el('select', { id: this.id + '-page' });
      pages.forEach(function (p) { self.pageSelect.appendChild(el('option', { value: p.name }, p.display_name)); });
      fields.appendChild(this.field('Page', this.pageSelect));
    }
    this.controls = filters.map(function (filter, index) {
      var control = self.control(filter, index);
      fields.appendChild(self.field(filter.label, control, filter.required));
      return control;
    });

    var actions = el('div', { 'class': 'pbi-export__actions' });
    this.previewButton = el('button', { type: 'button', 'class': 'pbi-export__primary' }, 'Preview');
    this.previewButton.addEventListener('click', function () { self.preview(); });
    actions.appendChild(this.previewButton);
    this.downloadButtons = this.formats.map(function (format) {
      var button = el('button', { type: 'button', 'data-format': format }, 'Download ' + format.toUpperCase());
      button.addEventListener('click', function () { self.download(format); });
      actions.appendChild(button);
      return button;
    });
    this.element.appendChild(actions);
    this.status = el('div', { 'class': 'pbi-export__status', role: 'status', 'aria-live': 'polite' }, '');
    this.element.appendChild(this.status);
    this.errorBox = el('div', { 'class': 'pbi-export__error', role: 'alert', hidden: '' });
    this.element.appendChild(this.errorBox);
    this.preview_ = el('div', { 'class': 'pbi-export__preview' });
    this.element.appendChild(this.preview_);
  };

  Widget.prototype.field = function (label, control, required) {
    var wrapper = el('div', { 'class': 'pbi-export__field' });
    wrapper.appendChild(el('label', { 'for': control.id }, label + (required ? ' *' : '')));
    wrapper.appendChild(control);
    if (control.multiple) {
      var hint = el('span', { 'class': 'pbi-export__hint', id: control.id + '-hint' }, 'Ctrl or ⌘ + click to choose several');
      control.setAttribute('aria-describedby', hint.id);
      wrapper.appendChild(hint);
    }
    return wrapper;
  };

  Widget.prototype.control = function (filter, index) {
    var id = this.id + '-filter-' + index;
    var presets = this.options.filters;
    var key = Object.keys(presets).filter(function (k) { return k === filter.column; })[0] ||
      Object.keys(presets).filter(function (k) { return k.toLowerCase() === filter.column.toLowerCase(); })[0];
    var preset = key !== undefined ? presets[key] : undefined;
    var defaults = preset !== undefined ? [].concat(preset).map(String)
      : (filter['default'] === null || filter['default'] === undefined ? [] : [].concat(filter['default']).map(String));
    if (filter.type === 'date' && !filter.multiple) {
      var dates = filter.allowed_values.map(String).sort();
      var input = el('input', { id: id, type: 'date', min: dates[0], max: dates[dates.length - 1] });
      input.value = defaults[0] || '';
      input.dataset.column = filter.column;
      return input;
    }
    var select = el('select', { id: id, multiple: filter.multiple ? '' : null, size: filter.multiple ? Math.min(5, filter.allowed_values.length) : null });
    select.dataset.column = filter.column;
    if (!filter.multiple) {
      select.appendChild(el('option', { value: '' }, filter.required ? 'Choose…' : '(all)'));
    }
    filter.allowed_values.forEach(function (value) {
      var option = el('option', { value: String(value) }, String(value));
      option.selected = defaults.indexOf(String(value)) >= 0;
      select.appendChild(option);
    });
    return select;
  };

  Widget.prototype.query = function (format, download) {
    var params = new URLSearchParams();
    params.set('report_id', this.options.reportId);
    var page = this.options.page || (this.pageSelect && this.pageSelect.value);
    if (page && (format === 'png' || this.pageSelect || this.options.page)) { params.append('page', page); }
    params.set('format', format);
    this.controls.forEach(function (control) {
      var values = control.multiple ? Array.prototype.filter.call(control.options, function (o) { return o.selected; }).map(function (o) { return o.value; })
        : [control.value];
      values.filter(function (v) { return v !== ''; }).forEach(function (v) { params.append('filter.' + control.dataset.column, v); });
    });
    if (!download) { params.set('download', 'false'); }
    return '/api/export?' + params.toString();
  };

  Widget.prototype.busy = function (text) {
    var self = this;
    var started = Date.now();
    this.errorBox.hidden = true;
    this.element.setAttribute('aria-busy', 'true');
    [this.previewButton].concat(this.downloadButtons).forEach(function (b) { b.disabled = true; });
    this.status.textContent = text + '…';
    this.timer = setInterval(function () {
      self.status.textContent = text + '… ' + Math.round((Date.now() - started) / 1000) + ' s';
    }, 1000);
  };

  Widget.prototype.idle = function (text) {
    clearInterval(this.timer);
    this.element.removeAttribute('aria-busy');
    [this.previewButton].concat(this.downloadButtons).forEach(function (b) { b.disabled = false; });
    this.status.textContent = text || '';
  };

  Widget.prototype.preview = function () {
    var self = this;
    this.busy('Rendering the preview');
    return this.request(this.query('png', false), 'image/png').then(function (response) {
      return response.blob();
    }).then(function (blob) {
      if (self.previewUrl) { URL.revokeObjectURL(self.previewUrl); }
      self.previewUrl = URL.createObjectURL(blob);
      self.preview_.textContent = '';
      var img = el('img', { src: self.previewUrl, alt: 'Preview of ' + self.element.querySelector('.pbi-export__title').textContent });
      self.preview_.appendChild(img);
      self.idle('Preview ready.');
    }).catch(function (error) { self.idle(''); self.showError(error); });
  };

  Widget.prototype.download = function (format) {
    var self = this;
    this.busy('Preparing the ' + format.toUpperCase());
    return this.request(this.query(format, true), format === 'pdf' ? 'application/pdf' : 'image/png').then(function (response) {
      var disposition = response.headers.get('Content-Disposition') || '';
      var name = fileName(disposition) || 'report.' + format;
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = el('a', { href: url, download: name });
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        self.idle('Downloaded ' + name + '.');
        self.emit('exported', { format: format, fileName: name, size: blob.size });
      });
    }).catch(function (error) { self.idle(''); self.showError(error); });
  };

  Widget.prototype.showError = function (error) {
    var box = this.errorBox || el('div', { 'class': 'pbi-export__error', role: 'alert' });
    if (!this.errorBox) { this.element.appendChild(box); this.errorBox = box; }
    box.textContent = '';
    box.hidden = false;
    var message = error.message;
    if (error.status === 429 && error.retryAfter) { message += ' (retry in ' + error.retryAfter + ' s)'; }
    var problems = (error.problem && error.problem.errors) || [];
    if (problems.length) {
      message = 'The server could not export this choice:';
    }
    box.appendChild(el('div', {}, message));
    if (problems.length) {
      var list = el('ul');
      var labels = {};
      (this.filters || []).forEach(function (f) { labels['filters.' + f.column] = f.label; });
      problems.forEach(function (p) {
        var text = (labels[p.field] || p.field) + ': ' + p.message + (/[.!?]$/.test(p.message) ? '' : '.');
        if (p.allowed_values && p.allowed_values.length) { text += ' Allowed: ' + p.allowed_values.join(', ') + '.'; }
        list.appendChild(el('li', {}, text));
      });
      box.appendChild(list);
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
      formats: options.formats || (data.formats ? data.formats.split(',').map(function (f) { return f.trim(); }) : null),
      apiKey: options.apiKey || data.apiKey || null,
      server: options.server || data.server || null,
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

  window.PbiExport = { mount: mount, mountAll: mountAll };
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', mountAll); } else { mountAll(); }
})();
