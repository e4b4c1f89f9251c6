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
  };
}

// The channel of a command, with the cipher of its optional cipherKey.
function channelOf(c) {
  const channels = realtimeClient().channels;
  return c.cipherKey ? channels.get(c.channel, { cipher: { key: c.cipherKey } }) : channels.get(c.channel);
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
        opts.key = key;
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

  // {channel, name?, data?, messageId?, extras?, cipherKey?}: with a messageId (the message's own id; "id"
  // is the command's) or extras, a Message object is published.
  async publish(c) {
    const ch = channelOf(c);
    if (c.messageId !== undefined || c.extras !== undefined) {
      const m = { name: c.name, data: decodeData(c.data) };
      if (c.messageId !== undefined) {
        m.id = c.messageId;
      }
      if (c.extras !== undefined) {
        m.extras = c.extras;
      }
      await ch.publish(m);
    } else {
      await ch.publish(c.name, decodeData(c.data));
    }
    return {};
  },

  async presenceSubscribe(c) {
    const ch = realtimeClient().channels.get(c.channel);
    await ch.presence.subscribe((p) => emit(presenceEvent(c.channel, p)));
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

  async presenceGet(c) {
    const ch = realtimeClient().channels.get(c.channel);
    const members = await ch.presence.get();
    return { members: members.map((p) => ({ clientId: p.clientId, connectionId: p.connectionId, data: encodeData(p.data) })) };
  },

  // History, all pages, oldest first: REST (the key-holding REST client) or, with realtime:true, the
  // realtime client's channel (RTL10).
  async history(c) {
    const ch = c.realtime ? realtimeClient().channels.get(c.channel) : keyRest.channels.get(c.channel);
    let page = await ch.history({ direction: 'forwards', limit: c.limit || 100 });
    const items = [];
    for (;;) {
      for (const m of page.items) {
        items.push(messageEvent(c.channel, m));
      }
      if (!page.hasNext()) {
        break;
      }
      page = await page.next();
    }
    return { items };
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
