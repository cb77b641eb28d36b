/* TwinSim classroom: browser side of `twinsim serve`.
 *
 * Talks to the server over a WebSocket at /ws (JSON from the server,
 * URL-form-encoded commands to it), draws the two worlds (with and without
 * the project) on canvases and the time series as small inline SVG charts.
 *
 * Test hook: window.twinsimHandle(msg) handles one server message. With
 * ?fake=1 in the URL (or window.TWINSIM_FAKE = true before this script) no
 * socket is opened and outgoing commands are collected in window.twinsimSent.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- constants

  const COLOR = {
    client: '#E69F00',   // assisted firms
    south: '#0072B2',    // other southern firms
    north: '#999999',    // northern firms
    cross: '#CC79A7',    // cross-border links
    coop: '#b4b4b4',     // cooperation links
    supply: 'rgba(0, 0, 0, 0.07)',
    ink: '#222222',
  };

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const FAKE = /[?&]fake=1(&|$)/.test(location.search) || window.TWINSIM_FAKE === true;
  const STEPS = { growth: 0.005, clients: 1, support: 0.1, speed: 1 };

  const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const kFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

  const $ = (id) => document.getElementById(id);

  const ui = {
    scenario: $('scenario'),
    description: $('scenario-description'),
    month: $('month'),
    growth: $('growth'),
    clients: $('clients'),
    support: $('support'),
    speed: $('speed'),
    strategyFast: $('strategy-fast'),
    strategyCluster: $('strategy-cluster'),
    crisis: $('crisis'),
    play: $('play'),
    pause: $('pause'),
    step: $('step'),
    reset: $('reset'),
    status: $('status'),
    error: $('error'),
    errorText: $('error-text'),
    errorClose: $('error-close'),
    caption: $('caption'),
    captions: $('captions'),
    netWith: $('net-with'),
    netWithout: $('net-without'),
  };

  // Everything the page knows about the current run.
  const state = {
    socket: null,
    connected: false,
    disconnected: false,
    scenarios: [],
    seed: null,
    months: 0,
    month: 0,
    playing: false,
    knowsPlaying: false,   // a `state` message has arrived
    finished: false,
    speed: 12,
    speedTouchedAt: 0,     // last time the user moved the speed slider
    baseline: null,        // jobs at month 0, for the "since the start" lines
    captionHistory: [],    // earlier captions, newest first
    network: null,         // last `network` message
    jobScale: null,        // dot scale, fixed per run (see drawNetwork)
  };

  // ------------------------------------------------------------ formatting

  function isNum(v) {
    return typeof v === 'number' && isFinite(v);
  }

  function formatJobs(v) {
    return isNum(v) ? intFormat.format(Math.round(v)) : '\u2013';
  }

  function formatGrowth(fraction) {
    const pct = Math.round(Number(fraction) * 1000) / 10;   // one decimal at most
    return (pct > 0 ? '+' : '') + pct + '%/yr';
  }

  function formatSupport(v) {
    return Number(v).toFixed(1) + 'x';
  }

  function formatChange(now, start) {
    if (!isNum(now) || !isNum(start)) return { text: '\u00a0', cls: '' };
    const d = Math.round(now) - Math.round(start);
    if (d === 0) return { text: 'no change since the start', cls: '' };
    const sign = d > 0 ? '+' : '-';
    return { text: sign + intFormat.format(Math.abs(d)) + ' since the start', cls: d > 0 ? 'up' : 'down' };
  }

  // Short tick labels: 12,500 -> "12.5k"; 0.25 -> "0.25".
  function formatTick(v, step) {
    if (Math.abs(v) >= 10000) return kFormat.format(v / 1000) + 'k';
    if (Number.isInteger(step)) return intFormat.format(v);
    const decimals = (String(Number(step.toFixed(6))).split('.')[1] || '').length;
    return v.toFixed(Math.min(3, decimals));
  }

  // ------------------------------------------------------------ socket

  function connect() {
    if (FAKE) {
      window.twinsimSent = [];
      setStatusText('fake mode (no server)', false);
      return;
    }
    const url = (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/ws';
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      onDisconnected();
      return;
    }
    state.socket = ws;
    ws.addEventListener('open', () => {
      state.connected = true;
      refreshStatus();
      updateButtons();
    });
    ws.addEventListener('message', (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        showError('The server sent something that is not JSON.');
        return;
      }
      handle(msg);
    });
    ws.addEventListener('close', onDisconnected);
  }

  function onDisconnected() {
    state.connected = false;
    state.disconnected = true;
    state.socket = null;
    refreshStatus();
    updateButtons();
  }

  // Sends one command; `params` is a plain object, encoded as a URL form.
  function send(params) {
    const body = new URLSearchParams(params).toString();
    if (FAKE) {
      window.twinsimSent.push(body);
      return true;
    }
    if (!state.socket || state.socket.readyState !== WebSocket.OPEN) return false;
    state.socket.send(body);
    return true;
  }

  // ------------------------------------------------------------ controls

  function selectedStrategy() {
    if (ui.strategyFast.checked) return 'fast_track';
    if (ui.strategyCluster.checked) return 'cluster_first';
    return '';
  }

  // Value of a range input, rounded to its step (avoids 0.30000000000000004).
  function sliderValue(input) {
    const step = STEPS[input.id] || 1;
    const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    return String(Number(Number(input.value).toFixed(decimals)));
  }

  function updateOutputs() {
    $('growth-value').textContent = formatGrowth(ui.growth.value);
    $('clients-value').textContent = intFormat.format(Number(ui.clients.value));
    $('support-value').textContent = formatSupport(ui.support.value);
    $('speed-value').textContent = ui.speed.value + ' months/s';
  }

  function setRange(input, range) {
    if (Array.isArray(range) && range.length === 2 && isNum(range[0]) && isNum(range[1])) {
      input.min = String(range[0]);
      input.max = String(range[1]);
    }
  }

  function applyLimits(limits) {
    for (const key of Object.keys(STEPS)) {
      ui[key].step = String(STEPS[key]);
      if (limits) setRange(ui[key], limits[key]);
    }
  }

  // Loads settings (from a scenario or a reset message) into the controls.
  function setControls(s) {
    if (!s) return;
    if (isNum(s.growth)) ui.growth.value = String(s.growth);
    if (isNum(s.clients)) ui.clients.value = String(s.clients);
    if (isNum(s.support)) ui.support.value = String(s.support);
    if (s.strategy === 'fast_track') ui.strategyFast.checked = true;
    if (s.strategy === 'cluster_first') ui.strategyCluster.checked = true;
    if (s.crisis !== undefined) ui.crisis.checked = s.crisis === true || s.crisis === 1 || s.crisis === '1';
    updateOutputs();
  }

  function findScenario(name) {
    return state.scenarios.find((s) => s && s.name === name) || null;
  }

  function showDescription(scenario) {
    const text = scenario && scenario.description ? String(scenario.description) : '';
    ui.description.textContent = text;
    ui.description.title = text;
  }

  function markDirty() {
    ui.reset.classList.add('dirty');
    ui.reset.textContent = 'Apply and reset';
  }

  function markClean() {
    ui.reset.classList.remove('dirty');
    ui.reset.textContent = 'Reset';
  }

  function sendReset() {
    const params = {
      cmd: 'reset',
      scenario: ui.scenario.value,
      growth: sliderValue(ui.growth),
      clients: sliderValue(ui.clients),
      support: sliderValue(ui.support),
      strategy: selectedStrategy(),
      crisis: ui.crisis.checked ? '1' : '0',
    };
    if (!params.strategy) delete params.strategy;
    if (state.seed !== null && state.seed !== undefined) params.seed = String(state.seed);
    send(params);
  }

  let speedTimer = 0;
  function onSpeedInput() {
    updateOutputs();
    state.speedTouchedAt = Date.now();
    // Send at most every 150 ms while dragging.
    clearTimeout(speedTimer);
    speedTimer = setTimeout(() => send({ cmd: 'speed', value: sliderValue(ui.speed) }), 150);
  }

  function updateButtons() {
    const off = !FAKE && !state.connected;
    ui.play.disabled = off || state.playing || state.finished;
    ui.pause.disabled = off || (state.knowsPlaying && !state.playing);
    ui.step.disabled = off || state.playing || state.finished;
    ui.reset.disabled = off;
  }

  function bindControls() {
    for (const input of [ui.growth, ui.clients, ui.support]) {
      input.addEventListener('input', () => { updateOutputs(); markDirty(); });
    }
    for (const input of [ui.strategyFast, ui.strategyCluster, ui.crisis]) {
      input.addEventListener('change', markDirty);
    }
    ui.scenario.addEventListener('change', () => {
      const sc = findScenario(ui.scenario.value);
      setControls(sc);
      showDescription(sc);
      markDirty();
    });
    ui.speed.addEventListener('input', onSpeedInput);
    ui.play.addEventListener('click', () => send({ cmd: 'play' }));
    ui.pause.addEventListener('click', () => send({ cmd: 'pause' }));
    ui.step.addEventListener('click', () => send({ cmd: 'step' }));
    ui.reset.addEventListener('click', sendReset);
    ui.errorClose.addEventListener('click', hideError);
  }

  // ------------------------------------------------------------ status, error

  function setStatusText(text, bad) {
    ui.status.textContent = text;
    ui.status.classList.toggle('bad', !!bad);
  }

  function refreshStatus() {
    if (FAKE && !state.knowsPlaying && !state.finished) return setStatusText('fake mode (no server)', false);
    if (state.disconnected) return setStatusText('disconnected - reload the page', true);
    if (state.finished) return setStatusText('finished', false);
    if (state.playing) return setStatusText('playing at ' + state.speed + ' months/s', false);
    if (state.knowsPlaying) return setStatusText('paused', false);
    setStatusText(state.connected ? 'connected' : 'connecting\u2026', false);
  }

  function showError(text) {
    ui.errorText.textContent = String(text);
    ui.error.hidden = false;
  }

  function hideError() {
    ui.error.hidden = true;
  }

  // ------------------------------------------------------------ numbers, captions

  function setMonthCounter() {
    ui.month.textContent = 'Month ' + state.month + ' of ' + state.months;
  }

  function setNumber(id, value) {
    $(id).textContent = formatJobs(value);
  }

  function setChange(id, now, start) {
    const c = formatChange(now, start);
    const el = $(id);
    el.textContent = c.text;
    el.classList.toggle('up', c.cls === 'up');
    el.classList.toggle('down', c.cls === 'down');
  }

  function clearNumbers() {
    for (const world of ['with', 'without']) {
      for (const group of ['clients', 'others']) {
        setNumber('jobs-' + group + '-' + world, null);
        setChange('change-' + group + '-' + world, null, null);
      }
    }
  }

  function updateNumbers(msg) {
    const b = state.baseline;
    for (const world of ['with', 'without']) {
      const w = msg[world] || {};
      setNumber('jobs-clients-' + world, w.jobs_clients);
      setNumber('jobs-others-' + world, w.jobs_others);
      setChange('change-clients-' + world, w.jobs_clients, b[world].jobs_clients);
      setChange('change-others-' + world, w.jobs_others, b[world].jobs_others);
    }
  }

  function renderCaptionHistory() {
    const items = state.captionHistory.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      li.title = text;
      return li;
    });
    ui.captions.replaceChildren(...items);
  }

  function pushCaption(text) {
    const previous = ui.caption.textContent;
    if (previous) {
      state.captionHistory.unshift(previous);
      state.captionHistory.length = Math.min(state.captionHistory.length, 5);
      renderCaptionHistory();
    }
    ui.caption.textContent = text;
  }

  function clearCaptions() {
    state.captionHistory = [];
    ui.caption.textContent = '';
    renderCaptionHistory();
  }

  // ------------------------------------------------------------ charts (SVG)

  function svgEl(name, attrs, parent) {
    const el = document.createElementNS(SVG_NS, name);
    for (const k in attrs) el.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(el);
    return el;
  }

  // A "nice" step (1, 2, 2.5 or 5 times a power of ten) for about `count` ticks.
  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / pow;
    const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return nice * pow;
  }

  // Month ticks: multiples of a year where possible.
  function monthStep(maxMonth, maxTicks) {
    for (const s of [1, 2, 3, 6, 12, 24, 36, 48, 60, 120, 240, 600, 1200]) {
      if (maxMonth / s <= maxTicks) return s;
    }
    return niceStep(maxMonth, maxTicks);
  }

  /**
   * One line chart in an <svg>. The DOM skeleton is built once; each render
   * only rewrites the `d` of the series paths, and the axes when the domain or
   * the size changed.
   *
   * opts.series: [{label, color, dashed}]
   * opts.unit:   y-axis unit shown above the axis
   * opts.refs:   [{y, label}] horizontal reference lines (always in the domain)
   * opts.clamp:  [lo, hi] the y-domain never goes beyond this (lines are clipped)
   */
  function createChart(svg, opts) {
    const chart = {
      svg,
      opts,
      xs: [],
      ys: opts.series.map(() => []),
      xMax: 1,
      domain: null,            // [lo, hi, step] for y
      extent: null,            // [lo, hi] of the data seen in this run
      drawnKey: '',            // what the axes were last drawn for
      margin: { top: 22, right: 12, bottom: 30, left: 44 },
    };
    const clipId = svg.id + '-clip';
    const defs = svgEl('defs', {}, svg);
    const clip = svgEl('clipPath', { id: clipId }, defs);
    chart.clipRect = svgEl('rect', {}, clip);
    chart.gGrid = svgEl('g', { class: 'grid' }, svg);
    chart.gRefs = svgEl('g', { class: 'refs' }, svg);
    chart.gAxes = svgEl('g', { class: 'axis' }, svg);
    chart.gTicks = svgEl('g', { class: 'tick' }, svg);
    const gSeries = svgEl('g', { 'clip-path': 'url(#' + clipId + ')' }, svg);
    chart.paths = opts.series.map((s) => svgEl('path', {
      class: 'series' + (s.dashed ? ' dashed' : ''), stroke: s.color, d: '',
    }, gSeries));
    chart.gLegend = svgEl('g', { class: 'legend' }, svg);
    chart.unitText = svgEl('text', { class: 'axis-label' }, svg);
    chart.unitText.textContent = opts.unit;
    chart.xText = svgEl('text', { class: 'axis-label', 'text-anchor': 'middle' }, svg);
    chart.xText.textContent = 'month';
    return chart;
  }

  function chartClear(chart, months) {
    chart.xs.length = 0;
    for (const y of chart.ys) y.length = 0;
    chart.xMax = Math.max(1, months || 1);
    chart.domain = null;
    chart.extent = null;
    chart.drawnKey = '';
    for (const p of chart.paths) p.setAttribute('d', '');
  }

  // Adds the values for month `x` (one per series; null = gap).
  function chartAdd(chart, x, values) {
    // A month we already have (or an earlier one) replaces the tail.
    while (chart.xs.length && chart.xs[chart.xs.length - 1] >= x) {
      chart.xs.pop();
      for (const y of chart.ys) y.pop();
    }
    chart.xs.push(x);
    chart.ys.forEach((y, i) => y.push(isNum(values[i]) ? values[i] : null));
    if (x > chart.xMax) chart.xMax = x;
  }

  // Y domain from the data; it only grows during a run so lines do not jump.
  function chartDomain(chart) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const ys of chart.ys) {
      for (const v of ys) {
        if (v === null) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    for (const r of chart.opts.refs || []) {
      lo = Math.min(lo, r.y);
      hi = Math.max(hi, r.y);
    }
    if (!isFinite(lo)) return chart.domain || [0, 1, 0.25];
    const clamp = chart.opts.clamp;
    if (clamp) {
      lo = Math.max(lo, clamp[0]);
      hi = Math.min(hi, clamp[1]);
    }
    // Grow-only on the raw extent (rounding the rounded domain again would
    // make it creep outwards frame after frame).
    if (chart.extent) {
      lo = Math.min(lo, chart.extent[0]);
      hi = Math.max(hi, chart.extent[1]);
    }
    chart.extent = [lo, hi];
    // A minimum span, so that small early changes do not fill the chart.
    const minSpan = Math.max(chart.opts.minSpan || 0,
      (chart.opts.minSpanFraction || 0) * Math.max(Math.abs(lo), Math.abs(hi)), 1e-6);
    if (hi - lo < minSpan) {
      const mid = (lo + hi) / 2;
      lo = mid - minSpan / 2;
      hi = mid + minSpan / 2;
    }
    const pad = (hi - lo) * 0.04;   // keep lines off the frame
    lo -= pad;
    hi += pad;
    if (chart.opts.nonNegative && lo < 0) {
      hi -= lo;
      lo = 0;
    }
    const step = niceStep(hi - lo, 4);
    lo = Math.floor(lo / step + 1e-9) * step;
    hi = Math.ceil(hi / step - 1e-9) * step;
    return [lo, hi, step];
  }

  function chartScales(chart) {
    const m = chart.margin;
    const w = chart.width;
    const h = chart.height;
    const [lo, hi] = chart.domain;
    const pw = Math.max(10, w - m.left - m.right);
    const ph = Math.max(10, h - m.top - m.bottom);
    return {
      x: (x) => m.left + (x / chart.xMax) * pw,
      y: (y) => m.top + (1 - (y - lo) / (hi - lo)) * ph,
      pw,
      ph,
    };
  }

  function chartDrawAxes(chart) {
    const m = chart.margin;
    // Legend top right, unit top left; if they would collide (narrow chart),
    // the unit goes on a second line.
    const legendLeft = drawLegend(chart);
    let unitWidth = chart.opts.unit.length * 7;
    try { unitWidth = chart.unitText.getComputedTextLength(); } catch (e) { /* keep estimate */ }
    // Font size from the stylesheet (bigger on big screens).
    const fs = parseFloat(getComputedStyle(chart.unitText).fontSize) || 12;
    const row = Math.round(fs * 1.2);
    const twoRows = legendLeft < unitWidth + 12;
    m.top = (twoRows ? 2 * row : row) + 8;
    m.bottom = 2 * row + 4;
    chart.unitText.setAttribute('x', 2);
    chart.unitText.setAttribute('y', twoRows ? 2 * row : row);

    const [lo, hi, step] = chart.domain;
    // Left margin: wide enough for the longest y tick label.
    const yTicks = [];
    for (let i = 0, v = lo; v <= hi + step * 1e-6; i++, v = lo + i * step) {
      yTicks.push({ v, label: formatTick(Math.abs(v) < step * 1e-6 ? 0 : v, step) });
    }
    m.left = Math.ceil(Math.max(fs * 2, maxTextWidth(chart.gTicks, yTicks.map((t) => t.label), fs)) + 10);

    const sc = chartScales(chart);
    const x0 = m.left;
    const x1 = m.left + sc.pw;
    const yTop = m.top;
    const yBot = m.top + sc.ph;

    chart.clipRect.setAttribute('x', x0);
    chart.clipRect.setAttribute('y', yTop - 2);
    chart.clipRect.setAttribute('width', sc.pw + 2);
    chart.clipRect.setAttribute('height', sc.ph + 4);

    chart.gGrid.replaceChildren();
    chart.gTicks.replaceChildren();
    chart.gAxes.replaceChildren();
    chart.gRefs.replaceChildren();

    // Y ticks and grid.
    for (const tick of yTicks) {
      const y = Math.round(sc.y(tick.v)) + 0.5;
      svgEl('line', { x1: x0, x2: x1, y1: y, y2: y }, chart.gGrid);
      svgEl('line', { x1: x0 - 4, x2: x0, y1: y, y2: y }, chart.gAxes);
      const t = svgEl('text', { x: x0 - 6, y: y + fs * 0.35, 'text-anchor': 'end' }, chart.gTicks);
      t.textContent = tick.label;
    }
    // X ticks (months).
    const xs = monthStep(chart.xMax, Math.max(2, Math.floor(sc.pw / (fs * 3.3))));
    for (let v = 0; v <= chart.xMax + 1e-9; v += xs) {
      const x = Math.round(sc.x(v)) + 0.5;
      svgEl('line', { x1: x, x2: x, y1: yBot, y2: yBot + 4 }, chart.gAxes);
      const t = svgEl('text', { x, y: yBot + row + 1, 'text-anchor': 'middle' }, chart.gTicks);
      t.textContent = String(v);
    }
    // Axis lines.
    svgEl('line', { x1: x0 + 0.5, x2: x0 + 0.5, y1: yTop, y2: yBot + 0.5 }, chart.gAxes);
    svgEl('line', { x1: x0, x2: x1, y1: yBot + 0.5, y2: yBot + 0.5 }, chart.gAxes);

    // Reference lines with their labels.
    for (const r of chart.opts.refs || []) {
      if (r.y < lo || r.y > hi) continue;
      const y = sc.y(r.y);
      svgEl('line', { class: 'ref-line', x1: x0, x2: x1, y1: y, y2: y }, chart.gRefs);
      if (r.label) placeRefLabel(chart.gRefs, r.label, x0 + 4, x1 - 2, y, r.below);
    }

    // "month" under the x axis.
    chart.xText.setAttribute('x', x0 + sc.pw / 2);
    chart.xText.setAttribute('y', chart.height - 2);
  }

  // Width of the widest of `labels` once rendered in `parent`.
  function maxTextWidth(parent, labels, fs) {
    const probe = svgEl('text', {}, parent);
    let widest = 0;
    for (const label of labels) {
      probe.textContent = label;
      let w = label.length * fs * 0.6;
      try { w = probe.getComputedTextLength() || w; } catch (e) { /* keep estimate */ }
      widest = Math.max(widest, w);
    }
    probe.remove();
    return widest;
  }

  // Label of a reference line; wrapped on two lines if it does not fit.
  function placeRefLabel(parent, label, xLeft, xRight, y, below) {
    const t = svgEl('text', { class: 'ref-label', x: xLeft, y: below ? y + 11 : y - 3 }, parent);
    const lh = (parseFloat(getComputedStyle(t).fontSize) || 11) + 1;
    if (below) t.setAttribute('y', y + lh);
    t.textContent = label;
    let width = 0;
    try { width = t.getComputedTextLength(); } catch (e) { width = 0; }
    if (width <= xRight - xLeft) return;
    // Split near the middle.
    const words = label.split(' ');
    const half = Math.ceil(words.length / 2);
    t.textContent = '';
    const lines = [words.slice(0, half).join(' '), words.slice(half).join(' ')];
    lines.forEach((line, i) => {
      const span = svgEl('tspan', { x: xLeft, dy: i === 0 ? (below ? 0 : -lh) : lh }, t);
      span.textContent = line;
    });
  }

  // Legend in the top margin, right-aligned: a line sample per series.
  // Returns the x where it starts.
  function drawLegend(chart) {
    chart.gLegend.replaceChildren();
    if (chart.opts.series.length < 2) return chart.width;
    let x = chart.width - 2;
    const fs = parseFloat(getComputedStyle(chart.unitText).fontSize) || 12;
    const y = Math.round(fs * 1.2) - fs * 0.35;
    for (let i = chart.opts.series.length - 1; i >= 0; i--) {
      const s = chart.opts.series[i];
      const t = svgEl('text', { x, y: y + fs * 0.35, 'text-anchor': 'end' }, chart.gLegend);
      t.textContent = s.label;
      let w = s.label.length * 6.5;
      try { w = t.getComputedTextLength(); } catch (e) { /* keep estimate */ }
      x -= w + 4;
      svgEl('line', {
        class: 'series' + (s.dashed ? ' dashed' : ''), stroke: s.color,
        x1: x - 20, x2: x, y1: y, y2: y, 'stroke-width': 2.5,
      }, chart.gLegend);
      x -= 30;
    }
    return x + 8;
  }

  // Path string for one series; null values start a new segment (a gap).
  function seriesPath(chart, ys, sc) {
    const parts = [];
    let run = 0;   // points in the current segment
    for (let i = 0; i < ys.length; i++) {
      const v = ys[i];
      if (v === null) {
        if (run === 1) parts.push('h0.01');   // a lone point: round cap makes a dot
        run = 0;
        continue;
      }
      parts.push((run ? 'L' : 'M') + sc.x(chart.xs[i]).toFixed(1) + ',' + sc.y(v).toFixed(1));
      run++;
    }
    if (run === 1) parts.push('h0.01');
    return parts.join('');
  }

  function chartRender(chart) {
    const w = chart.svg.clientWidth;
    const h = chart.svg.clientHeight;
    if (!w || !h) return;
    chart.width = w;
    chart.height = h;
    chart.domain = chartDomain(chart);
    const key = [w, h, chart.xMax].concat(chart.domain).join(',');
    if (key !== chart.drawnKey) {
      chartDrawAxes(chart);
      chart.drawnKey = key;
    }
    const sc = chartScales(chart);
    chart.paths.forEach((p, i) => p.setAttribute('d', seriesPath(chart, chart.ys[i], sc)));
  }

  const charts = {
    others: createChart($('chart-others'), {
      unit: 'jobs',
      nonNegative: true,
      minSpanFraction: 0.3,
      series: [
        { label: 'with project', color: COLOR.south },
        { label: 'without', color: COLOR.south, dashed: true },
      ],
    }),
    clients: createChart($('chart-clients'), {
      unit: 'jobs',
      nonNegative: true,
      minSpanFraction: 0.3,
      series: [
        { label: 'with project', color: COLOR.client },
        { label: 'without', color: COLOR.client, dashed: true },
      ],
    }),
    ratio: createChart($('chart-ratio'), {
      unit: 'ratio',
      clamp: [-2, 3],
      refs: [
        { y: 0, label: '0: none taken from others', below: true },
        { y: 1, label: '1: every job added is taken from others' },
      ],
      series: [{ label: 'ratio', color: COLOR.ink }],
    }),
    links: createChart($('chart-links'), {
      unit: 'links',
      nonNegative: true,
      minSpan: 5,
      series: [
        { label: 'with project', color: COLOR.cross },
        { label: 'without', color: COLOR.cross, dashed: true },
      ],
    }),
  };

  // ------------------------------------------------------------ network (canvas)

  // 32-bit FNV-1a hash of a string.
  function fnv1a(str) {
    let h = 0x811c9dc5;
    for (let i = 0; i < str.length; i++) {
      h ^= str.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  // Integer finaliser (from MurmurHash3) to get a second, independent number.
  function mix32(h) {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }

  // Place of a firm inside the unit disc, from its id only: the same firm is
  // at the same place in both worlds and in every month.
  const placeCache = new Map();
  function unitPlace(id) {
    const key = String(id);
    let p = placeCache.get(key);
    if (!p) {
      // FNV-1a alone varies little in its top bits for ids like "1000",
      // "1001": scramble it before use.
      const h0 = fnv1a(key);
      const h1 = mix32(h0);
      const h2 = mix32(h0 ^ 0x9e3779b9);
      const angle = (h1 / 4294967296) * 2 * Math.PI;
      const radius = Math.sqrt(h2 / 4294967296);   // uniform over the disc
      p = { x: Math.cos(angle) * radius, y: Math.sin(angle) * radius };
      placeCache.set(key, p);
    }
    return p;
  }

  // Fits the canvas backing store to its CSS size; returns the 2D context.
  function prepareCanvas(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    const bw = Math.max(1, Math.round(w * dpr));
    const bh = Math.max(1, Math.round(h * dpr));
    if (canvas.width !== bw || canvas.height !== bh) {
      canvas.width = bw;
      canvas.height = bh;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    return { ctx, w, h };
  }

  // Geometry of the two discs: south on the left half, north on the right.
  function discs(w, h) {
    const r = Math.max(10, Math.min(w / 4 - 12, h / 2 - 6));
    return {
      r,
      south: { x: w / 4, y: h / 2 },
      north: { x: (3 * w) / 4, y: h / 2 },
    };
  }

  function totalJobs(world, cluster) {
    let sum = 0;
    for (const n of (world && world.nodes) || []) {
      if (n[1] === cluster && isNum(n[3]) && n[3] > 0) sum += n[3];
    }
    return sum;
  }

  // Dot scale (radius per sqrt(job), relative to the disc radius), chosen at
  // the first network of a run so that dots fill about 30% of the fuller disc,
  // then kept fixed so growth and decline show as bigger or smaller dots.
  function ensureJobScale(msg) {
    if (state.jobScale) return;
    const most = Math.max(
      totalJobs(msg.with, 1), totalJobs(msg.with, 0),
      totalJobs(msg.without, 1), totalJobs(msg.without, 0));
    if (most > 0) state.jobScale = Math.sqrt(0.3 / most);
  }

  function drawDiscs(ctx, w, h, g) {
    ctx.lineWidth = 1;
    for (const c of [g.south, g.north]) {
      ctx.beginPath();
      ctx.arc(c.x, c.y, g.r, 0, 2 * Math.PI);
      ctx.fillStyle = '#f3f5f8';
      ctx.fill();
      ctx.strokeStyle = '#d3d7dd';
      ctx.stroke();
    }
    ctx.fillStyle = '#333';
    ctx.font = 'bold 14px "DejaVu Sans", Arial, sans-serif';
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText('South', 2, 2);
    ctx.textAlign = 'right';
    ctx.fillText('North', w - 2, 2);
  }

  function drawLinks(ctx, links, pos, kindFilter, style, width) {
    ctx.beginPath();
    for (const l of links) {
      if (!kindFilter(l[2])) continue;
      const a = pos.get(String(l[0]));
      const b = pos.get(String(l[1]));
      if (!a || !b) continue;   // nodes may be a sample: skip loose ends
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(b.x, b.y);
    }
    ctx.strokeStyle = style;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  function drawNetwork(canvas, world) {
    const { ctx, w, h } = prepareCanvas(canvas);
    const g = discs(w, h);
    drawDiscs(ctx, w, h, g);
    if (!world || !Array.isArray(world.nodes)) return;

    const scale = (state.jobScale || 0.02) * g.r;
    const maxDot = g.r * 0.22;
    const pos = new Map();
    const layers = [[], [], []];   // north, other south, clients: clients on top
    for (const n of world.nodes) {
      if (!Array.isArray(n) || n.length < 4) continue;
      const south = n[1] === 1;
      const centre = south ? g.south : g.north;
      const p = unitPlace(n[0]);
      const jobs = isNum(n[3]) ? Math.max(0, n[3]) : 0;
      const node = {
        x: centre.x + p.x * (g.r - 3),
        y: centre.y + p.y * (g.r - 3),
        r: Math.min(maxDot, Math.max(1.5, scale * Math.sqrt(jobs))),
        color: !south ? COLOR.north : n[2] === 1 ? COLOR.client : COLOR.south,
      };
      pos.set(String(n[0]), node);
      layers[!south ? 0 : n[2] === 1 ? 2 : 1].push(node);
    }

    const links = Array.isArray(world.links) ? world.links : [];
    drawLinks(ctx, links, pos, (k) => k === 4, COLOR.supply, 0.8);
    drawLinks(ctx, links, pos, (k) => k === 0, COLOR.coop, 1);

    ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.lineWidth = 0.8;
    for (const layer of layers) {
      for (const node of layer) {
        ctx.beginPath();
        ctx.arc(node.x, node.y, node.r, 0, 2 * Math.PI);
        ctx.fillStyle = node.color;
        ctx.fill();
        if (node.r > 2.5) ctx.stroke();
      }
    }
    // Cross-border links on top so they stay visible across the dots.
    drawLinks(ctx, links, pos, (k) => k >= 1 && k <= 3, COLOR.cross, 2.5);
  }

  function drawNetworks() {
    const net = state.network;
    drawNetwork(ui.netWith, net && net.with);
    drawNetwork(ui.netWithout, net && net.without);
  }

  // ------------------------------------------------------------ rendering

  // Several months may arrive within one frame: draw once per frame.
  let renderQueued = false;
  let networkDirty = false;
  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(renderNow);
  }

  function renderNow() {
    renderQueued = false;
    for (const c of Object.values(charts)) chartRender(c);
    if (networkDirty) {
      networkDirty = false;
      drawNetworks();
    }
  }

  // ------------------------------------------------------------ messages

  function onHello(msg) {
    state.scenarios = Array.isArray(msg.scenarios) ? msg.scenarios.filter((s) => s && s.name) : [];
    applyLimits(msg.limits);
    const options = state.scenarios.map((s) => {
      const o = document.createElement('option');
      o.value = String(s.name);
      o.textContent = String(s.name).replace(/_/g, ' ');
      return o;
    });
    ui.scenario.replaceChildren(...options);
    const first = state.scenarios[0];
    if (!first) {
      showError('The server offers no scenario.');
      return;
    }
    ui.scenario.value = String(first.name);
    setControls(first);
    showDescription(first);
    if (isNum(first.months)) {
      state.months = first.months;
      setMonthCounter();
    }
    sendReset();
  }

  // The download link: the HDF5 file `twinsim compare` writes for the settings of this run (the
  // server runs the comparison when the link is followed).
  function setDownload(settings) {
    const link = document.getElementById('download');
    if (!link) return;
    const q = new URLSearchParams();
    for (const key of ['scenario', 'growth', 'clients', 'support', 'strategy', 'seed']) {
      if (settings[key] !== undefined && settings[key] !== null) q.set(key, String(settings[key]));
    }
    if (settings.crisis !== undefined) q.set('crisis', settings.crisis ? '1' : '0');
    link.href = '/download?' + q.toString();
  }

  function onReset(msg) {
    const settings = msg.settings || {};
    if (msg.scenario !== undefined) {
      const name = String(msg.scenario);
      if (!findScenario(name)) {
        // Unknown to hello: still show it so the selector is truthful.
        const o = document.createElement('option');
        o.value = name;
        o.textContent = name.replace(/_/g, ' ');
        ui.scenario.appendChild(o);
      }
      ui.scenario.value = name;
      showDescription(findScenario(name));
    }
    setControls(settings);
    if (settings.seed !== undefined && settings.seed !== null) state.seed = settings.seed;
    setDownload(settings);
    state.months = isNum(msg.months) ? msg.months : state.months;
    state.month = 0;
    state.finished = false;
    state.baseline = null;
    state.network = null;
    state.jobScale = null;
    for (const c of Object.values(charts)) chartClear(c, state.months);
    clearCaptions();
    clearNumbers();
    hideError();
    markClean();
    setMonthCounter();
    refreshStatus();
    updateButtons();
    networkDirty = true;
    scheduleRender();
  }

  function onMonth(msg) {
    if (!isNum(msg.month)) return;
    const w = msg.with || {};
    const wo = msg.without || {};
    if (isNum(msg.months)) state.months = msg.months;
    state.month = msg.month;
    // Month 0 is the reference; if we joined late, the first month we see is.
    if (!state.baseline || msg.month === 0) {
      state.baseline = {
        with: { jobs_clients: w.jobs_clients, jobs_others: w.jobs_others },
        without: { jobs_clients: wo.jobs_clients, jobs_others: wo.jobs_others },
      };
    }
    if (state.month < state.months && state.finished) {
      state.finished = false;
      refreshStatus();
      updateButtons();
    }

    for (const c of Object.values(charts)) {
      if (c.xMax < state.months) c.xMax = state.months;
    }
    chartAdd(charts.others, msg.month, [w.jobs_others, wo.jobs_others]);
    chartAdd(charts.clients, msg.month, [w.jobs_clients, wo.jobs_clients]);
    chartAdd(charts.ratio, msg.month, [msg.displacement_ratio]);
    chartAdd(charts.links, msg.month, [w.links_cross_border, wo.links_cross_border]);

    updateNumbers(msg);
    setMonthCounter();
    if (typeof msg.caption === 'string' && msg.caption.trim() !== '') pushCaption(msg.caption);
    scheduleRender();
  }

  function onNetwork(msg) {
    ensureJobScale(msg);
    state.network = msg;
    networkDirty = true;
    scheduleRender();
  }

  function onState(msg) {
    state.knowsPlaying = true;
    state.playing = msg.playing === true;
    if (isNum(msg.speed)) {
      state.speed = msg.speed;
      // Do not fight the user while they drag the slider.
      if (Date.now() - state.speedTouchedAt > 1000) {
        ui.speed.value = String(msg.speed);
        updateOutputs();
      }
    }
    if (state.playing) state.finished = false;
    refreshStatus();
    updateButtons();
  }

  function onEnd(msg) {
    state.finished = true;
    state.playing = false;
    if (isNum(msg.month)) {
      state.month = msg.month;
      setMonthCounter();
    }
    refreshStatus();
    updateButtons();
  }

  function onError(msg) {
    showError(msg.message !== undefined ? msg.message : 'Unknown error from the server.');
  }

  const handlers = {
    hello: onHello,
    reset: onReset,
    month: onMonth,
    network: onNetwork,
    state: onState,
    end: onEnd,
    error: onError,
  };

  // Handles one message from the server (also the test hook).
  function handle(msg) {
    if (!msg || typeof msg !== 'object') return;
    const h = handlers[msg.type];
    if (h) h(msg);
  }

  // ------------------------------------------------------------ start

  function init() {
    applyLimits(null);
    updateOutputs();
    bindControls();
    updateButtons();
    setMonthCounter();
    window.addEventListener('resize', () => {
      for (const c of Object.values(charts)) c.drawnKey = '';
      networkDirty = true;
      scheduleRender();
    });
    networkDirty = true;
    scheduleRender();
    window.twinsimHandle = handle;
    connect();
  }

  init();
})();
