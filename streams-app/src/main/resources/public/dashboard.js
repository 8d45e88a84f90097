'use strict';
// The tokenshare dashboard: weekly share by origin from /api/v1/series, alert markers from
// /api/v1/alerts, a week's leaderboards from /api/v1/weeks/{week}/top. No network beyond this app.

const ORIGIN_COLORS = {
  CN: '#d92d20', US: '#1570ef', EU: '#7a5af8', OTHER: '#12b76a', UNATTRIBUTED: '#98a2b3', UNKNOWN: '#f79009'
};
const ORIGIN_NAMES = {
  CN: 'China', US: 'United States', EU: 'Europe', OTHER: 'Other', UNATTRIBUTED: 'Unattributed', UNKNOWN: 'Unknown origin'
};
const BASIS_TITLES = {all: 'Share of all tokens', attributed: 'Share of tokens of known origin'};

// The browser test reads the chart and the selected week from here.
const state = window.tokenshare = {basis: 'all', weeks: [], alerts: [], chart: null, selectedWeek: null, loading: false};

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

async function refresh() {
  state.loading = true;
  try {
    const weeks = await getJson('/api/v1/weeks');
    state.weeks = weeks.data;
    const series = (await Promise.all(Object.keys(ORIGIN_COLORS).map(loadSeries))).filter(Boolean);
    const alerts = await getJson('/api/v1/alerts');
    state.alerts = alerts.data.filter(a => a.dimension === 'ORIGIN' && a.basisLabel === state.basis && a.status !== 'RETRACTED');
    drawChart(series);
    const finalWeeks = state.weeks.filter(w => w.final).length;
    setStatus(state.weeks.length + ' weeks (' + finalWeeks + ' final) · ' + describeServed(weeks.served));
    document.getElementById('served-by').textContent = 'instance ' + weeks.served.receivedBy;
    if (state.selectedWeek) {
      await selectWeek(state.selectedWeek);
    }
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

function drawChart(series) {
  const labels = state.weeks.map(w => w.week);
  const open = new Set(state.weeks.filter(w => !w.final).map(w => w.week));
  const datasets = series.map(({origin, points}) => {
    const byWeek = new Map(points.map(p => [p.week, p.tokenShare * 100]));
    return {
      label: ORIGIN_NAMES[origin],
      origin,
      data: labels.map(week => byWeek.has(week) ? byWeek.get(week) : 0),
      borderColor: ORIGIN_COLORS[origin],
      backgroundColor: ORIGIN_COLORS[origin],
      borderWidth: origin === 'CN' || origin === 'US' ? 2.5 : 1.5,
      pointRadius: 0,
      pointHoverRadius: 4,
      tension: 0.25,
      segment: {borderDash: ctx => open.has(labels[ctx.p1DataIndex]) ? [6, 4] : undefined}
    };
  });
  datasets.push(alertMarkers(labels, series));
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
            title: items => 'Week of ' + items[0].label,
            label: item => item.dataset.alerts ? alertLines(item.label) : item.dataset.label + ': ' + item.parsed.y.toFixed(1) + ' %'
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
    plugins: [selectedWeekLine]
  });
}

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

/** One triangle per week with alerts, on the line of the alert's first member. */
function alertMarkers(labels, series) {
  const shareOf = new Map(series.map(({origin, points}) => [origin, new Map(points.map(p => [p.week, p.tokenShare * 100]))]));
  const byWeek = new Map();
  for (const alert of state.alerts) {
    const member = (alert.members || [])[0];
    const share = shareOf.get(member)?.get(alert.weekStart);
    if (share !== undefined && !byWeek.has(alert.weekStart)) {
      byWeek.set(alert.weekStart, share);
    }
  }
  return {
    label: 'Alerts',
    alerts: true,
    data: labels.map(week => byWeek.has(week) ? byWeek.get(week) : null),
    showLine: false,
    pointStyle: 'triangle',
    pointRadius: 7,
    pointHoverRadius: 9,
    borderColor: '#1d2330',
    backgroundColor: '#fdb022'
  };
}

function alertLines(week) {
  return state.alerts.filter(a => a.weekStart === week).map(a => a.message);
}

async function selectWeek(week) {
  state.selectedWeek = week;
  const basis = state.basis;
  const [models, labs] = await Promise.all([
    getJson('/api/v1/weeks/' + week + '/top?dimension=model&limit=10&basis=' + basis),
    getJson('/api/v1/weeks/' + week + '/top?dimension=lab&limit=10&basis=' + basis)
  ]);
  const summary = state.weeks.find(w => w.week === week);
  document.getElementById('week-title').textContent = 'Week of ' + week + (summary ? ' (' + summary.isoWeek + ')' : '');
  document.getElementById('week-meta').textContent = (summary ? formatTokens(summary.tokens) + ' tokens · '
      + (summary.final ? 'final' : 'provisional') + ' · ' : '') + describeServed(models.served);
  fillTable('top-models', models.data.entries, e => [
    e.rank, '<span title="' + escapeHtml(e.member) + '">' + escapeHtml(e.member) + '</span>', escapeHtml(e.lab), originTag(e.origin),
    formatTokens(e.tokens), formatShare(e.tokenShare), formatChange(e.shareWowPoints)]);
  fillTable('top-labs', labs.data.entries, e => [
    e.rank, escapeHtml(e.member), originTag(e.origin), formatTokens(e.tokens), formatShare(e.tokenShare), formatChange(e.shareWowPoints)]);
  const alerts = state.alerts.filter(a => a.weekStart === week);
  document.getElementById('week-alerts').innerHTML = alerts.map(a => '<div class="alert">▲ ' + escapeHtml(a.message) + '</div>').join('');
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
    refresh();
  });
  await refresh();
}

init().catch(e => setStatus('Could not start the dashboard: ' + e.message, true));
