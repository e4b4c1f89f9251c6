'use strict';
// A TLS terminator in front of the emulator, built on Node's `tls` module (OpenSSL): an independent TLS server
// stack for the tests of ably4j's TLS (TlsInteropTest). Uses only Node's standard library.
//
//   client ──TCP──► relay (net) ──TCP──► TLS server (tls, OpenSSL) ──TCP (plain)──► emulator
//
// The relay forwards bytes unchanged, or with "split" forwards what the TLS server sends to the client in pieces
// of 1 to 7 bytes (a fixed pseudo-random sequence), one piece per event-loop turn (TCP_NODELAY), so that TLS records reach the client split
// across many reads. It also lets a test reset the client's TCP connection (RST).
//
// Usage: node tls-terminator.js '<config json>'
//   config: {"backendPort": n, "cert": "<pem file>", "key": "<pem file>", "minVersion": "TLSv1.2",
//            "maxVersion": "TLSv1.3", "split": false}
//
// Protocol: one JSON command per line on stdin {"id":n,"cmd":"close","mode":"end"|"destroy"|"reset"},
// {"id":n,"cmd":"renegotiate"} (TLS 1.2: a server-initiated renegotiation of the one open connection, replied to
// once it completes) or {"cmd":"exit"}; stdout has one JSON object per line: replies {"id":n,"ok":true}, and events
//   {"event":"ready","port":<relay port>}
//   {"event":"secure","n":<1-based connection count>,"protocol":"TLSv1.3","reused":false,"servername":"localhost"}
//   {"event":"tlsError","message":"..."}    a handshake the server could not complete (e.g. the client's alert)
//   {"event":"closed","n":...}              a TLS connection ended
// close modes, applied to every open TLS connection:
//   end     close_notify, then FIN (socket.end())
//   destroy FIN without close_notify (socket.destroy())
//   reset   RST on the client's TCP connection (the relay's socket.resetAndDestroy())

const fs = require('node:fs');
const net = require('node:net');
const tls = require('node:tls');
const readline = require('node:readline');

const config = JSON.parse(process.argv[2]);

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

const secureSockets = new Set();
const relayClients = new Set();
let secureCount = 0;

const server = tls.createServer({
  key: fs.readFileSync(config.key),
  cert: fs.readFileSync(config.cert),
  minVersion: config.minVersion || 'TLSv1.2',
  maxVersion: config.maxVersion || 'TLSv1.3',
});

server.on('secureConnection', (socket) => {
  const n = ++secureCount;
  secureSockets.add(socket);
  emit({
    event: 'secure',
    n,
    protocol: socket.getProtocol(),
    reused: socket.isSessionReused(),
    servername: socket.servername || null,
  });
  const backend = net.connect({ host: '127.0.0.1', port: config.backendPort });
  backend.setNoDelay(true);
  socket.pipe(backend);
  backend.pipe(socket);
  backend.on('error', () => socket.destroy());
  socket.on('error', () => backend.destroy());
  socket.on('close', () => {
    secureSockets.delete(socket);
    backend.destroy();
    emit({ event: 'closed', n });
  });
});

server.on('tlsClientError', (err) => {
  emit({ event: 'tlsError', message: String(err && err.message) });
});

// Forwards `from` to `to`, in pieces of 1..7 bytes, one per event-loop turn, when `split`.
function forward(from, to, split) {
  if (!split) {
    from.pipe(to);
    return;
  }
  const queue = [];
  let seed = 1;
  let ended = false;
  let draining = false;
  function drain() {
    if (to.destroyed) {
      return;
    }
    if (queue.length === 0) {
      draining = false;
      from.resume();
      if (ended) {
        to.end();
      }
      return;
    }
    const head = queue[0];
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; // a fixed sequence of sizes: the same pieces every run
    const size = Math.min(head.length, 1 + ((seed >>> 16) % 7));
    to.write(head.subarray(0, size));
    if (size === head.length) {
      queue.shift();
    } else {
      queue[0] = head.subarray(size);
    }
    setImmediate(drain);
  }
  from.on('data', (chunk) => {
    queue.push(chunk);
    from.pause();
    if (!draining) {
      draining = true;
      setImmediate(drain);
    }
  });
  from.on('end', () => {
    ended = true;
    if (!draining) {
      to.end();
    }
  });
}

const relay = net.createServer((client) => {
  client.setNoDelay(true);
  relayClients.add(client);
  const upstream = net.connect({ host: '127.0.0.1', port: server.address().port });
  upstream.setNoDelay(true);
  forward(client, upstream, false);
  forward(upstream, client, !!config.split);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => {
    relayClients.delete(client);
    upstream.destroy();
  });
});

function close(mode) {
  if (mode === 'reset') {
    for (const c of relayClients) {
      c.resetAndDestroy();
    }
  } else {
    for (const s of secureSockets) {
      if (mode === 'end') {
        s.end();
      } else {
        s.destroy();
      }
    }
  }
}

server.listen(0, '127.0.0.1', () => {
  relay.listen(0, '127.0.0.1', () => emit({ event: 'ready', port: relay.address().port }));
});

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  const cmd = JSON.parse(line);
  if (cmd.cmd === 'exit') {
    process.exit(0);
  } else if (cmd.cmd === 'renegotiate') {
    const sockets = [...secureSockets];
    if (sockets.length !== 1) {
      emit({ id: cmd.id, ok: false, error: sockets.length + ' open TLS connections' });
      return;
    }
    sockets[0].renegotiate({}, (err) => {
      emit(err ? { id: cmd.id, ok: false, error: String(err.message) } : { id: cmd.id, ok: true });
    });
  } else if (cmd.cmd === 'close') {
    close(cmd.mode);
    emit({ id: cmd.id, ok: true });
  } else {
    emit({ id: cmd.id, ok: false, error: 'unknown command ' + cmd.cmd });
  }
});
rl.on('close', () => process.exit(0));
