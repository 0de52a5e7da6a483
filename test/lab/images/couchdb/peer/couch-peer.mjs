// A CouchDB-protocol server for the rocketctl lab: pouchdb-server's express-pouchdb (LevelDB storage,
// _changes, _users, _security, _session, replication) behind CouchDB's own configuration surface.
// Start contract: see /docker-entrypoint.sh. What CouchDB does that this adds on top of express-pouchdb:
// ini config files, an admin required to start, HTTPS on [ssl] port, `require_valid_user`, `GET /_up`,
// a CouchDB-shaped `GET /`, and CouchDB's answers where express-pouchdb differs: 403 (not 401) for a valid
// user that a database's _security refuses, and 401 (not a crash) for a non-admin creating a database.
// As CouchDB does, it writes what it changes at start into the LAST ini file of the chain (a plaintext admin
// hashed; a server uuid and a cookie secret generated when the chain has none), and keeps nothing of its
// identity elsewhere: a container made anew without a pinned uuid and secret gets new ones.
// Admins: plaintext, CouchDB 3.4's `-pbkdf2:<prf>-` form, or the older `-pbkdf2-`/`-hashed-` forms. A
// `-pbkdf2:<prf>-` admin logs in with Basic auth (what rocketctl uses); its cookie login (POST /_session) is not
// served by this peer.
import { randomBytes } from 'node:crypto';
import { createPrfAdmins, hashAdminPassword, isPlaintext } from './couch-admins.mjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isTrue, lastConfigFile, persistSetting, readCouchConfig, tlsVersionRange } from './couch-ini.mjs';

const fromServer = createRequire(createRequire(import.meta.url).resolve('pouchdb-server/package.json'));
const express = fromServer('express');
const expressPouchDB = fromServer('express-pouchdb');
const Auth = fromServer('pouchdb-auth');
const serverVersion = fromServer('./package.json').version;
const PouchDB = fromServer('pouchdb-core')
  .plugin(fromServer('pouchdb-adapter-http'))
  .plugin(fromServer('pouchdb-adapter-leveldb'))
  .plugin(fromServer('pouchdb-replication'))
  .plugin(fromServer('pouchdb-mapreduce'))
  .plugin(Auth);

const etcDir = process.env.COUCHDB_ETC ?? '/opt/couchdb/etc';
const dataDir = process.env.COUCHDB_DATA ?? '/opt/couchdb/data';

function fail(message) {
  console.error(`couchdb-peer: ${message}`);
  process.exit(1);
}

const ini = readCouchConfig(etcDir);
const section = (name) => ini[name] ?? {};
const runtimeFile = lastConfigFile(etcDir);
const admins = { ...section('admins') };
if (Object.keys(admins).length === 0) {
  fail(`no admin configured: CouchDB 3 does not run in "Admin Party". Add an [admins] entry to an ini file in ${etcDir}/local.d/.`);
}
// A plaintext admin is hashed once and the hash written back, into the last file of the chain.
for (const [name, value] of Object.entries(admins)) {
  if (!isPlaintext(value)) continue;
  admins[name] = hashAdminPassword(value);
  persistSetting(runtimeFile, 'admins', name, admins[name]);
}
// pouchdb-auth knows only the SHA-1 forms: each `-pbkdf2:<prf>-` admin is checked here, then stands in front of
// express-pouchdb as the same name with a password only this process knows.
const prfAdmins = createPrfAdmins(admins);
const innerPasswords = Object.fromEntries(prfAdmins.names.map((name) => [name, randomBytes(24).toString('hex')]));
const hashedAdmins = await Auth.hashAdminPasswords({ ...admins, ...innerPasswords });

const couchdbSection = { ...section('couchdb') };
if (!couchdbSection.uuid) {
  couchdbSection.uuid = randomBytes(16).toString('hex');
  persistSetting(runtimeFile, 'couchdb', 'uuid', couchdbSection.uuid);
}
const authSection = { ...section('couch_httpd_auth'), ...section('chttpd_auth') };
if (!authSection.secret) {
  authSection.secret = randomBytes(16).toString('hex');
  persistSetting(runtimeFile, 'chttpd_auth', 'secret', authSection.secret);
}
const secret = authSection.secret;

// express-pouchdb keeps its own JSON config (what /_config edits), rebuilt from the ini files on every start.
const configPath = path.join(dataDir, '.pouchdb-server-config.json');
const pouchConfig = {
  ...ini,
  admins: hashedAdmins,
  couch_httpd_auth: authSection,
  couchdb: couchdbSection,
  log: { level: section('log').level ?? 'info', file: '/dev/null' },
};
writeFileSync(configPath, `${JSON.stringify(pouchConfig, null, 2)}\n`, { mode: 0o600 });

const LocalPouchDB = PouchDB.defaults({ prefix: `${dataDir}${path.sep}` });
const pouchApp = expressPouchDB({ configPath, mode: 'fullCouchDB' });
pouchApp.setPouchDB(LocalPouchDB);
// CouchDB logs to the console. express-pouchdb's logger only writes to a file it opens by path, and after
// dropping root the container's stdout cannot be reopened as /dev/stdout (EACCES): hand it the stream.
pouchApp.couchLogger.setFile = () => undefined;
pouchApp.couchLogger._stream = { write: (line) => process.stdout.write(line), end: () => undefined };

// A second handle on _users answers "are these credentials valid?" for require_valid_user.
const usersDb = new LocalPouchDB(authSection.authentication_db ?? '_users');
await usersDb.useAsAuthenticationDB({ isOnlineAuthDB: false, admins: hashedAdmins, secret, timeout: Number(authSection.timeout ?? 600) });

const chttpd = section('chttpd');
const requireValidUser = isTrue(chttpd.require_valid_user) || isTrue(authSection.require_valid_user);
const exceptForUp = isTrue(chttpd.require_valid_user_except_for_up);

/** The request's user context ({ name, roles }) when its credentials are valid, else null. */
async function userOf(req) {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const [name, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    if (prfAdmins.has(name)) {
      if (!prfAdmins.verify(name, password)) return null;
      req.headers.authorization = `Basic ${Buffer.from(`${name}:${innerPasswords[name]}`).toString('base64')}`;
      return { name, roles: ['_admin'] };
    }
    return usersDb.multiUserLogIn(name, password).then(
      ({ name, roles }) => ({ name, roles }),
      () => null,
    );
  }
  const cookie = /(?:^|;\s*)AuthSession=([^;]+)/.exec(req.headers.cookie ?? '');
  if (cookie)
    return usersDb.multiUserSession(cookie[1]).then(
      (s) => (s.info?.authenticated ? s.userCtx : null),
      () => null,
    );
  return null;
}

const isServerAdmin = (user) => Boolean(user?.roles?.includes('_admin'));

// express-pouchdb never cancels a `feed=continuous` request's live changes when its client goes away; CouchDB ends
// the feed with the connection. Without this, each reconnect of a follower leaves one running, reading every
// document written from then on, for the life of the process. The database express-pouchdb hands the request
// (`req.db = db`) is seen through a view whose live feeds end with the response; nothing else of it changes.
function endLiveFeedsWith(req, res) {
  let db;
  Object.defineProperty(req, 'db', {
    configurable: true,
    get: () => db,
    set(value) {
      db = new Proxy(value, {
        get(target, property) {
          const member = Reflect.get(target, property, target);
          if (property !== 'changes') return typeof member === 'function' ? member.bind(target) : member;
          return (opts, callback) => {
            const feed = member.call(target, opts, callback);
            if (opts?.live) {
              if (res.destroyed) feed.cancel();
              else res.once('close', () => feed.cancel());
            }
            return feed;
          };
        },
      });
    },
  });
}

const app = express();
app.disable('x-powered-by');
app.use((req, res, next) => {
  if (req.path.endsWith('/_changes')) endLiveFeedsWith(req, res);
  next();
});
app.use((req, res, next) => {
  res.setHeader('Server', `CouchDB/3 (pouchdb-server ${serverVersion}; rocketctl lab)`);
  const exempt = (exceptForUp && req.path === '/_up') || (req.method === 'POST' && req.path === '/_session');
  userOf(req).then((user) => {
    if (requireValidUser && !exempt && !user) {
      return res.status(401).set('WWW-Authenticate', 'Basic realm="server"').json({ error: 'unauthorized', reason: 'Authentication required.' });
    }
    // express-pouchdb crashes (db.info is not a function) when a non-admin creates or deletes a database.
    if (/^\/[a-z][a-z0-9_$()+-]*\/?$/.test(req.path) && ['PUT', 'DELETE'].includes(req.method) && !isServerAdmin(user)) {
      return res.status(401).json({ error: 'unauthorized', reason: 'You are not a server admin.' });
    }
    if (user) answerForbiddenAs403(res);
    next();
  }, next);
});

// pouchdb-security answers 401 to everyone a database's _security refuses; CouchDB answers 403 to a valid
// user (couch_db:check_security: forbidden) and keeps 401 for anonymous requests.
function answerForbiddenAs403(res) {
  const send = res.send.bind(res);
  res.send = (body) => {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body ?? '');
    if (res.statusCode === 401 && text.includes('You are not authorized to access this db.')) {
      res.status(403);
      return send(Buffer.from(`${JSON.stringify({ error: 'forbidden', reason: 'You are not allowed to access this db.' })}\n`));
    }
    return send(body);
  };
}

app.get('/_up', (_req, res) => res.json({ status: 'ok', seeds: {} }));
app.get('/', (_req, res) =>
  res.json({
    couchdb: 'Welcome',
    version: serverVersion,
    uuid: pouchConfig.couchdb.uuid,
    features: [],
    vendor: { name: `CouchDB-protocol peer: pouchdb-server ${serverVersion} (rocketctl lab)` },
  }),
);
app.use(pouchApp);

const bindAddress = ['any', '0.0.0.0', '::'].includes(chttpd.bind_address ?? '') ? '0.0.0.0' : (chttpd.bind_address ?? '127.0.0.1');
const servers = [];
const listen = (server, port, scheme) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bindAddress, () => {
      console.log(`couchdb-peer: listening on ${scheme}://${bindAddress}:${port}`);
      resolve();
    });
  });

const httpServer = http.createServer(app);
servers.push(httpServer);
await listen(httpServer, Number(chttpd.port ?? 5984), 'http');

const ssl = section('ssl');
if (isTrue(ssl.enable)) {
  for (const key of ['cert_file', 'key_file']) {
    if (!ssl[key] || !existsSync(ssl[key])) fail(`[ssl] enable = true but ${key} (${ssl[key] ?? 'unset'}) is not a readable file`);
  }
  const verifyPeers = isTrue(ssl.verify_ssl_certificates);
  const httpsServer = https.createServer(
    {
      cert: readFileSync(ssl.cert_file),
      key: readFileSync(ssl.key_file),
      passphrase: ssl.password,
      ca: ssl.cacert_file ? readFileSync(ssl.cacert_file) : undefined,
      requestCert: verifyPeers,
      rejectUnauthorized: verifyPeers && isTrue(ssl.fail_if_no_peer_cert ?? 'false'),
      ...tlsVersionRange(ssl.tls_versions),
    },
    app,
  );
  servers.push(httpsServer);
  await listen(httpsServer, Number(ssl.port ?? 6984), 'https');
}

// PID 1 gets no default signal handling: stop on SIGTERM (docker stop) and SIGINT.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    console.log(`couchdb-peer: ${signal}, shutting down`);
    for (const server of servers) {
      server.close();
      server.closeAllConnections?.();
    }
    setTimeout(() => process.exit(0), 200).unref();
  });
}
