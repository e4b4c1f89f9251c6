// The ably4j emulator's web console. Reads /_console/state (a snapshot, polled and refreshed on events),
// /_console/events (server-sent events from the emulator's event log) and calls the admin API (/_admin/...)
// for faults. Every value from the emulator is inserted as text, never as HTML.
'use strict';

const ACTIONS = ['HEARTBEAT', 'ACK', 'NACK', 'CONNECT', 'CONNECTED', 'DISCONNECT', 'DISCONNECTED', 'CLOSE',
  'CLOSED', 'ERROR', 'ATTACH', 'ATTACHED', 'DETACH', 'DETACHED', 'PRESENCE', 'MESSAGE', 'SYNC', 'AUTH',
  'ACTIVATE', 'OBJECT', 'OBJECT_SYNC', 'ANNOTATION'];
const MAX_EVENTS = 300;
const suppressed = new Set(); // connection ids whose heartbeats this page suppressed
let paused = false;
let refreshTimer = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function status(text) {
  document.getElementById('last-action').textContent = text;
}

async function admin(method, path, body) {
  const res = await fetch(path, {
    method, headers: body ? {'Content-Type': 'application/json'} : {}, body: body ? JSON.stringify(body) : undefined
  });
  const text = await res.text();
  status((res.ok ? '' : 'failed: ') + method + ' ' + path + (res.ok ? '' : ' ' + text));
  scheduleRefresh(0);
  return res.ok;
}

function connectionRow(c) {
  const id = c.connectionId;
  const enc = encodeURIComponent(id);
  const hb = suppressed.has(id);
  return el('tr', {'data-connection-id': id},
    el('td', {}, el('code', {class: 'conn-id'}, id)),
    el('td', {}, c.clientId === undefined ? '—' : c.clientId),
    el('td', {class: c.state === 'connected' ? 'state-connected' : 'state-awaiting'}, c.state),
    el('td', {}, c.format),
    el('td', {}, c.channels.join(', ')),
    el('td', {},
      el('button', {type: 'button', class: 'drop', onclick: () =>
        admin('POST', '/_admin/connections/' + enc + '/drop?mode=' + document.getElementById('drop-mode').value)},
        'Drop'),
      el('button', {type: 'button', class: 'heartbeats', onclick: async () => {
        if (await admin('POST', '/_admin/connections/' + enc + '/suppress-heartbeats?on=' + !hb)) {
          if (hb) suppressed.delete(id); else suppressed.add(id);
        }
      }}, hb ? 'Resume heartbeats' : 'Suppress heartbeats'),
      el('button', {type: 'button', class: 'expire-token', onclick: () =>
        admin('POST', '/_admin/connections/' + enc + '/expire-token')}, 'Expire token')));
}

function channelRow(ch) {
  const members = ch.presence.map(m => m.clientId + ' (' + m.connectionId + ')' +
    (m.data === undefined ? '' : ': ' + m.data));
  return el('tr', {'data-channel': ch.name},
    el('td', {}, el('code', {}, ch.name)),
    el('td', {}, el('code', {}, ch.subscribers.join(', '))),
    el('td', {}, members.length ? members.join('\n') : '—'),
    el('td', {}, el('button', {type: 'button', class: 'detach', onclick: () =>
      admin('POST', '/_admin/channels/' + encodeURIComponent(ch.name) + '/detach',
        {code: 90000, statusCode: 500, message: 'Detached from the emulator console'})}, 'Detach')));
}

function render(state) {
  document.getElementById('server').textContent = 'emulator port ' + state.port;
  const ids = new Set(state.connections.map(c => c.connectionId));
  for (const id of [...suppressed]) if (!ids.has(id)) suppressed.delete(id);
  document.querySelector('#connections tbody').replaceChildren(...state.connections.map(connectionRow));
  document.querySelector('#channels tbody').replaceChildren(...state.channels.map(channelRow));
  document.getElementById('connection-count').textContent = String(state.connections.length);
  document.getElementById('channel-count').textContent = String(state.channels.length);
  document.getElementById('no-connections').hidden = state.connections.length > 0;
  document.getElementById('no-channels').hidden = state.channels.length > 0;
  document.body.dataset.rendered = String(Date.now());
}

async function refresh() {
  refreshTimer = null;
  try {
    const res = await fetch('/_console/state', {cache: 'no-store'});
    if (res.ok) render(await res.json());
  } catch (e) {
    status('emulator unreachable: ' + e);
  }
}

function scheduleRefresh(delay) {
  if (refreshTimer === null) refreshTimer = setTimeout(refresh, delay);
}

function shown(e) {
  const frame = e.action !== undefined;
  if (frame && e.action === 0 && !document.getElementById('show-heartbeats').checked) return false;
  if (document.getElementById('messages-only').checked) return frame && (e.action === 14 || e.action === 15);
  return true;
}

function addEvent(e) {
  if (e.type !== 'FRAME_IN' && e.type !== 'FRAME_OUT' && e.type !== 'HTTP') scheduleRefresh(100);
  else if ([4, 11, 13, 14, 16].includes(e.action)) scheduleRefresh(100);
  if (paused || !shown(e)) return;
  const time = new Date(e.timestamp).toISOString().substring(11, 23);
  const what = e.action === undefined ? e.type : e.type + ' ' + (ACTIONS[e.action] || e.action);
  const list = document.getElementById('events');
  list.append(el('li', {class: 't-' + e.type}, time + ' ' + what + (e.connectionId ? ' ' + e.connectionId : '') +
    (e.channel ? ' [' + e.channel + ']' : '') + ' ' + e.detail));
  while (list.childElementCount > MAX_EVENTS) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

function connectStream() {
  const streamStatus = document.getElementById('stream-status');
  const source = new EventSource('/_console/events');
  source.onopen = () => { streamStatus.textContent = 'stream: live'; streamStatus.className = 'status up'; };
  source.onerror = () => { streamStatus.textContent = 'stream: reconnecting'; streamStatus.className = 'status down'; };
  source.onmessage = m => addEvent(JSON.parse(m.data));
  let lost = 0;
  source.addEventListener('dropped', m => {
    lost += Number(m.data);
    document.getElementById('dropped').textContent = lost + ' events dropped (the page read too slowly)';
  });
}

document.getElementById('pause').addEventListener('click', ev => {
  paused = !paused;
  ev.target.textContent = paused ? 'Resume' : 'Pause';
});
document.getElementById('clear').addEventListener('click', () => document.getElementById('events').replaceChildren());
connectStream();
refresh();
setInterval(() => scheduleRefresh(0), 1000);
