'use strict';
// ably-js 2.28 peer driven by the interop JUnit tests.
//
// Usage: node peer.js <scenario>
// Environment: ABLY_EMULATOR_HOST (default localhost), ABLY_EMULATOR_PORT (required),
//   ABLY_EMULATOR_KEY (appId.keyId:secret, required), ABLY_FORMAT (json | msgpack, default msgpack),
//   ABLY_JS_LOG_LEVEL (ably-js log level, default 1 = errors; logs go to stderr).
//
// Protocol: one JSON object per line on stdin is a command {"id":n,"cmd":"...",...}; every stdout line
// is one JSON object: a reply {"id":n,"ok":true,...} / {"id":n,"ok":false,"error":{...}}, or an event
// {"event":"...",...} (connection state changes, received messages and presence events). The process
// exits 0 after the "exit" command or when stdin closes, and 1 on an internal failure.
//
// Message data on the wire of this protocol: {"t":"string","v":"..."}, {"t":"binary","v":"<base64>"},
// {"t":"json","v":<value>} or {"t":"none"}.
//
// Channel commands accept an optional "cipherKey" (base64 AES key): the channel is then obtained with the
// options {cipher: {key}} (AES-CBC with the key's length), so it encrypts what it publishes and decrypts
// what it receives.

const readline = require('node:readline');
const fs = require('node:fs');
const path = require('node:path');
const Ably = require('ably');

const scenario = process.argv[2] || 'unnamed';
const host = process.env.ABLY_EMULATOR_HOST || 'localhost';
const port = Number(process.env.ABLY_EMULATOR_PORT);
const key = process.env.ABLY_EMULATOR_KEY;
const binary = (process.env.ABLY_FORMAT || 'msgpack') === 'msgpack';
const logLevel = Number(process.env.ABLY_JS_LOG_LEVEL || '1');

if (!port || !key) {
  process.stderr.write('ABLY_EMULATOR_PORT and ABLY_EMULATOR_KEY must be set\n');
  process.exit(2);
}

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function errorOf(err) {
  if (!err) {
    return { message: 'unknown error' };
  }
  return {
    code: err.code === undefined ? null : err.code,
    statusCode: err.statusCode === undefined ? null : err.statusCode,
    message: String(err.message || err),
  };
}

function encodeData(data) {
  if (data === undefined || data === null) {
    return { t: 'none' };
  }
  if (typeof data === 'string') {
    return { t: 'string', v: data };
  }
  if (Buffer.isBuffer(data) || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    return { t: 'binary', v: Buffer.from(data).toString('base64') };
  }
  return { t: 'json', v: data };
}

function decodeData(d) {
  if (!d || d.t === 'none') {
    return undefined;
  }
  switch (d.t) {
    case 'string':
      return d.v;
    case 'binary':
      return Buffer.from(d.v, 'base64');
    case 'json':
      return d.v;
    default:
      throw new Error('unknown data type ' + d.t);
  }
}

function baseOptions() {
  return {
    endpoint: host,
    port,
    tls: false,
    useBinaryProtocol: binary,
    connectivityCheckUrl: `http://${host}:${port}/is-the-internet-up.txt`,
    logLevel,
    logHandler: (msg) => process.stderr.write(`[ably-js ${scenario}] ${msg}\n`),
  };
}

// The REST client that holds the key: it signs TokenRequests and requests tokens for the realtime
// client in the token-auth modes, and serves REST history.
const keyRest = new Ably.Rest({ ...baseOptions(), key });

let realtime = null;

function realtimeClient() {
  if (!realtime) {
    throw new Error('not connected; send "connect" first');
  }
  return realtime;
}

function messageEvent(channel, m) {
  return {
    event: 'message',
    channel,
    name: m.name === undefined ? null : m.name,
    data: encodeData(m.data),
    clientId: m.clientId === undefined ? null : m.clientId,
    connectionId: m.connectionId === undefined ? null : m.connectionId,
    id: m.id === undefined ? null : m.id,
    // what the SDK left of the encoding after decoding (null when fully decoded)
    encoding: m.encoding === undefined || m.encoding === null ? null : m.encoding,
    extras: m.extras === undefined || m.extras === null ? null : m.extras,
    serial: m.serial === undefined || m.serial === null ? null : m.serial,
    timestamp: m.timestamp === undefined || m.timestamp === null ? null : m.timestamp,
    // mutable messages: "message.create", "message.update", ... and the version (TM2s), null when absent
    action: m.action === undefined || m.action === null ? null : m.action,
    version: m.version === undefined || m.version === null ? null : m.version,
  };
}

function presenceEvent(channel, p) {
  return {
    event: 'presence',
    channel,
    action: p.action,
    clientId: p.clientId,
    connectionId: p.connectionId === undefined ? null : p.connectionId,
    data: encodeData(p.data),
    id: p.id === undefined || p.id === null ? null : p.id,
    timestamp: p.timestamp === undefined || p.timestamp === null ? null : p.timestamp,
    // what the SDK left of the encoding after decoding (null when fully decoded)
    encoding: p.encoding === undefined || p.encoding === null ? null : p.encoding,
  };
}

// The channel of a command, with the cipher of its optional cipherKey: the realtime client's, or with
// rest:true the key-holding REST client's. ably-js keeps a channel's options when get() is called without
// any, so plain:true resets them, for a channel that had a cipher to stop decrypting.
function channelOf(c) {
  const channels = c.rest ? keyRest.channels : realtimeClient().channels;
  if (c.delta) {
    // delta: attach with the channel param delta=vcdiff (needs a client connected with vcdiff: true)
    return channels.get(c.channel, { params: { delta: 'vcdiff' } });
  }
  if (c.cipherKey) {
    return channels.get(c.channel, { cipher: { key: c.cipherKey } });
  }
  return c.plain ? channels.get(c.channel, {}) : channels.get(c.channel);
}

// Every item of a paginated result, following next(); pages: the size of each page.
async function allPages(first, toEvent) {
  let page = first;
  const items = [];
  const pages = [];
  for (;;) {
    pages.push(page.items.length);
    for (const item of page.items) {
      items.push(toEvent(item));
    }
    if (!page.hasNext()) {
      return { items, pages };
    }
    page = await page.next();
  }
}

// A peer message {name?, data?, messageId?, clientId?, extras?} as an ably-js Message object.
function messageOf(m) {
  const msg = { name: m.name, data: decodeData(m.data) };
  if (m.messageId !== undefined) {
    msg.id = m.messageId;
  }
  if (m.clientId !== undefined) {
    msg.clientId = m.clientId;
  }
  if (m.extras !== undefined) {
    msg.extras = m.extras;
  }
  return msg;
}

const commands = {
  // {auth: "key" | "authCallback" | "token" | "givenTokenRequest" | "givenToken", clientId?, echo?,
  //  ttl? (ms, token modes), firstTtl?, tokenRequest? (givenTokenRequest), token? (givenToken)}
  async connect(c) {
    const opts = { ...baseOptions(), autoConnect: false };
    const tokenParams = {};
    if (c.clientId) {
      tokenParams.clientId = c.clientId;
    }
    if (c.ttl) {
      tokenParams.ttl = c.ttl;
    }
    let callbacks = 0;
    switch (c.auth || 'key') {
      case 'key':
        // key: another key than the peer's (e.g. one of an app provisioned with provisionApp)
        opts.key = c.key || key;
        if (c.clientId) {
          opts.clientId = c.clientId;
        }
        break;
      case 'authCallback':
        opts.authCallback = (params, callback) => {
          callbacks++;
          // firstTtl: a short-lived first token, to exercise expiry and renewal
          const thisParams = callbacks === 1 && c.firstTtl ? { ...tokenParams, ttl: c.firstTtl } : tokenParams;
          keyRest.auth
            .createTokenRequest(thisParams)
            .then((tr) => {
              emit({ event: 'authCallback', count: callbacks });
              callback(null, tr);
            })
            .catch((err) => callback(err, null));
        };
        break;
      case 'token':
        opts.tokenDetails = await keyRest.auth.requestToken(tokenParams);
        break;
      case 'givenTokenRequest':
        // tokenRequest: a TokenRequest made by another SDK; ably-js exchanges it with requestToken
        opts.authCallback = (params, callback) => {
          callbacks++;
          emit({ event: 'authCallback', count: callbacks });
          callback(null, c.tokenRequest);
        };
        break;
      case 'givenToken':
        // token: a token string (e.g. a JWT) made by another SDK
        opts.authCallback = (params, callback) => {
          callbacks++;
          emit({ event: 'authCallback', count: callbacks });
          callback(null, c.token);
        };
        break;
      default:
        throw new Error('unknown auth mode ' + c.auth);
    }
    if (c.echo === false) {
      opts.echoMessages = false;
    }
    if (c.vcdiff) {
      // vcdiff: the delta decoder plugin (PC3), for channels with delta=vcdiff
      opts.plugins = { vcdiff: require('@ably/vcdiff-decoder') };
    }
    realtime = new Ably.Realtime(opts);
    const conn = realtime.connection;
    conn.on((change) => {
      emit({
        event: 'connection',
        current: change.current,
        previous: change.previous,
        connectionId: conn.id === undefined ? null : conn.id,
        reason: change.reason ? errorOf(change.reason) : null,
      });
    });
    realtime.connect();
    await conn.once('connected');
    return { connectionId: conn.id, clientId: realtime.auth.clientId === undefined ? null : realtime.auth.clientId };
  },

  // {clientId?, ttl?, capability?}: a TokenRequest signed by ably-js with the key, as JSON, for another SDK
  async createTokenRequest(c) {
    const params = {};
    if (c.clientId) {
      params.clientId = c.clientId;
    }
    if (c.ttl) {
      params.ttl = c.ttl;
    }
    if (c.capability) {
      params.capability = c.capability;
    }
    const tr = await keyRest.auth.createTokenRequest(params);
    return { tokenRequest: JSON.parse(JSON.stringify(tr)) };
  },

  // {fixture?, spec?}: provisions an app with POST /apps, as the SDKs' own test suites do (testapp_manager.js):
  // the body is spec, or the post_apps object of the fixture file (ably-common's test-app-setup.json). Returns
  // the response status and body (appId, keys[], namespaces[], ...).
  async provisionApp(c) {
    const spec = c.spec !== undefined ? c.spec : JSON.parse(fs.readFileSync(c.fixture, 'utf8')).post_apps;
    const res = await fetch(`http://${host}:${port}/apps`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(spec),
    });
    const text = await res.text();
    if (res.status >= 300) {
      throw new Error(`POST /apps failed: ${res.status} ${text}`);
    }
    return { status: res.status, app: JSON.parse(text) };
  },

  // {appId, key}: DELETE /apps/{appId} with Basic auth of the key; returns the status.
  async deleteApp(c) {
    const res = await fetch(`http://${host}:${port}/apps/${encodeURIComponent(c.appId)}`, {
      method: 'DELETE',
      headers: { Authorization: 'Basic ' + Buffer.from(c.key, 'utf8').toString('base64') },
    });
    return { status: res.status };
  },

  async attach(c) {
    const ch = channelOf(c);
    await ch.attach();
    return { state: ch.state };
  },

  async channelState(c) {
    const ch = realtimeClient().channels.get(c.channel);
    return { state: ch.state, reason: ch.errorReason ? errorOf(ch.errorReason) : null };
  },

  async subscribe(c) {
    const ch = channelOf(c);
    await ch.subscribe((m) => emit(messageEvent(c.channel, m)));
    return { state: ch.state };
  },

  // {channel, name?, data?, messageId?, clientId?, extras?, cipherKey?, rest?}: with a messageId (the
  // message's own id; "id" is the command's), clientId or extras, a Message object is published. With
  // rest:true the key-holding REST client publishes.
  async publish(c) {
    const ch = channelOf(c);
    if (c.messageId !== undefined || c.clientId !== undefined || c.extras !== undefined) {
      await ch.publish(messageOf(c));
    } else {
      await ch.publish(c.name, decodeData(c.data));
    }
    return {};
  },

  // {channel, messages: [{name?, data?, messageId?, clientId?, extras?}], cipherKey?, rest?}: one publish
  // of all the messages (one request over REST, one protocol message over realtime).
  async publishMessages(c) {
    await channelOf(c).publish(c.messages.map(messageOf));
    return { published: c.messages.length };
  },

  // {channel, op: "update" | "delete" | "append", serial, name?, data?, description?, metadata?, rest?}: an
  // update, delete or append of the message with serial (RTL32 over realtime, RSL15 with rest:true).
  async editMessage(c) {
    const ch = channelOf(c);
    const message = { serial: c.serial };
    if (c.name !== undefined) {
      message.name = c.name;
    }
    if (c.data !== undefined) {
      message.data = decodeData(c.data);
    }
    const operation =
      c.description !== undefined || c.metadata !== undefined
        ? { description: c.description, metadata: c.metadata }
        : undefined;
    const fn = { update: 'updateMessage', delete: 'deleteMessage', append: 'appendMessage' }[c.op];
    if (!fn) {
      throw new Error('unknown edit ' + c.op);
    }
    const result = await ch[fn](message, operation);
    return { versionSerial: result && result.versionSerial ? result.versionSerial : null };
  },

  // {channel, serial, rest?}: the latest version of a message (RSL11 / RTL28), as a message event.
  async getMessage(c) {
    return { message: messageEvent(c.channel, await channelOf(c).getMessage(c.serial)) };
  },

  // {channel, serial, rest?}: every version of a message (RSL14 / RTL31), all pages.
  async getMessageVersions(c) {
    return allPages(await channelOf(c).getMessageVersions(c.serial), (m) => messageEvent(c.channel, m));
  },

  // {channel}: gets the channel with the modes PUBLISH, SUBSCRIBE, ANNOTATION_PUBLISH and ANNOTATION_SUBSCRIBE,
  // attaches it, and emits every annotation ("annotation" events) and every message ("message" events, with the
  // message action and, for a message.summary, its annotations.summary).
  async annotationsSubscribe(c) {
    const ch = realtimeClient().channels.get(c.channel, {
      modes: ['PUBLISH', 'SUBSCRIBE', 'ANNOTATION_PUBLISH', 'ANNOTATION_SUBSCRIBE'],
    });
    await ch.annotations.subscribe((a) =>
      emit({
        event: 'annotation',
        channel: c.channel,
        action: a.action,
        type: a.type,
        name: a.name === undefined ? null : a.name,
        clientId: a.clientId === undefined ? null : a.clientId,
        messageSerial: a.messageSerial === undefined ? null : a.messageSerial,
        serial: a.serial === undefined ? null : a.serial,
        data: encodeData(a.data),
      }),
    );
    await ch.subscribe((m) =>
      emit({
        ...messageEvent(c.channel, m),
        action: m.action === undefined ? null : m.action,
        summary: m.annotations && m.annotations.summary ? m.annotations.summary : null,
      }),
    );
    return { state: ch.state, modes: ch.modes === undefined ? null : ch.modes };
  },

  // {channel, messageSerial, type, name?, data?, delete?}: publishes (or deletes) an annotation of the message.
  async annotate(c) {
    const ch = realtimeClient().channels.get(c.channel);
    const annotation = { type: c.type };
    if (c.name !== undefined) {
      annotation.name = c.name;
    }
    if (c.data !== undefined) {
      annotation.data = decodeData(c.data);
    }
    if (c.delete) {
      await ch.annotations.delete(c.messageSerial, annotation);
    } else {
      await ch.annotations.publish(c.messageSerial, annotation);
    }
    return {};
  },

  async presenceSubscribe(c) {
    const ch = channelOf(c);
    await ch.presence.subscribe((p) => emit(presenceEvent(c.channel, p)));
    return {};
  },

  // {channel, action: "enter" | "update" | "leave", clientId, data?, cipherKey?}: one presence operation
  // on behalf of clientId (enterClient / updateClient / leaveClient), resolves when ACKed.
  async presenceClient(c) {
    const ch = channelOf(c);
    const data = decodeData(c.data);
    switch (c.action) {
      case 'enter':
        await ch.presence.enterClient(c.clientId, data);
        break;
      case 'update':
        await ch.presence.updateClient(c.clientId, data);
        break;
      case 'leave':
        await ch.presence.leaveClient(c.clientId, data);
        break;
      default:
        throw new Error('unknown presence action ' + c.action);
    }
    return {};
  },

  // {channel, clientIds: [...], data?}: enterClient for each (in parallel), resolves when all ACKed.
  async enterClients(c) {
    const ch = realtimeClient().channels.get(c.channel);
    await ch.attach();
    const data = decodeData(c.data);
    await Promise.all(c.clientIds.map((id) => ch.presence.enterClient(id, data)));
    return { entered: c.clientIds.length };
  },

  async leaveClients(c) {
    const ch = realtimeClient().channels.get(c.channel);
    await Promise.all(c.clientIds.map((id) => ch.presence.leaveClient(id)));
    return { left: c.clientIds.length };
  },

  // {channel, cipherKey?}: the realtime channel's members (RTP11), as presence events.
  async presenceGet(c) {
    const members = await channelOf(c).presence.get();
    return { members: members.map((p) => presenceEvent(c.channel, p)) };
  },

  // {channel, cipherKey?, limit?}: the REST presence (RSP3) of the key-holding REST client, all pages.
  async restPresenceGet(c) {
    const ch = channelOf({ ...c, rest: true });
    return allPages(await ch.presence.get({ limit: c.limit || 100 }), (p) => presenceEvent(c.channel, p));
  },

  // {channel, cipherKey?, limit?}: the REST presence history (RSP4), all pages, oldest first.
  async restPresenceHistory(c) {
    const ch = channelOf({ ...c, rest: true });
    const first = await ch.presence.history({ direction: 'forwards', limit: c.limit || 100 });
    return allPages(first, (p) => presenceEvent(c.channel, p));
  },

  // {channel, cipherKey?, plain?, limit?, realtime?}: history, all pages, oldest first: REST (the key-holding REST
  // client) or, with realtime:true, the realtime client's channel (RTL10). pages: the size of each page.
  async history(c) {
    const ch = channelOf({ ...c, rest: !c.realtime });
    const first = await ch.history({ direction: 'forwards', limit: c.limit || 100 });
    return allPages(first, (m) => messageEvent(c.channel, m));
  },

  async connectionId() {
    const conn = realtimeClient().connection;
    return { connectionId: conn.id === undefined ? null : conn.id, state: conn.state };
  },

  async close() {
    if (realtime) {
      const conn = realtime.connection;
      if (conn.state !== 'closed' && conn.state !== 'failed') {
        const closed = conn.once('closed');
        realtime.close();
        await closed;
      }
    }
    return {};
  },
};

function installedAblyVersion() {
  // package.json is not in ably's "exports", so read it from the file system.
  const file = path.join(__dirname, 'node_modules', 'ably', 'package.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

let exiting = false;

function exit(code) {
  if (exiting) {
    return;
  }
  exiting = true;
  const rt = realtime;
  if (!rt || ['closed', 'failed', 'initialized'].includes(rt.connection.state)) {
    process.exit(code);
  }
  // close the connection cleanly (CLOSE/CLOSED), but never wait long for it
  setTimeout(() => process.exit(code), 500);
  rt.connection.once('closed', () => process.exit(code));
  rt.connection.once('failed', () => process.exit(code));
  try {
    rt.close();
  } catch (e) {
    process.exit(code);
  }
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  let c;
  try {
    c = JSON.parse(line);
  } catch (e) {
    emit({ event: 'fatal', message: 'bad command line: ' + line });
    exit(1);
    return;
  }
  if (c.cmd === 'exit') {
    emit({ id: c.id, ok: true });
    exit(0);
    return;
  }
  const fn = commands[c.cmd];
  if (!fn) {
    emit({ id: c.id, ok: false, error: { message: 'unknown command ' + c.cmd } });
    return;
  }
  Promise.resolve()
    .then(() => fn(c))
    .then(
      (result) => emit({ id: c.id, ok: true, ...result }),
      (err) => emit({ id: c.id, ok: false, error: errorOf(err) }),
    );
});
rl.on('close', () => exit(0));
process.on('unhandledRejection', (err) => {
  emit({ event: 'fatal', message: 'unhandled rejection: ' + String((err && err.stack) || err) });
});

emit({ event: 'ready', scenario, ablyVersion: installedAblyVersion(), format: binary ? 'msgpack' : 'json' });
