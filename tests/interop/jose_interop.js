// SPDX-License-Identifier: Apache-2.0
'use strict';
// Interop between `ejwt` and panva's jose 4.x (Debian node-jose): tokens
// both ways, JWK and PEM keys both ways, RFC 7638 thumbprints, and the
// rejections ejwt must report by name. Usage: node jose_interop.js EJWT

const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const TITLE = 'interop.jose';
let jose;
for (const name of ['jose', '/usr/share/nodejs/jose']) {
  try { jose = require(name); break; } catch (e) { /* try the next */ }
}
if (!jose) {
  console.log(`FAIL ${TITLE}: node module 'jose' is missing; install Debian's node-jose ` +
              '(scripts/setup does)');
  console.log(`\n${TITLE}: 0/1 checks passed, 1 failed`);
  process.exit(1);
}

const EJWT = process.argv[2];
if (!EJWT) { console.error('usage: jose_interop.js PATH_TO_EJWT'); process.exit(2); }
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'ejwt-jose-'));
const NOW = Math.floor(Date.now() / 1000);
const ISS = 'https://jose.example', SUB = 'device-9', AUD = 'https://svc.example';
const CHECKS = ['--iss', ISS, '--aud', AUD, '--sub', SUB, '--require', 'iss,sub,aud,exp,nbf,iat',
                '--now', String(NOW)];
const ERROR_LINE = /^error: (EJWT_ERR_[A-Z0-9_]+): [^\n]+\n$/;

let passed = 0;
const failed = [];
function check(name, cond, detail) {
  if (cond) { passed++; console.log(`ok   ${name}`); } else {
    failed.push(name); console.log(`FAIL ${name}: ${detail || ''}`);
  }
  return cond;
}
function equal(name, got, want) {
  return check(name, JSON.stringify(got) === JSON.stringify(want),
               `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}
function file(name, data) {
  const p = path.join(DIR, name);
  fs.writeFileSync(p, data, { mode: 0o600 });
  return p;
}
function ejwt(args, input) {
  return spawnSync(EJWT, args.map(String), { input: input || '', timeout: 60000 });
}
function ejwtOk(name, args, input) {
  const r = ejwt(args, input);
  check(name, r.status === 0, `exit ${r.status}, stderr ${r.stderr}`);
  return r.status === 0 ? r.stdout.toString() : null;
}
function verified(name, args) {
  const out = ejwtOk(name, ['verify', ...args]);
  return out === null ? null : JSON.parse(out);
}
function expectReject(name, r, errName) {
  const err = r.stderr.toString();
  const m = ERROR_LINE.exec(err);
  check(name, r.status === 1 && m && m[1] === errName && r.stdout.length === 0,
        `want exit 1 + ${errName}; got exit ${r.status}, stdout ${r.stdout}, stderr ${err}`);
}
function claims(over) {
  return Object.assign({ iss: ISS, sub: SUB, aud: AUD, iat: NOW, nbf: NOW - 10,
                         exp: NOW + 600, role: 'sensor' }, over || {});
}
async function peerSign(key, alg, c, kid) {
  const header = { alg };
  if (kid) header.kid = kid;
  return new jose.SignJWT(c).setProtectedHeader(header).sign(key);
}
async function peerVerify(tok, key, alg) {
  const { payload, protectedHeader } = await jose.jwtVerify(tok, key, {
    issuer: ISS, audience: AUD, subject: SUB, algorithms: [alg],
    requiredClaims: ['exp', 'nbf', 'iat', 'jti'] });
  return { payload, protectedHeader };
}
function tamper(tok, change) {
  const [h, p, s] = tok.split('.');
  const c = JSON.parse(Buffer.from(p, 'base64url').toString());
  change(c);
  return [h, Buffer.from(JSON.stringify(c)).toString('base64url'), s].join('.');
}
function kidOf(text) { return text ? JSON.parse(text).kid : null; }

// --- jose signs, ejwt verifies ---------------------------------------------
async function peerTokensToEjwt() {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const pubJwk = Object.assign(await jose.exportJWK(publicKey), { kid: 'jo-es', alg: 'ES256' });
  const other = await jose.generateKeyPair('ES256', { extractable: true });
  const otherJwk = Object.assign(await jose.exportJWK(other.publicKey), { kid: 'jo-other' });
  const setFile = file('jo_set.json', JSON.stringify({ keys: [otherJwk, pubJwk] }));
  const pemFile = file('jo_pub.pem', await jose.exportSPKI(publicKey));
  const c = claims();
  const tok = await peerSign(privateKey, 'ES256', c, 'jo-es');
  equal('jose ES256 -> ejwt --jwk set: claims',
        verified('jose ES256 -> ejwt verify --jwk set', ['--jwk', setFile, ...CHECKS, tok]), c);
  equal('jose ES256 -> ejwt --pem SPKI: claims',
        verified('jose ES256 -> ejwt verify --pem', ['--pem', pemFile, ...CHECKS, tok]), c);
  const out = ejwtOk('jose ES256 -> ejwt verify via stdin "-"',
                     ['verify', '--jwk', setFile, ...CHECKS, '-'], tok + '\r\n');
  equal('jose ES256 -> ejwt via stdin: claims', out && JSON.parse(out), c);

  const secret = crypto.randomBytes(32);
  const sFile = file('jo_secret.bin', secret);
  const octFile = file('jo_oct.jwk', JSON.stringify({ kty: 'oct', k: secret.toString('base64url'),
                                                       kid: 'jo-hs', alg: 'HS256' }));
  const htok = await peerSign(new Uint8Array(secret), 'HS256', c, 'jo-hs');
  equal('jose HS256 -> ejwt --secret: claims',
        verified('jose HS256 -> ejwt verify --secret', ['--secret', sFile, ...CHECKS, htok]), c);
  equal('jose HS256 -> ejwt --jwk oct: claims',
        verified('jose HS256 -> ejwt verify --jwk oct', ['--jwk', octFile, ...CHECKS, htok]), c);

  const expired = await peerSign(privateKey, 'ES256',
                                 claims({ iat: NOW - 900, nbf: NOW - 900, exp: NOW - 300 }),
                                 'jo-es');
  expectReject('jose expired -> EJWT_ERR_EXPIRED',
               ejwt(['verify', '--jwk', setFile, ...CHECKS, expired]), 'EJWT_ERR_EXPIRED');
  expectReject('jose token, wrong --aud -> EJWT_ERR_AUD_MISMATCH',
               ejwt(['verify', '--jwk', setFile, '--aud', 'https://evil.example',
                     '--now', NOW, tok]), 'EJWT_ERR_AUD_MISMATCH');
  expectReject('jose HS256, --alg ES256 -> EJWT_ERR_ALG_NOT_ALLOWED',
               ejwt(['verify', '--secret', sFile, '--alg', 'ES256', ...CHECKS, htok]),
               'EJWT_ERR_ALG_NOT_ALLOWED');
  expectReject('jose HS256 against an EC PEM -> EJWT_ERR_ALG_NOT_ALLOWED',
               ejwt(['verify', '--pem', pemFile, ...CHECKS, htok]), 'EJWT_ERR_ALG_NOT_ALLOWED');
  expectReject('jose tampered -> EJWT_ERR_SIGNATURE_INVALID',
               ejwt(['verify', '--jwk', setFile, ...CHECKS,
                     tamper(tok, (x) => { x.role = 'admin'; })]),
               'EJWT_ERR_SIGNATURE_INVALID');
  expectReject('jose nbf in the future -> EJWT_ERR_NOT_YET_VALID',
               ejwt(['verify', '--jwk', setFile, ...CHECKS,
                     await peerSign(privateKey, 'ES256', claims({ nbf: NOW + 100 }), 'jo-es')]),
               'EJWT_ERR_NOT_YET_VALID');
}

// --- ejwt signs, jose verifies ---------------------------------------------
function ejwtSign(name, args) {
  const out = ejwtOk(name, ['sign', '--claims',
    JSON.stringify({ iss: ISS, sub: SUB, aud: AUD, role: 'sensor' }),
    '--iat', '--nbf-in', '-10', '--exp-in', '600', '--jti', '--now', NOW, ...args]);
  return out ? out.trim() : null;
}
function checkClaims(name, payload) {
  const p = Object.assign({}, payload);
  const jti = p.jti;
  delete p.jti;
  equal(name + ': claims', p, { iss: ISS, sub: SUB, aud: AUD, role: 'sensor', iat: NOW,
                                nbf: NOW - 10, exp: NOW + 600 });
  check(name + ': jti', typeof jti === 'string' && /^[A-Za-z0-9_-]{22}$/.test(jti), jti);
}
async function ejwtTokensToPeer() {
  ejwtOk('ejwt keygen ES256 jwk', ['keygen', '--alg', 'ES256', '--out', path.join(DIR, 'e.jwk')]);
  const tok = ejwtSign('ejwt sign ES256', ['--alg', 'ES256', '--jwk', path.join(DIR, 'e.jwk')]);
  const pubText = ejwtOk('ejwt pubkey jwk', ['pubkey', '--jwk', path.join(DIR, 'e.jwk')]);
  const pub = await jose.importJWK(JSON.parse(pubText), 'ES256');
  const r = await peerVerify(tok, pub, 'ES256');
  checkClaims('ejwt ES256 -> jose (public JWK)', r.payload);
  equal('ejwt ES256 header', r.protectedHeader,
        { alg: 'ES256', typ: 'JWT', kid: JSON.parse(pubText).kid });
  const pemText = ejwtOk('ejwt pubkey pem',
                         ['pubkey', '--jwk', path.join(DIR, 'e.jwk'), '--format', 'pem']);
  checkClaims('ejwt ES256 -> jose (SPKI PEM)',
              (await peerVerify(tok, await jose.importSPKI(pemText, 'ES256'), 'ES256')).payload);

  ejwtOk('ejwt keygen HS256 raw', ['keygen', '--alg', 'HS256', '--format', 'raw',
                                   '--out', path.join(DIR, 'h.raw')]);
  const htok = ejwtSign('ejwt sign HS256', ['--alg', 'HS256', '--secret', path.join(DIR, 'h.raw')]);
  checkClaims('ejwt HS256 -> jose',
              (await peerVerify(htok, new Uint8Array(fs.readFileSync(path.join(DIR, 'h.raw'))),
                                'HS256')).payload);
  try {
    await peerVerify(tamper(tok, (x) => { x.sub = 'other'; }), pub, 'ES256');
    check('jose refuses tampered ejwt token', false, 'accepted');
  } catch (e) {
    check('jose refuses tampered ejwt token', e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
          e.code);
  }
}

// --- thumbprints ------------------------------------------------------------
async function thumbprints() {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const want = await jose.calculateJwkThumbprint(await jose.exportJWK(publicKey));
  const jf = file('jo_priv.jwk', JSON.stringify(await jose.exportJWK(privateKey)));
  equal('thumbprint: ejwt pubkey --jwk (jose private JWK) = jose',
        kidOf(ejwtOk('pubkey jose JWK', ['pubkey', '--jwk', jf])), want);
  const pf = file('jo_priv.pem', await jose.exportPKCS8(privateKey));
  equal('thumbprint: ejwt pubkey --pem (jose PKCS#8) = jose',
        kidOf(ejwtOk('pubkey jose PKCS#8', ['pubkey', '--pem', pf])), want);
  const sf = file('jo_pub.pem', await jose.exportSPKI(publicKey));
  equal('thumbprint: ejwt pubkey --pem (jose SPKI) = jose',
        kidOf(ejwtOk('pubkey jose SPKI', ['pubkey', '--pem', sf])), want);

  ejwtOk('ejwt keygen for thumbprint', ['keygen', '--alg', 'ES256', '--out',
                                        path.join(DIR, 't.jwk')]);
  const mine = JSON.parse(fs.readFileSync(path.join(DIR, 't.jwk')));
  equal('thumbprint: ejwt keygen kid = jose', mine.kid, await jose.calculateJwkThumbprint(mine));
  const out = ejwtOk('pubkey of ejwt key', ['pubkey', '--jwk', path.join(DIR, 't.jwk')]);
  equal('thumbprint: ejwt pubkey kid = jose', kidOf(out),
        await jose.calculateJwkThumbprint(JSON.parse(out)));
}

// --- keys made by one side, used by the other -------------------------------
async function keysBothWays() {
  const c = claims();
  ejwtOk('ejwt keygen pem', ['keygen', '--alg', 'ES256', '--format', 'pem',
                             '--out', path.join(DIR, 'k.pem')]);
  const kp = await jose.importPKCS8(fs.readFileSync(path.join(DIR, 'k.pem'), 'utf8'), 'ES256');
  equal('ejwt PEM key -> jose importPKCS8 signs -> ejwt verifies',
        verified('verify jose token (ejwt PEM key)',
                 ['--pem', path.join(DIR, 'k.pem'), ...CHECKS, await peerSign(kp, 'ES256', c)]),
        c);
  ejwtOk('ejwt keygen jwk', ['keygen', '--alg', 'ES256', '--out', path.join(DIR, 'k.jwk')]);
  const kjwk = JSON.parse(fs.readFileSync(path.join(DIR, 'k.jwk')));
  const kj = await jose.importJWK(kjwk, 'ES256');
  equal('ejwt JWK key -> jose importJWK signs -> ejwt verifies',
        verified('verify jose token (ejwt JWK key)',
                 ['--jwk', path.join(DIR, 'k.jwk'), ...CHECKS,
                  await peerSign(kj, 'ES256', c, kjwk.kid)]), c);
  ejwtOk('ejwt keygen oct jwk', ['keygen', '--alg', 'HS256', '--out', path.join(DIR, 'o.jwk')]);
  const ko = await jose.importJWK(JSON.parse(fs.readFileSync(path.join(DIR, 'o.jwk'))), 'HS256');
  equal('ejwt oct JWK -> jose signs -> ejwt verifies',
        verified('verify jose token (ejwt oct JWK)',
                 ['--jwk', path.join(DIR, 'o.jwk'), ...CHECKS, await peerSign(ko, 'HS256', c)]),
        c);

  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const jf = file('jo_sign.jwk', JSON.stringify(await jose.exportJWK(privateKey)));
  const pf = file('jo_sign.pem', await jose.exportPKCS8(privateKey));
  checkClaims('jose JWK -> ejwt signs -> jose verifies', (await peerVerify(
    ejwtSign('ejwt sign with jose JWK', ['--alg', 'ES256', '--jwk', jf]), publicKey,
    'ES256')).payload);
  checkClaims('jose PKCS#8 -> ejwt signs -> jose verifies', (await peerVerify(
    ejwtSign('ejwt sign with jose PKCS#8', ['--alg', 'ES256', '--pem', pf]), publicKey,
    'ES256')).payload);
  const sec = await jose.generateSecret('HS256', { extractable: true });
  const of = file('jo_sec.jwk', JSON.stringify(await jose.exportJWK(sec)));
  checkClaims('jose oct JWK -> ejwt signs -> jose verifies', (await peerVerify(
    ejwtSign('ejwt sign with jose oct JWK', ['--alg', 'HS256', '--jwk', of]), sec,
    'HS256')).payload);
}

// --- every algorithm, both ways -------------------------------------------
// Kept in step with ALGS and run_matrix of interop_common.py (the Python
// peers' half): ejwt's keys from ejwt keygen, one RSA key per run on each
// side (RSA key generation is slow; ejwt's is a committed test key), a tampered copy refused each way, and
// an algorithm the peer lacks recorded as not supported, never as a pass.
const ALGS = ['ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512',
              'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const TO_PEER = 'ejwt signs -> peer verifies', TO_EJWT = 'peer signs -> ejwt verifies';
const matrix = {};
// ejwt's RSA key: the committed test key (keys/README.md), as in
// interop_common.py; jose makes its own, once.
const TEST_RSA_PEM = path.join(__dirname, 'keys', 'TEST-ONLY-rsa2048.pem');
let peerRsa = null;

function matrixClaims(alg) { return { iss: 'matrix', sub: alg, iat: NOW, exp: NOW + 600 }; }
function mustEjwt(args) {
  const r = ejwt(args);
  if (r.status !== 0) throw new Error(`ejwt ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString();
}
function ejwtKey(alg) {
  const kind = alg.slice(0, 2);
  if (kind === 'RS' || kind === 'PS') {
    return ['--pem', TEST_RSA_PEM];
  }
  const f = path.join(DIR, `matrix_${alg}.${kind === 'HS' ? 'raw' : 'pem'}`);
  if (!fs.existsSync(f)) {
    mustEjwt(['keygen', '--alg', alg, '--format', kind === 'HS' ? 'raw' : 'pem', '--out', f]);
  }
  return [kind === 'HS' ? '--secret' : '--pem', f];
}
async function joseVerifyAll(alg, tok, keys) {
  const got = [];
  for (const k of keys) {
    got.push(JSON.stringify((await jose.jwtVerify(tok, k, { algorithms: [alg] })).payload));
  }
  if (!got.every((g) => g === got[0])) throw new Error(`forms disagree: ${got}`);
  return JSON.parse(got[0]);
}
async function toPeer(alg) {
  const [opt, f] = ejwtKey(alg);
  const c = matrixClaims(alg);
  const tok = mustEjwt(['sign', '--alg', alg, opt, f, '--now', NOW, '--claims',
                        JSON.stringify(c)]).trim();
  let keys;
  if (opt === '--secret') {
    keys = [new Uint8Array(fs.readFileSync(f))];
  } else {
    keys = [await jose.importJWK(JSON.parse(mustEjwt(['pubkey', opt, f, '--alg', alg])), alg),
            await jose.importSPKI(mustEjwt(['pubkey', opt, f, '--alg', alg, '--format', 'pem']),
                                  alg)];
  }
  const got = await joseVerifyAll(alg, tok, keys);
  if (JSON.stringify(got) !== JSON.stringify(c)) {
    console.log(`     jose ${alg}: claims ${JSON.stringify(got)}`);
    return false;
  }
  try {
    await joseVerifyAll(alg, tamper(tok, (x) => { x.sub = 'tampered'; }), keys);
  } catch (e) {
    return e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED';
  }
  console.log(`     jose ${alg}: accepted a tampered ejwt token`);
  return false;
}
async function toEjwt(alg) {
  const kind = alg.slice(0, 2);
  const c = matrixClaims(alg);
  let priv, forms;
  if (kind === 'HS') {
    priv = await jose.generateSecret(alg, { extractable: true });
    const jwk = Object.assign(await jose.exportJWK(priv), { alg });
    forms = [['--jwk', 'jwk', JSON.stringify(jwk)],
             ['--secret', 'raw', Buffer.from(jwk.k, 'base64url')]];
  } else {
    let pair;
    if (kind === 'ES') {
      pair = await jose.generateKeyPair(alg, { extractable: true });
    } else {
      if (!peerRsa) peerRsa = await jose.generateKeyPair('PS256', { extractable: true });
      pair = peerRsa;
    }
    priv = pair.privateKey;
    const jwk = Object.assign(await jose.exportJWK(pair.publicKey), { alg });
    forms = [['--jwk', 'jwk', JSON.stringify(jwk)],
             ['--pem', 'pem', await jose.exportSPKI(pair.publicKey)]];
  }
  const tok = await new jose.SignJWT(c).setProtectedHeader({ alg }).sign(priv);
  const bad = tamper(tok, (x) => { x.sub = 'tampered'; });
  let ok = true;
  for (const [opt, ext, data] of forms) {
    const args = ['verify', opt, file(`jose_peer_${alg}.${ext}`, data), '--now', NOW];
    if (opt !== '--jwk') args.push('--alg', alg);
    const r = ejwt([...args, tok]);
    if (r.status !== 0 || r.stdout.toString().trim() !== JSON.stringify(c)) {
      console.log(`     ejwt verify ${alg} ${ext}: exit ${r.status} ${r.stderr}`);
      ok = false;
    }
    const rb = ejwt([...args, bad]);
    if (rb.status !== 1 || !rb.stderr.toString().includes('EJWT_ERR_SIGNATURE_INVALID')) {
      console.log(`     ejwt verify ${alg} ${ext} tampered: exit ${rb.status} ${rb.stderr}`);
      ok = false;
    }
  }
  return ok;
}
async function everyAlgorithm() {
  const start = process.hrtime.bigint();
  for (const alg of ALGS) {
    for (const [dir, fn] of [[TO_PEER, toPeer], [TO_EJWT, toEjwt]]) {
      const name = `matrix jose ${alg}: ${dir}`;
      let ok;
      try {
        ok = await fn(alg);
      } catch (e) {
        // jose names an algorithm its runtime lacks; that is not a pass.
        if (e.code === 'ERR_JOSE_NOT_SUPPORTED') {
          matrix[`${alg}|${dir}`] = 'not supported';
          console.log(`skip ${name}: not supported by the peer (not run)`);
          continue;
        }
        console.log(`     ${name}: ${e.stack}`);
        ok = false;
      }
      matrix[`${alg}|${dir}`] = ok ? 'pass' : 'fail';
      check(name, ok);
    }
  }
  console.log(`\nmatrix jose | ${TO_PEER} | ${TO_EJWT}`);
  for (const alg of ALGS) {
    console.log(`matrix jose ${alg.padEnd(5)} | ` +
                [TO_PEER, TO_EJWT].map((d) => matrix[`${alg}|${d}`] || 'not run').join(' | '));
  }
  console.log(`matrix jose: ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(2)} s`);
}

(async () => {
  for (const fn of [peerTokensToEjwt, ejwtTokensToPeer, thumbprints, keysBothWays,
                   everyAlgorithm]) {
    try { await fn(); } catch (e) { check(fn.name, false, `exception ${e.stack}`); }
  }
  fs.rmSync(DIR, { recursive: true, force: true });
  const total = passed + failed.length;
  console.log(`\n${TITLE}: ${passed}/${total} checks passed, ${failed.length} failed`);
  for (const n of failed) console.log(`  failed: ${n}`);
  process.exit(failed.length === 0 && total > 0 ? 0 : 1);
})();
