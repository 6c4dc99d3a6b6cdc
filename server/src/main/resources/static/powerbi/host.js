/*
 * Embeds one Power BI report through the JavaScript SDK for pbi-export's render engine, and
 * publishes how far it got on <html>'s data attributes, which the engine polls:
 *   data-render-state     idle | loading | rendered | error
 *   data-render-error     the SDK's error message, with its code, level and request id
 *   data-render-warning   the last non-fatal SDK error (Information/Verbose/Warning level)
 *   data-loaded-events, data-rendered-events   how many of those SDK events came
 *   data-page             the report's current page (internal name)
 *
 * window.pbiExport.embed(config)  embeds with the page and filters already in the
 *   configuration: setting filters between "loaded" and the first "rendered" has been seen
 *   to be lost, so nothing is changed after loading.
 * window.pbiExport.setPage(name)  switches page in place; the state is "rendered" again
 *   only after Power BI confirmed the change ("pageChanged" to that page) and then drew it
 *   (the next "rendered"), so a late "rendered" of the previous page is not taken for it.
 * window.pbiExport.setFilters(filters)  for a warm session: replaces the report's whole
 *   filter state (FiltersOperations.ReplaceAll, or RemoveAll for none; never Add); the state
 *   is "rendered" again only at the first "rendered" after Power BI accepted the change.
 * window.pbiExport.readBack(filtersJson)  resolves to {same, page, slicers}: whether the
 *   filters Power BI reports (getFilters) are the given ones, compared as target, operator
 *   and values in order, the active page's name (getActivePage), and the slicer states of
 *   that page as slicers() gives them (null when the active page is not the one this page
 *   last saw shown). All in one round of calls once the page's slicers are known.
 * window.pbiExport.slicers()  resolves to {page, slicers}: the shown page and, as JSON
 *   text, its slicer visuals' states (getSlicerState) by visual name, in name order. The
 *   page's slicers are listed (getVisuals, type "slicer") on the first call for a page
 *   only: a report's visuals change only with a new version of it.
 * window.pbiExport.setAccessToken(token)  renews the embed token in place
 *   (report.setAccessToken, no reload); resolves once Power BI accepted it.
 */
(function () {
  'use strict';

  var LEVELS = ['Information', 'Verbose', 'Warning', 'Error', 'ExpectedError', 'UnexpectedError', 'Fatal'];
  var FIRST_FATAL_LEVEL = 3;

  var state = document.documentElement.dataset;
  var report = null;
  var pendingPage = null;
  var pendingPageChanged = false;
  // setFilters: 'asked' until Power BI accepted the change, then 'accepted'
  var pendingFilters = null;
  // each page's slicer visuals (VisualDescriptors), listed once
  var slicersOf = {};

  // powerbi-models' FiltersOperations
  var REMOVE_ALL = 0;
  var REPLACE_ALL = 1;

  function describe(error) {
    if (error === null || error === undefined) {
      return 'unknown error';
    }
    if (typeof error === 'string') {
      return error;
    }
    var text = String(error.message || error.detailedMessage || 'unknown error');
    if (error.detailedMessage && error.detailedMessage !== text) {
      text += ': ' + error.detailedMessage;
    }
    var details = [];
    if (error.errorCode) {
      details.push('code ' + error.errorCode);
    }
    if (typeof error.level === 'number') {
      details.push('level ' + (LEVELS[error.level] || error.level));
    }
    var requestId = error.technicalDetails && error.technicalDetails.requestId;
    if (requestId) {
      details.push('request id ' + requestId);
    }
    return details.length > 0 ? text + ' (' + details.join(', ') + ')' : text;
  }

  function fail(error) {
    state.renderError = describe(error);
    state.renderState = 'error';
  }

  function count(name) {
    state[name] = String(Number(state[name] || '0') + 1);
  }

  function onRendered() {
    count('renderedEvents');
    if (state.renderState !== 'loading') {
      return;
    }
    if (pendingFilters !== null) {
      if (pendingFilters === 'accepted') {
        pendingFilters = null;
        state.renderState = 'rendered';
      }
    }
    else if (pendingPage === null) {
      state.renderState = 'rendered';
    }
    else if (pendingPageChanged) {
      pendingPage = null;
      pendingPageChanged = false;
      state.renderState = 'rendered';
    }
  }

  function onPageChanged(event) {
    var page = event.detail && event.detail.newPage;
    if (!page) {
      return;
    }
    state.page = page.name;
    if (pendingPage !== null && page.name === pendingPage) {
      pendingPageChanged = true;
    }
  }

  function onError(event) {
    var error = event.detail;
    if (error && typeof error.level === 'number' && error.level < FIRST_FATAL_LEVEL) {
      state.renderWarning = describe(error);
      return;
    }
    fail(error);
  }

  function embed(config) {
    if (report !== null) {
      throw new Error('This page embeds one report only.');
    }
    state.renderState = 'loading';
    state.loadedEvents = '0';
    state.renderedEvents = '0';
    state.page = config.pageName || '';
    try {
      report = window.powerbi.embed(document.getElementById('report'), config);
    }
    catch (error) {
      fail(error);
      return;
    }
    report.on('loaded', function () {
      count('loadedEvents');
    });
    report.on('rendered', onRendered);
    report.on('pageChanged', onPageChanged);
    report.on('error', onError);
  }

  function setPage(name) {
    if (report === null) {
      throw new Error('Embed a report before choosing its page.');
    }
    if (state.renderState === 'rendered' && state.page === name) {
      return;
    }
    pendingPage = name;
    pendingPageChanged = false;
    state.renderState = 'loading';
    report.setPage(name).catch(fail);
  }

  function setFilters(filters) {
    if (report === null) {
      throw new Error('Embed a report before changing its filters.');
    }
    pendingFilters = 'asked';
    state.renderState = 'loading';
    var change = filters.length === 0 ? report.updateFilters(REMOVE_ALL)
      : report.updateFilters(REPLACE_ALL, filters);
    change.then(function () {
      if (pendingFilters === 'asked') {
        pendingFilters = 'accepted';
      }
    }, fail);
  }

  function comparable(filters) {
    return JSON.stringify((filters || []).map(function (filter) {
      var target = filter.target || {};
      return [target.table, target.column, filter.operator, filter.values];
    }));
  }

  function slicerVisuals(pageName) {
    if (slicersOf[pageName]) {
      return Promise.resolve(slicersOf[pageName]);
    }
    return report.page(pageName).getVisuals().then(function (visuals) {
      var slicers = visuals.filter(function (visual) {
        return visual.type === 'slicer';
      }).sort(function (a, b) {
        return a.name < b.name ? -1 : (a.name > b.name ? 1 : 0);
      });
      slicersOf[pageName] = slicers;
      return slicers;
    });
  }

  function slicerStates(pageName) {
    return slicerVisuals(pageName).then(function (slicers) {
      return Promise.all(slicers.map(function (slicer) {
        return slicer.getSlicerState();
      })).then(function (states) {
        var byName = {};
        slicers.forEach(function (slicer, index) {
          byName[slicer.name] = states[index];
        });
        return JSON.stringify(byName);
      });
    });
  }

  function slicers() {
    if (report === null) {
      return Promise.reject(new Error('Embed a report before reading its slicers.'));
    }
    var page = state.page;
    return slicerStates(page).then(function (states) {
      return { page: page, slicers: states };
    });
  }

  function readBack(filtersJson) {
    if (report === null) {
      return Promise.reject(new Error('Embed a report before reading its state.'));
    }
    var shown = state.page;
    return Promise.all([report.getFilters(), report.getActivePage(), slicerStates(shown)]).then(function (answers) {
      var page = answers[1] ? answers[1].name : null;
      return {
        same: comparable(answers[0]) === comparable(JSON.parse(filtersJson)),
        page: page,
        slicers: page === shown ? answers[2] : null
      };
    });
  }

  function setAccessToken(token) {
    if (report === null) {
      return Promise.reject(new Error('Embed a report before renewing its token.'));
    }
    return report.setAccessToken(token).then(function () {
      return true;
    });
  }

  // A refused /report/load rejects a promise the SDK does not hand out; it ends here.
  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason;
    if (state.renderState === 'loading' && reason && (reason.message || reason.detailedMessage)) {
      fail(reason);
    }
  });

  window.pbiExport = Object.freeze({
    embed: embed, setPage: setPage, setFilters: setFilters, readBack: readBack, slicers: slicers,
    setAccessToken: setAccessToken
  });
}());
