// The telemetry dashboard: plain browser JavaScript, no build step. Frames arrive on /ws; charts are uPlot
// (served by the worker from the uplot package). Actions come from /api/actions; their reactions arrive on /ws.
'use strict';

const WINDOW_POINTS = 600; // one minute at 10 Hz
const $ = (id) => document.getElementById(id);
const series = { ts: [], altitude: [], velocity: [], acceleration: [], engine: [], skin: [], avionics: [], pitch: [], yaw: [], fuel: [] };
let frames = 0;
let latest = null;
let redrawQueued = false;
const seenReactions = new Set();

const colors = ['#58a6ff', '#3fb950', '#d29922', '#f85149', '#bc8cff'];
const line = (label, i, scale) => ({ label, stroke: colors[i], width: 1.5, ...(scale ? { scale } : {}) });
const axis = (scale, side) => ({ stroke: '#8b949e', grid: { stroke: '#30363d', width: 1 }, ticks: { stroke: '#30363d' }, ...(scale ? { scale, side } : {}) });
const chartSpecs = [
  { id: 'chart-altitude', series: [line('altitude m', 0)], keys: ['altitude'] },
  { id: 'chart-motion', series: [line('velocity m/s', 1), line('acceleration m/s²', 2, 'acc')], keys: ['velocity', 'acceleration'], axes: [axis('acc', 1)] },
  { id: 'chart-temperatures', series: [line('engine °C', 3), line('skin °C', 2), line('avionics °C', 0)], keys: ['engine', 'skin', 'avionics'] },
  { id: 'chart-attitude', series: [line('pitch °', 4), line('yaw °', 0), line('fuel %', 1)], keys: ['pitch', 'yaw', 'fuel'] },
];
const charts = [];

function chartWidth(el) {
  return Math.max(280, el.clientWidth - 16);
}

function createCharts() {
  for (const spec of chartSpecs) {
    const el = $(spec.id);
    const options = {
      width: chartWidth(el),
      height: 220,
      scales: { x: { time: true } },
      series: [{}, ...spec.series],
      axes: [axis(), axis(), ...(spec.axes ?? [])],
      legend: { live: false },
      cursor: { show: false },
    };
    charts.push({ spec, el, plot: new uPlot(options, [[], ...spec.keys.map(() => [])], el) });
  }
  window.addEventListener('resize', () => charts.forEach((c) => c.plot.setSize({ width: chartWidth(c.el), height: 220 })));
}

function record(frame) {
  const values = {
    ts: frame.ts / 1000,
    altitude: frame.altitude_m,
    velocity: frame.velocity_mps,
    acceleration: frame.acceleration_mps2,
    engine: frame.temperatures.engine_c,
    skin: frame.temperatures.skin_c,
    avionics: frame.temperatures.avionics_c,
    pitch: frame.attitude.pitch_deg,
    yaw: frame.attitude.yaw_deg,
    fuel: frame.fuel_pct,
  };
  for (const [key, value] of Object.entries(values)) {
    series[key].push(value);
    if (series[key].length > WINDOW_POINTS) series[key].shift();
  }
  frames++;
  latest = frame;
  if (!redrawQueued) {
    redrawQueued = true;
    requestAnimationFrame(redraw);
  }
}

// At most one redraw per animation frame, however fast frames arrive.
function redraw() {
  redrawQueued = false;
  for (const { spec, plot } of charts) plot.setData([series.ts, ...spec.keys.map((k) => series[k])]);
  const f = latest;
  $('r-flight').textContent = String(f.flight);
  $('r-phase').textContent = f.phase;
  $('r-t').textContent = `T${f.t < 0 ? '−' : '+'}${Math.abs(f.t).toFixed(1)} s`;
  $('r-altitude').textContent = `${f.altitude_m.toFixed(0)} m`;
  $('r-velocity').textContent = `${f.velocity_mps.toFixed(1)} m/s`;
  $('r-acceleration').textContent = `${f.acceleration_mps2.toFixed(1)} m/s²`;
  $('r-fuel').textContent = `${f.fuel_pct.toFixed(0)} %`;
  $('r-frames').textContent = String(frames);
}

function showReaction(event) {
  if (seenReactions.has(event.event_id)) return;
  seenReactions.add(event.event_id);
  const item = document.createElement('li');
  item.className = `severity-${event.reaction.severity}`;
  item.dataset.reaction = event.reaction.name;
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = `#${event.reaction.id} ${event.reaction.name}`;
  const meta = document.createElement('span');
  meta.className = 'meta';
  const where = event.telemetry ? ` · ${event.telemetry.phase} at ${event.telemetry.altitude_m.toFixed(0)} m` : '';
  meta.textContent = `${new Date(event.ts).toLocaleTimeString()} · ${event.reaction.summary} · after ${event.action.name} (${event.source})${where}`;
  item.append(name, meta);
  $('reactions').prepend(item);
  $('reactions-total').textContent = String(seenReactions.size);
}

async function trigger(action, button) {
  button.disabled = true;
  try {
    const response = await fetch(action.trigger_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'dashboard' }),
    });
    const body = await response.json();
    if (response.ok) showReaction(body);
    else button.title = body.message;
  } finally {
    button.disabled = false;
  }
}

async function loadActions() {
  const response = await fetch('/api/actions');
  const { total, actions } = await response.json();
  $('actions-total').textContent = String(total);
  for (const action of actions) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.actionId = String(action.id);
    button.title = `${action.summary} → reaction ${action.reaction_endpoint}`;
    const id = document.createElement('span');
    id.className = 'id';
    id.textContent = String(action.id);
    button.append(id, action.name);
    button.addEventListener('click', () => trigger(action, button));
    const item = document.createElement('li');
    item.append(button);
    $('actions').append(item);
  }
}

function connect(delayMs = 500) {
  const status = $('connection');
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  socket.addEventListener('open', () => {
    delayMs = 500;
    status.dataset.state = 'live';
  });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (data.type === 'telemetry') record(data);
    else if (data.type === 'reaction') showReaction(data);
    else if (data.type === 'hello') status.textContent = `live · ${data.rate_hz} Hz`;
  });
  socket.addEventListener('close', () => {
    status.dataset.state = 'closed';
    status.textContent = 'disconnected: reconnecting…';
    setTimeout(() => connect(Math.min(delayMs * 2, 10_000)), delayMs);
  });
}

createCharts();
loadActions().catch((error) => ($('actions-total').textContent = `unavailable: ${error.message}`));
connect();
