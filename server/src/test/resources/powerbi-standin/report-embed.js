/*
 * Test stand-in for Power BI's report iframe. It speaks the SDK's postMessage protocol as
 * powerbi-client 2.24 does (read from its bundle): requests arrive as
 * {method, url, headers: {id, uid, ...}, body} and are answered with
 * {headers: {id}, statusCode, body} (a status of 400 or more rejects the SDK's promise);
 * events are raised as POST /reports/<uid>/events/<name> with a new headers.id.
 *
 * What it draws depends on the page and the filters: the page's colour block at
 * (20, 20, 200x200), "Page <display name>" and one line per filter as text, and for each
 * filter value a 60x60 square at (20 + 80 i, 260) in the value's colour (knobs.valueColours,
 * grey when not listed). When asked to draw late, a grey placeholder appears at
 * (20, 400, 200x100) lateDrawMs / 2 after "rendered" and turns magenta at lateDrawMs.
 * When restless, a line of text changes every 100 ms forever.
 *
 * Costs: a load pays loadMs (bootstrap, report definition, data model) and then the query,
 * slowMs; a filter or page change in a loaded report pays only the query.
 *
 * Knobs (window.FAKE_KNOBS, set by the test): slowMs, neverRenders, rendersTwice,
 * lateDrawMs, restless, error {message, level, requestId}, signInRedirect, valueColours,
 * pages, loadMs, misreportValue (getFilters leaves out a filter holding it),
 * failOnChangeValue (a filter change to a filter holding it raises a fatal error),
 * slicerDrift (a filter change also selects its first value in the shown page's slicer,
 * like a report that carries slicer state), refusedToken (POST /report/token with it is
 * refused).
 *
 * Each page has two visuals: a card and a slicer (on Store/Category, nothing selected when
 * loaded), answered to GET /report/pages/<page>/visuals and .../visuals/<name>/slicer as
 * page.getVisuals() and visual.getSlicerState() ask. A slicer with a selection is drawn as
 * the text "Slicer: <values>" at (240, 340). A token given by POST /report/token
 * (report.setAccessToken) is posted to https://app.powerbi.com/__standin/token, where the
 * test's route records it, before the SDK's promise resolves.
 */
(function () {
  'use strict';

  var knobs = window.FAKE_KNOBS;
  var uid = new URL(window.location.href).searchParams.get('uid');
  var currentPage = null;
  var filters = [];
  var generation = 0;
  var loaded = false;
  var accessToken = null;
  // the slicer state of each page, by page name: none selected when loaded
  var slicerStates = {};
  var SLICER_TARGET = { table: 'Store', column: 'Category' };

  function newId() {
    return Math.random().toString(36).slice(2);
  }

  function raise(name, body) {
    window.parent.postMessage({
      method: 'POST',
      url: '/reports/' + uid + '/events/' + name,
      headers: { id: newId() },
      body: body || {}
    }, '*');
  }

  function pageNamed(name) {
    for (var i = 0; i < knobs.pages.length; i++) {
      if (knobs.pages[i].name === name) {
        return knobs.pages[i];
      }
    }
    return null;
  }

  function element(className, left, top, width, height, colour, text) {
    var node = document.createElement('div');
    node.className = className;
    if (left !== null) {
      node.style.left = left + 'px';
      node.style.top = top + 'px';
    }
    if (width !== null) {
      node.style.width = width + 'px';
      node.style.height = height + 'px';
    }
    if (colour) {
      node.style.background = colour;
    }
    if (text) {
      node.textContent = text;
    }
    document.getElementById('canvas').appendChild(node);
    return node;
  }

  function draw() {
    var page = pageNamed(currentPage);
    document.getElementById('canvas').textContent = '';
    element('block page-block', 20, 20, 200, 200, page.colour);
    element('label page-title', 240, 20, null, null, null, 'Page ' + page.displayName);
    element('label', 240, 60, null, null, null, 'Internal name ' + page.name);
    var slicer = slicerState(page.name);
    if (slicer.filters.length > 0) {
      element('label slicer', 240, 340, null, null, null, 'Slicer: ' + slicer.filters[0].values.join(', '));
    }
    var square = 0;
    filters.forEach(function (filter, index) {
      var values = filter.values || [];
      element('label', 240, 100 + 30 * index, null, null, null,
        'Filter ' + filter.target.table + '/' + filter.target.column + ': ' + values.join(', '));
      values.forEach(function (value) {
        var colour = knobs.valueColours[String(value)] || '#888888';
        element('block value-square', 20 + 80 * square, 260, 60, 60, colour);
        square++;
      });
    });
  }

  function slicerState(pageName) {
    return slicerStates[pageName] || { filters: [], targets: [SLICER_TARGET] };
  }

  function visualsOf(pageName) {
    return [
      { name: 'card' + pageName, title: 'Sales', type: 'card', layout: { x: 240, y: 20 } },
      { name: 'slicer' + pageName, title: 'Category', type: 'slicer', layout: { x: 240, y: 340 } }
    ];
  }

  // A report that carries slicer state: the shown page's slicer keeps a selection made
  // along with a filter change.
  function drift() {
    var values = filters.length > 0 ? (filters[0].values || []) : [];
    if (!knobs.slicerDrift || values.length === 0) {
      return;
    }
    slicerStates[currentPage] = {
      filters: [{
        $schema: 'http://powerbi.com/product/schema#basic', target: SLICER_TARGET,
        operator: 'In', values: [values[0]], filterType: 1
      }],
      targets: [SLICER_TARGET]
    };
  }

  function holds(filter, value) {
    return value !== null && value !== undefined
      && (filter.values || []).some(function (v) { return String(v) === value; });
  }

  function render(extraMs) {
    var mine = ++generation;
    if (knobs.error) {
      raise('error', {
        message: knobs.error.message,
        detailedMessage: knobs.error.message,
        errorCode: 'StandInError',
        level: knobs.error.level,
        technicalDetails: { requestId: knobs.error.requestId }
      });
      return;
    }
    if (!loaded) {
      loaded = true;
      raise('loaded', {});
    }
    if (knobs.neverRenders) {
      return;
    }
    window.setTimeout(function () {
      if (mine !== generation) {
        return;
      }
      draw();
      raise('rendered', {});
      if (knobs.rendersTwice) {
        window.setTimeout(function () {
          raise('rendered', {});
        }, 100);
      }
      if (knobs.lateDrawMs > 0) {
        // Like a custom visual that draws after Power BI said "rendered": first a
        // placeholder, then the visual itself.
        window.setTimeout(function () {
          if (mine === generation) {
            element('block late-block', 20, 400, 200, 100, '#cccccc', 'Loading visual');
          }
        }, knobs.lateDrawMs / 2);
        window.setTimeout(function () {
          var placeholder = document.querySelector('.late-block');
          if (mine === generation && placeholder) {
            placeholder.style.background = '#ff00ff';
            placeholder.textContent = 'Late visual';
          }
        }, knobs.lateDrawMs);
      }
      if (knobs.restless) {
        var ticker = element('label restless', 240, 500, null, null, null, 'Ticking 0');
        var ticks = 0;
        window.setInterval(function () {
          ticks++;
          ticker.textContent = 'Ticking ' + ticks;
        }, 100);
      }
    }, knobs.slowMs + (extraMs || 0));
  }

  function showPage(page) {
    currentPage = page.name;
    raise('pageChanged', { newPage: { name: page.name, displayName: page.displayName } });
  }

  var routes = {
    'POST /report/load': function (body, reply) {
      if (!body || !body.accessToken) {
        reply(400, { message: 'No access token was given', level: 6 });
        return;
      }
      if (body.settings && body.settings.background === 1) {
        document.body.className = 'transparent';
      }
      filters = body.filters || [];
      accessToken = body.accessToken;
      reply(202, {});
      if (knobs.signInRedirect) {
        window.location.href = 'https://login.microsoftonline.com/common/oauth2/authorize?client_id=standin';
        return;
      }
      showPage(pageNamed(body.pageName) || knobs.pages[0]);
      render(knobs.loadMs);
    },
    'PUT /report/pages/active': function (body, reply) {
      var page = pageNamed(body && body.name);
      if (!page) {
        reply(400, { message: 'Page not found: ' + (body && body.name) });
        return;
      }
      reply(202, {});
      if (page.name !== currentPage) {
        showPage(page);
        render();
      }
    },
    'GET /report/pages': function (body, reply) {
      reply(200, knobs.pages.map(function (page) {
        return { name: page.name, displayName: page.displayName, isActive: page.name === currentPage };
      }));
    },
    'GET /report/filters': function (body, reply) {
      reply(200, filters.filter(function (filter) { return !holds(filter, knobs.misreportValue); }));
    },
    'PUT /report/filters': function (body, reply) {
      filters = body || [];
      reply(202, {});
      render();
    },
    'POST /report/filters': function (body, reply) {
      // FiltersOperations: RemoveAll 0, ReplaceAll 1, Add 2, Replace 3
      var operation = body && body.filtersOperation;
      var given = (body && body.filters) || [];
      if (operation === 0) {
        filters = [];
      }
      else if (operation === 2) {
        filters = filters.concat(given);
      }
      else {
        filters = given;
      }
      reply(202, {});
      if (filters.some(function (filter) { return holds(filter, knobs.failOnChangeValue); })) {
        raise('error', { message: 'Stand-in failure on a filter change', level: 6, errorCode: 'StandInError' });
        return;
      }
      drift();
      render();
    },
    'POST /report/token': function (body, reply) {
      if (typeof body !== 'string' || body === '' || body === knobs.refusedToken) {
        reply(403, { message: 'TokenExpired', detailedMessage: 'The stand-in refuses this token', level: 6 });
        return;
      }
      accessToken = body;
      fetch('/__standin/token', { method: 'POST', body: accessToken }).then(function () {
        reply(202, {});
      }, function (error) {
        reply(500, { message: 'The stand-in could not record the token: ' + error, level: 6 });
      });
    }
  };

  // the routes with a page or visual name in them
  var patterns = [
    [/^GET \/report\/pages\/([^/]+)\/visuals$/, function (match, body, reply) {
      reply(pageNamed(match[1]) ? 200 : 404, pageNamed(match[1]) ? visualsOf(match[1])
        : { message: 'Page not found: ' + match[1] });
    }],
    [/^GET \/report\/pages\/([^/]+)\/visuals\/([^/]+)\/slicer$/, function (match, body, reply) {
      if (match[2] !== 'slicer' + match[1]) {
        reply(400, { message: 'Not a slicer: ' + match[2] });
        return;
      }
      reply(200, slicerState(match[1]));
    }]
  ];

  function routeFor(request) {
    if (routes[request]) {
      return routes[request];
    }
    for (var i = 0; i < patterns.length; i++) {
      var match = patterns[i][0].exec(request);
      if (match) {
        return patterns[i][1].bind(null, match);
      }
    }
    return null;
  }

  window.addEventListener('message', function (event) {
    var message = event.data;
    if (event.source !== window.parent || !message || typeof message !== 'object'
        || typeof message.method !== 'string' || typeof message.url !== 'string') {
      return;
    }
    var headers = message.headers || {};
    var reply = function (statusCode, body) {
      event.source.postMessage({ headers: { id: headers.id }, statusCode: statusCode, body: body }, '*');
    };
    if (headers.uid !== uid) {
      reply(400, { message: 'This report frame is ' + uid + ', not ' + headers.uid });
      return;
    }
    var route = routeFor(message.method + ' ' + message.url);
    if (!route) {
      reply(404, { message: 'The stand-in does not answer ' + message.method + ' ' + message.url });
      return;
    }
    route(message.body, reply);
  });
}());
