'use strict';
// The tokenshare dashboard: weekly share by origin from /api/v1/series, alert markers from
// /api/v1/alerts, a week's leaderboards from /api/v1/weeks/{week}/top. No network beyond this app.
// The view (basis, selected week) lives in the URL hash, so it can be bookmarked and shared; the
// page polls /weeks and /alerts and redraws when either changes, without a reload.

const ORIGIN_COLORS = {
  CN: '#d92d20', US: '#1570ef', EU: '#7a5af8', OTHER: '#12b76a', UNATTRIBUTED: '#98a2b3', UNKNOWN: '#f79009'
};
const ORIGIN_NAMES = {
  CN: 'China', US: 'United States', EU: 'Europe', OTHER: 'Other', UNATTRIBUTED: 'Unattributed', UNKNOWN: 'Unknown origin'
};
const BASIS_TITLES = {all: 'Share of all tokens', attributed: 'Share of tokens of known origin'};
// One marker per alert kind, so that a crossover and a surge are told apart on the chart and in the legend.
const ALERT_KINDS = {
  CROSSOVER: {label: 'Alert: crossover', pointStyle: 'rectRot', color: '#fdb022'},
  THRESHOLD: {label: 'Alert: threshold', pointStyle: 'triangle', color: '#f04438'},
  TURNING_POINT: {label: 'Alert: peak or trough', pointStyle: 'rect', color: '#7a5af8'},
  SURGE: {label: 'Alert: surge', pointStyle: 'circle', color: '#12b76a'},
  NEW_LEADER: {label: 'Alert: new leader', pointStyle: 'star', color: '#1d2330'}
};
const DEFAULT_POLL_SECONDS = 5;

// The browser test reads the chart, the selected week and the update count from here.
const state = window.tokenshare = {basis: 'all', weeks: [], alerts: [], chart: null, selectedWeek: null, loading: false,
  signature: null, updates: 0, pollSeconds: DEFAULT_POLL_SECONDS, spendKnown: false, marked: {open: [], partial: []}};

class RetryLater extends Error {
  constructor(message, seconds) {
    super(message);
    this.seconds = seconds;
  }
}

async function getJson(url) {
  const response = await fetch(url, {headers: {Accept: 'application/json'}});
  const body = await response.json().catch(() => ({message: response.statusText}));
  if (response.status === 503) {
    throw new RetryLater(body.message, Number(response.headers.get('Retry-After') || 2));
  }
  if (!response.ok) {
    const error = new Error(body.message || ('HTTP ' + response.status));
    error.status = response.status;
    throw error;
  }
  return body;
}

function basisTitle(basis) {
  return BASIS_TITLES[basis] || ('Share of the week\'s top ' + basis.replace('top', '') + ' models\' tokens');
}

function formatTokens(tokens) {
  const units = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
  for (const [size, unit] of units) {
    if (tokens >= size) {
      return (tokens / size).toFixed(tokens / size >= 100 ? 0 : 2) + ' ' + unit;
    }
  }
  return String(tokens);
}

function formatShare(share) {
  return (share * 100).toFixed(1) + ' %';
}

function formatChange(points) {
  if (points === null || points === undefined) {
    return '<span class="status">new</span>';
  }
  const shown = Math.abs(points) < 0.05 ? '0.0' : (points > 0 ? '+' : '') + points.toFixed(1);
  const cls = points >= 0.05 ? 'up' : (points <= -0.05 ? 'down' : '');
  return '<span class="' + cls + '">' + shown + ' pt</span>';
}

function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;'}[c]));
}

const ORIGIN_TAGS = {UNATTRIBUTED: 'n/a', UNKNOWN: '?'};

function originTag(origin) {
  if (!origin) {
    return '';
  }
  const color = ORIGIN_COLORS[origin] || '#667085';
  return '<span class="origin-tag" style="background:' + color + '" title="' + escapeHtml(ORIGIN_NAMES[origin] || origin) + '">'
      + escapeHtml(ORIGIN_TAGS[origin] || origin) + '</span>';
}

function setStatus(text, isError) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.classList.toggle('error', Boolean(isError));
}

function describeServed(served) {
  const sources = served.sources.map(s => s.instance + (s.role === 'STANDBY' ? ' (standby)' : '')).join(', ');
  return 'served by ' + served.receivedBy + (served.forwarded ? ' via ' + sources : '');
}

async function loadSeries(origin) {
  try {
    const body = await getJson('/api/v1/series?dimension=origin&member=' + origin + '&basis=' + state.basis);
    return {origin, points: body.data.points};
  } catch (e) {
    if (e.status === 404) {
      return null; // no tokens of this origin on this basis
    }
    throw e;
  }
}

/**
 * What a poll compares: any change of a week's figures or of an alert redraws the page. Alerts are
 * compared as a set: those of one week may come back from the partitions in another order.
 */
function signatureOf(weeks, alerts) {
  return JSON.stringify([weeks.data, alerts.data.map(alert => JSON.stringify(alert)).sort()]);
}

async function refresh() {
  state.loading = true;
  try {
    const weeks = await getJson('/api/v1/weeks');
    state.weeks = weeks.data;
    const series = (await Promise.all(Object.keys(ORIGIN_COLORS).map(loadSeries))).filter(Boolean);
    const alerts = await getJson('/api/v1/alerts');
    state.signature = signatureOf(weeks, alerts);
    state.alerts = alerts.data.filter(a => a.dimension === 'ORIGIN' && a.basisLabel === state.basis && a.status !== 'RETRACTED');
    drawChart(series);
    showSpendNote(series);
    const finalWeeks = state.weeks.filter(w => w.final).length;
    const partialWeeks = state.weeks.filter(isPartial).length;
    setStatus(state.weeks.length + ' weeks (' + finalWeeks + ' final' + (partialWeeks ? ', ' + partialWeeks + ' partial' : '')
        + ') · updated ' + new Date().toLocaleTimeString() + ' · ' + describeServed(weeks.served));
    document.getElementById('served-by').textContent = 'instance ' + weeks.served.receivedBy;
    const week = weekOf(state.selectedWeek);
    if (week) {
      await selectWeek(week);
    }
    state.updates++;
  } catch (e) {
    if (e instanceof RetryLater) {
      setStatus('Stores are moving between instances; retrying in ' + e.seconds + ' s', true);
      setTimeout(refresh, e.seconds * 1000);
    } else {
      setStatus('Could not load the shares: ' + e.message, true);
    }
  } finally {
    state.loading = false;
  }
}

/**
 * Whether a week lacks days of data (its first or last week, a day missing at the source). Read from
 * the week's daysWithData (1 to 7) or partial flag when the API gives them; a week without either is
 * taken as whole.
 */
function isPartial(week) {
  return week.partial === true || (typeof week.daysWithData === 'number' && week.daysWithData < 7);
}

/** The weeks drawn apart from whole, final weeks: open ones (figures provisional) and partial ones. */
function markedWeeks() {
  return {
    open: state.weeks.filter(w => !w.final).map(w => w.week),
    partial: state.weeks.filter(isPartial).map(w => w.week)
  };
}

function drawChart(series) {
  const labels = state.weeks.map(w => w.week);
  state.marked = markedWeeks();
  const open = new Set(state.marked.open);
  const partial = new Set(state.marked.partial);
  const datasets = series.map(({origin, points}) => {
    const byWeek = new Map(points.map(p => [p.week, p.tokenShare * 100]));
    return {
      label: ORIGIN_NAMES[origin],
      origin,
      data: labels.map(week => byWeek.has(week) ? byWeek.get(week) : 0),
      borderColor: ORIGIN_COLORS[origin],
      backgroundColor: ORIGIN_COLORS[origin],
      borderWidth: origin === 'CN' || origin === 'US' ? 2.5 : 1.5,
      // Open and partial weeks get a hollow point: their figures are not a whole, final week's.
      pointRadius: labels.map(week => open.has(week) || partial.has(week) ? 3 : 0),
      pointBackgroundColor: '#ffffff',
      pointHoverRadius: 4,
      // Straight segments: a smoothed curve would draw shares between weeks that never occurred.
      tension: 0,
      segment: {borderDash: ctx => open.has(labels[ctx.p1DataIndex]) || partial.has(labels[ctx.p1DataIndex]) ? [6, 4] : undefined}
    };
  });
  datasets.push(...alertMarkers(labels, series));
  document.getElementById('chart-title').textContent = basisTitle(state.basis) + ', by origin';
  if (state.chart) {
    state.chart.data.labels = labels;
    state.chart.data.datasets = datasets;
    state.chart.update();
    return;
  }
  state.chart = new Chart(document.getElementById('share-chart'), {
    type: 'line',
    data: {labels, datasets},
    options: {
      maintainAspectRatio: false,
      animation: false,
      interaction: {mode: 'index', intersect: false},
      scales: {
        x: {ticks: {maxTicksLimit: 16, maxRotation: 0}, grid: {display: false}},
        y: {beginAtZero: true, title: {display: true, text: 'share of tokens (%)'}, ticks: {callback: v => v + ' %'}}
      },
      plugins: {
        legend: {
          position: 'top',
          labels: {usePointStyle: true, boxHeight: 6, filter: (item, data) => hasPoints(data.datasets[item.datasetIndex])}
        },
        tooltip: {
          callbacks: {
            title: items => 'Week of ' + items[0].label + weekNote(items[0].label),
            label: item => item.dataset.alerts ? alertLines(item.label, item.dataset.alertKind)
                : item.dataset.label + ': ' + item.parsed.y.toFixed(1) + ' %'
          }
        }
      },
      onClick: (event, elements, chart) => {
        const nearest = chart.getElementsAtEventForMode(event, 'index', {intersect: false}, false);
        if (nearest.length) {
          selectWeek(chart.data.labels[nearest[0].index]);
        }
      }
    },
    plugins: [markedWeekBands, selectedWeekLine]
  });
}

/** How a week's title says that it is open or partial. */
function weekNote(week) {
  const summary = state.weeks.find(w => w.week === week);
  if (!summary) {
    return '';
  }
  const notes = [];
  if (!summary.final) {
    notes.push('open: figures provisional');
  }
  if (isPartial(summary)) {
    notes.push('partial' + (typeof summary.daysWithData === 'number' ? ': ' + summary.daysWithData + ' of 7 days with data' : ''));
  }
  return notes.length ? ' (' + notes.join('; ') + ')' : '';
}

/** A light band behind each open or partial week, so that they stand out without hovering. */
const markedWeekBands = {
  id: 'markedWeekBands',
  beforeDatasetsDraw(chart) {
    const marked = state.marked || {open: [], partial: []};
    const labels = chart.data.labels;
    const step = labels.length > 1 ? chart.scales.x.getPixelForValue(1) - chart.scales.x.getPixelForValue(0) : 20;
    const {top, bottom} = chart.chartArea;
    const context = chart.ctx;
    context.save();
    for (const [weeks, color] of [[marked.partial, 'rgba(247, 144, 9, 0.12)'], [marked.open, 'rgba(102, 112, 133, 0.12)']]) {
      context.fillStyle = color;
      for (const week of weeks) {
        const index = labels.indexOf(week);
        if (index >= 0) {
          context.fillRect(chart.scales.x.getPixelForValue(index) - step / 2, top, step, bottom - top);
        }
      }
    }
    context.restore();
  }
};

/** The alert markers appear in the legend only when there are alerts to mark. */
function hasPoints(dataset) {
  return !dataset.alerts || dataset.data.some(value => value !== null);
}

/** A dashed vertical line at the week whose leaderboards are shown. */
const selectedWeekLine = {
  id: 'selectedWeekLine',
  afterDatasetsDraw(chart) {
    const index = chart.data.labels.indexOf(state.selectedWeek);
    if (index < 0) {
      return;
    }
    const x = chart.scales.x.getPixelForValue(index);
    const {top, bottom} = chart.chartArea;
    const context = chart.ctx;
    context.save();
    context.strokeStyle = 'rgba(29, 35, 48, 0.45)';
    context.setLineDash([4, 4]);
    context.beginPath();
    context.moveTo(x, top);
    context.lineTo(x, bottom);
    context.stroke();
    context.restore();
  }
};

/** One marker dataset per alert kind: a point per week with such an alert, on the line of its first member. */
function alertMarkers(labels, series) {
  const shareOf = new Map(series.map(({origin, points}) => [origin, new Map(points.map(p => [p.week, p.tokenShare * 100]))]));
  return Object.entries(ALERT_KINDS).map(([kind, look]) => {
    const byWeek = new Map();
    for (const alert of state.alerts.filter(a => a.kind === kind)) {
      const member = (alert.members || [])[0];
      const share = shareOf.get(member)?.get(alert.weekStart);
      if (share !== undefined && !byWeek.has(alert.weekStart)) {
        byWeek.set(alert.weekStart, share);
      }
    }
    return {
      label: look.label,
      alerts: true,
      alertKind: kind,
      data: labels.map(week => byWeek.has(week) ? byWeek.get(week) : null),
      showLine: false,
      pointStyle: look.pointStyle,
      pointRadius: 7,
      pointHoverRadius: 9,
      borderColor: '#1d2330',
      backgroundColor: look.color
    };
  });
}

function alertLines(week, kind) {
  return state.alerts.filter(a => a.weekStart === week && a.kind === kind).map(a => a.message);
}

/** Whether any token could be priced; if none, the page says why spend share is missing. */
function showSpendNote(series) {
  const covered = series.reduce((sum, {points}) => sum + points.reduce((s, p) => s + (p.spendCoveredTokens || 0), 0), 0);
  const tokens = series.reduce((sum, {points}) => sum + points.reduce((s, p) => s + p.tokens, 0), 0);
  state.spendKnown = covered > 0;
  const note = document.getElementById('spend-note');
  note.textContent = covered > 0
      ? 'Spend share covers ' + formatShare(covered / tokens) + ' of the tokens: those of priced models in events with an'
        + ' input/output split; the leaderboards show it per model and lab.'
      : 'No spend share: no token could be priced. Either no prices are loaded for these models (load them with'
        + ' tokenshare origins), or the events carry no input/output split (the shipped daily rankings have none).';
  note.dataset.spendKnown = String(covered > 0);
}

function formatSpendShare(entry) {
  if (entry.spendShare === null || entry.spendShare === undefined) {
    return '<span class="status" title="none of its tokens could be priced">–</span>';
  }
  return '<span title="covers ' + formatShare(entry.spendCoverage ?? 0) + ' of its tokens">' + formatShare(entry.spendShare)
      + (entry.spendCoverage !== null && entry.spendCoverage < 0.9995 ? '*' : '') + '</span>';
}

/** The Monday of a week named by its date or its ISO label (2026-W13), if the stores know it. */
function weekOf(name) {
  if (!name) {
    return null;
  }
  const summary = state.weeks.find(w => w.week === name || w.isoWeek === name.toUpperCase());
  return summary ? summary.week : null;
}

/** The view in the URL hash: #basis=attributed&week=2026-03-23. */
function writeLocation() {
  const params = new URLSearchParams();
  params.set('basis', state.basis);
  if (state.selectedWeek) {
    params.set('week', state.selectedWeek);
  }
  const hash = '#' + params.toString();
  if (location.hash !== hash) {
    history.replaceState(null, '', hash);
  }
}

function readLocation() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  return {basis: params.get('basis'), week: params.get('week')};
}

async function selectWeek(week) {
  state.selectedWeek = week;
  writeLocation();
  const basis = state.basis;
  const [models, labs] = await Promise.all([
    getJson('/api/v1/weeks/' + week + '/top?dimension=model&limit=10&basis=' + basis),
    getJson('/api/v1/weeks/' + week + '/top?dimension=lab&limit=10&basis=' + basis)
  ]);
  const summary = state.weeks.find(w => w.week === week);
  document.getElementById('week-title').textContent = 'Week of ' + week + (summary ? ' (' + summary.isoWeek + ')' : '');
  document.getElementById('week-meta').textContent = (summary ? formatTokens(summary.tokens) + ' tokens · '
      + (summary.final ? 'final' : 'provisional') + (isPartial(summary) ? ' · partial week' : '') + ' · ' : '')
      + describeServed(models.served);
  document.getElementById('week-title').dataset.partial = String(Boolean(summary && isPartial(summary)));
  document.getElementById('week-title').dataset.open = String(Boolean(summary && !summary.final));
  fillTable('top-models', models.data.entries, e => [
    e.rank, '<span title="' + escapeHtml(e.member) + '">' + escapeHtml(e.member) + '</span>', escapeHtml(e.lab), originTag(e.origin),
    formatTokens(e.tokens), formatShare(e.tokenShare), formatChange(e.shareWowPoints), formatSpendShare(e)]);
  fillTable('top-labs', labs.data.entries, e => [
    e.rank, escapeHtml(e.member), originTag(e.origin), formatTokens(e.tokens), formatShare(e.tokenShare), formatChange(e.shareWowPoints),
    formatSpendShare(e)]);
  const priced = models.data.entries.some(e => e.spendCoveredTokens > 0);
  document.getElementById('week-spend').textContent = priced
      ? 'Spend share: each member\'s share of the week\'s priced spend; * marks members whose spend covers only part of their'
        + ' tokens (hover for how much).'
      : 'No spend share for this week: none of its listed models\' tokens could be priced (no price loaded, or no'
        + ' input/output split in its events).';
  const alerts = state.alerts.filter(a => a.weekStart === week);
  document.getElementById('week-alerts').innerHTML = alerts.map(a => '<div class="alert" data-kind="' + escapeHtml(a.kind) + '">'
      + escapeHtml((ALERT_KINDS[a.kind]?.label || 'Alert') + ': ' + a.message) + '</div>').join('');
  const details = document.getElementById('week-details');
  details.hidden = false;
  details.dataset.week = week;
  state.chart.draw();
}

function fillTable(id, entries, cells) {
  const numericFrom = id === 'top-models' ? 4 : 3;
  document.querySelector('#' + id + ' tbody').innerHTML = entries.map(entry => '<tr>' + cells(entry).map((cell, i) =>
      '<td class="' + (i === 1 && id === 'top-models' ? 'model' : (i >= numericFrom ? 'num' : '')) + '">' + cell + '</td>').join('')
      + '</tr>').join('');
}

/** Polls the weeks and alerts; a change anywhere (a new week, a revision, an alert) redraws the page. */
async function poll() {
  try {
    if (!state.loading) {
      const [weeks, alerts] = await Promise.all([getJson('/api/v1/weeks'), getJson('/api/v1/alerts')]);
      if (signatureOf(weeks, alerts) !== state.signature && !state.loading) {
        await refresh();
      }
    }
  } catch (e) {
    // The next poll asks again; a refresh that fails says so in the status line.
  } finally {
    setTimeout(poll, state.pollSeconds * 1000);
  }
}

/** Applies the view the URL names, e.g. after a bookmark was opened or the hash edited by hand. */
async function applyLocation(bases) {
  const wanted = readLocation();
  const basis = bases.includes(wanted.basis) ? wanted.basis : state.basis;
  const basisChanged = basis !== state.basis;
  state.basis = basis;
  document.getElementById('basis').value = basis;
  state.selectedWeek = wanted.week || state.selectedWeek;
  if (basisChanged || state.chart === null) {
    await refresh();
  } else if (weekOf(state.selectedWeek)) {
    await selectWeek(weekOf(state.selectedWeek));
  }
  writeLocation();
}

async function init() {
  const select = document.getElementById('basis');
  const settings = await getJson('/dashboard/settings.json');
  for (const basis of settings.bases) {
    const option = document.createElement('option');
    option.value = basis;
    option.textContent = basisTitle(basis).replace('Share of ', '');
    select.appendChild(option);
  }
  select.value = state.basis;
  select.addEventListener('change', () => {
    state.basis = select.value;
    writeLocation();
    refresh();
  });
  window.addEventListener('hashchange', () => applyLocation(settings.bases));
  await applyLocation(settings.bases);
  setTimeout(poll, state.pollSeconds * 1000);
}

init().catch(e => setStatus('Could not start the dashboard: ' + e.message, true));
