/* The report form's filters: the default value choice follows the allowed values as they are
   typed. Each filter card's "Allowed values" textarea (name filters[i].allowedValues) is read
   line by line as the filter's type reads it; the default <select> (filters[i].defaults) gets
   one option per valid value, keeps the chosen defaults that are still allowed, and shows dates
   in the viewer's own format (the option's value stays ISO, as the server reads it). Lines that
   are not of the type, or repeat a value, are named beside the field at once. Without script
   the form works as before: the server checks everything when it is saved. */
(function () {
  'use strict';
  var ALLOWED = /^(filters\[\d+\]\.)allowedValues$/;
  var EXPECTED = {
    integer: 'a whole number',
    decimal: 'a number',
    date: 'a date written YYYY-MM-DD',
    datetime: 'a date and time written YYYY-MM-DDThh:mm:ss',
    boolean: 'true or false'
  };
  var PATTERN = {
    integer: /^[-+]?\d+$/,
    decimal: /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/,
    date: /^\d{4}-\d{2}-\d{2}$/,
    datetime: /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/,
    boolean: /^(true|false)$/i
  };

  function field(card, prefix, name) {
    return card.querySelector('[name="' + prefix + name + '"]:not([type=hidden])');
  }

  function realDate(text) {
    var parts = text.slice(0, 10).split('-').map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    return day.getUTCFullYear() === parts[0] && day.getUTCMonth() === parts[1] - 1 && day.getUTCDate() === parts[2];
  }

  /* The value as the server compares it: equal keys are the same value of the type. */
  function key(type, text) {
    switch (type) {
      case 'integer': return String(BigInt(text));
      case 'boolean': return text.toLowerCase();
      case 'datetime': {
        var value = text.replace(' ', 'T');
        return value.length === 16 ? value + ':00' : value;
      }
      default: return text;
    }
  }

  /* The allowed values as typed: {text, key} per valid line and the problems of the others. */
  function read(type, textarea) {
    var values = [];
    var problems = [];
    var seen = {};
    var line = 0;
    textarea.value.split(/\r?\n/).forEach(function (raw) {
      var text = raw.trim();
      if (text === '') { return; }
      line += 1;
      if (PATTERN[type] && !(PATTERN[type].test(text) && (type.indexOf('date') !== 0 || realDate(text)))) {
        problems.push('line ' + line + ': must be ' + EXPECTED[type] + ", got '" + text + "'");
        return;
      }
      if (type === 'integer' && (BigInt(text) > 9223372036854775807n || BigInt(text) < -9223372036854775808n)) {
        problems.push('line ' + line + ': must be ' + EXPECTED[type] + ", got '" + text + "'");
        return;
      }
      var k = key(type, text);
      if (Object.prototype.hasOwnProperty.call(seen, k)) {
        problems.push('line ' + line + ': repeats the value ' + text);
        return;
      }
      seen[k] = true;
      values.push({ text: text, key: k });
    });
    return { values: values, problems: problems };
  }

  /* How a value is shown: dates and times in the viewer's format, the rest as typed. */
  function label(type, text) {
    if (type !== 'date' && type !== 'datetime') { return text; }
    var options = { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
    var iso = type === 'date' ? text + 'T00:00:00Z' : key(type, text) + 'Z';
    if (type === 'datetime') {
      options.hour = '2-digit';
      options.minute = '2-digit';
    }
    var when = new Date(iso);
    return isNaN(when.getTime()) ? text : new Intl.DateTimeFormat(undefined, options).format(when);
  }

  function option(type, value) {
    var element = document.createElement('option');
    element.value = value.text;
    element.textContent = label(type, value.text);
    if (element.textContent !== value.text) { element.title = value.text; }
    return element;
  }

  /* The problems of the typed list, beside the textarea, in a paragraph this script owns. */
  function showProblems(textarea, problems) {
    var note = textarea.parentNode.querySelector('.err[data-live-check]');
    if (!note) {
      note = document.createElement('p');
      note.className = 'err';
      note.setAttribute('data-live-check', '');
      note.setAttribute('aria-live', 'polite');
      note.id = textarea.id + '-check';
      textarea.insertAdjacentElement('afterend', note);
      var described = textarea.getAttribute('aria-describedby');
      textarea.setAttribute('aria-describedby', (described ? described + ' ' : '') + note.id);
    }
    note.textContent = problems.join('; ');
    note.hidden = problems.length === 0;
    var box = textarea.closest('.field');
    if (problems.length) {
      textarea.setAttribute('aria-invalid', 'true');
      if (box && !box.classList.contains('has-error')) { box.classList.add('has-error'); box.setAttribute('data-live-error', ''); }
    } else {
      textarea.removeAttribute('aria-invalid');
      if (box && box.hasAttribute('data-live-error')) { box.classList.remove('has-error'); box.removeAttribute('data-live-error'); }
    }
  }

  function showCount(textarea, count) {
    var hint = textarea.parentNode.querySelector('p.hint');
    /* The words come from the page, in its language; {0} is the count. */
    if (hint) {
      hint.textContent = count === 1 ? (hint.getAttribute('data-one') || '1 value')
        : (hint.getAttribute('data-many') || '{0} values').replace('{0}', count);
    }
  }

  /* Rebuilds the filter's default choices from its allowed values, keeping what is still allowed. */
  function follow(textarea) {
    var match = ALLOWED.exec(textarea.name);
    var card = textarea.closest('.filter-card');
    if (!match || !card) { return; }
    var typeField = field(card, match[1], 'type');
    var type = typeField ? typeField.value : 'text';
    var select = field(card, match[1], 'defaults');
    var typed = read(type, textarea);
    showProblems(textarea, typed.problems);
    showCount(textarea, typed.values.length);
    if (!select) { return; }
    var chosen = {};
    Array.prototype.forEach.call(select.selectedOptions, function (selected) {
      if (selected.value === '') { return; }
      try { chosen[key(type, selected.value.trim())] = true; } catch (e) { /* not of the type: dropped */ }
    });
    var none = select.multiple ? null : select.querySelector('option[value=""]');
    select.replaceChildren();
    if (!select.multiple) {
      if (!none) {
        none = document.createElement('option');
        none.value = '';
        none.textContent = '(none)';
      }
      select.appendChild(none);
    }
    var kept = false;
    typed.values.forEach(function (value) {
      var element = option(type, value);
      if (chosen[value.key] && (select.multiple || !kept)) {
        element.selected = true;
        kept = true;
      }
      select.appendChild(element);
    });
    if (!select.multiple && !kept) { none.selected = true; }
  }

  /* Only the labels: on load and after htmx redraws a part, the server's options keep their values. */
  function relabel(root) {
    root.querySelectorAll('.filter-card').forEach(function (card) {
      var textarea = card.querySelector('textarea[data-default-choices]');
      var match = textarea && ALLOWED.exec(textarea.name);
      if (!match) { return; }
      var typeField = field(card, match[1], 'type');
      var select = field(card, match[1], 'defaults');
      var type = typeField ? typeField.value : 'text';
      if (!select || (type !== 'date' && type !== 'datetime')) { return; }
      Array.prototype.forEach.call(select.options, function (element) {
        if (element.value !== '' && PATTERN[type].test(element.value.trim())) {
          element.textContent = label(type, element.value.trim());
          element.title = element.value;
        }
      });
    });
  }

  document.addEventListener('input', function (event) {
    if (event.target.matches && event.target.matches('textarea[data-default-choices]')) {
      follow(event.target);
    }
  });
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target.matches && target.matches('.filter-card select[name$=".type"]')) {
      var textarea = target.closest('.filter-card').querySelector('textarea[data-default-choices]');
      if (textarea) { follow(textarea); }
    }
  });
  document.addEventListener('DOMContentLoaded', function () { relabel(document); });
  document.addEventListener('htmx:afterSwap', function () { relabel(document); });
})();
