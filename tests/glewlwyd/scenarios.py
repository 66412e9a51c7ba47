# SPDX-License-Identifier: Apache-2.0
"""Scenarios against Glewlwyd (unmodified, from Debian), one ctest test each.

usage: scenarios.py --ejwt PATH [--keep] NAME      (NAME: see SCENARIOS; "list")

Each scenario starts its own server (glewlwyd.py) on a free loopback port over
HTTPS, configures it through the admin REST API, plays the device with the
`ejwt` CLI (the device key, the RFC 7523 client assertions, the verification of
access tokens with the server's JWKS) and Python's http.client for the HTTP
part, then stops the server, also when a check fails. Refusals are compared
with tests/glewlwyd/responses.json (status and body exactly), and where the
server logs why it refused, with that reason too, so a refusal for another
cause than the one the scenario provokes fails the test. Every refusal is
paired with a request that succeeds right after it (the control).

Exit 0 when every check passed, 1 when one failed (FAIL line), 2 usage.
"""

import argparse
import base64
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import glewlwyd as G  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
RESPONSES = os.path.join(HERE, "responses.json")
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
ASSERTION_LIFETIME = 60  # seconds: the exp the device puts in its assertions
CLI_TIMEOUT = 20  # seconds per ejwt run


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print("glewlwyd: ok: " + what, flush=True)


def b64url_json(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def jwt_parts(token):
    h, p, _ = token.split(".")
    return b64url_json(h), b64url_json(p)


with open(RESPONSES) as _f:
    EXPECTED = json.load(_f)["responses"]


def same_body(expected, body):
    """The fixture's body is a JSON value (compared parsed) or a string
    (compared exactly)."""
    if isinstance(expected, str):
        return body == expected
    try:
        return json.loads(body) == expected
    except ValueError:
        return False


def expect_refusal(g, key, send):
    """send() makes the request; its (status, body) must be the fixture's
    responses[key], and the server's log after it must hold the fixture's
    log reason, if any."""
    exp = EXPECTED[key]
    mark = g.log_mark()
    r = send()
    observed = {"status": r.status, "body": r.body}
    if r.status != exp["status"] or not same_body(exp["body"], r.body):
        raise Failure("%s: got %s, responses.json says status %r body %r" %
                      (key, json.dumps(observed), exp["status"], exp["body"]))
    reason = exp.get("log")
    if reason and not g.wait_log(mark, reason):
        raise Failure("%s: the server's log does not give the reason %r:\n%s" %
                      (key, reason, g.log_since(mark)[-3000:]))
    print("glewlwyd: ok: %s -> %d %s%s" % (key, r.status, json.dumps(r.body),
                                          " (log: %s)" % reason if reason else ""), flush=True)
    return r


def ok_json(r, what):
    if r.status != 200:
        raise Failure("%s: %r" % (what, r))
    try:
        doc = r.json()
    except ValueError:
        raise Failure("%s: not JSON: %r" % (what, r))
    print("glewlwyd: ok: %s -> 200" % what, flush=True)
    return doc


class Device:
    """The device side played with the ejwt CLI: its key, its assertions, and
    the access-token check against the server's JWKS."""

    def __init__(self, ejwt, workdir, client_id, name=None):
        self.ejwt = ejwt
        self.client_id = client_id
        self.key = os.path.join(workdir, (name or client_id or "device") + ".jwk")
        self.cli("keygen", "--alg", "ES256", "--out", self.key)
        self.public_jwk = json.loads(self.cli("pubkey", "--jwk", self.key))
        self.kid = self.public_jwk["kid"]
        self.dir = workdir

    def cli(self, *args, expect_rc=0, stdin=None):
        p = subprocess.run([self.ejwt] + list(args), capture_output=True, text=True,
                           timeout=CLI_TIMEOUT, input=stdin)
        if expect_rc is not None and p.returncode != expect_rc:
            raise Failure("ejwt %s: exit %d, expected %d: %s" %
                          (args[0], p.returncode, expect_rc, p.stderr.strip()))
        return p.stdout if expect_rc == 0 else p

    def assertion(self, aud, exp_in=ASSERTION_LIFETIME, now=None, jti=None, claims=None,
                  key=None, iss=None):
        """An RFC 7523 client assertion: iss = sub = client_id, aud, iat, exp,
        a fresh jti (or the given one)."""
        c = {"iss": iss or self.client_id, "sub": self.client_id, "aud": aud}
        if jti is not None:
            c["jti"] = jti
        c.update(claims or {})
        args = ["sign", "--alg", "ES256", "--jwk", key or self.key, "--kid", self.kid,
                "--claims", json.dumps(c), "--exp-in", str(exp_in)]
        if "iat" not in c:
            args.append("--iat")
        if jti is None:
            args.append("--jti")
        if now is not None:
            args += ["--now", str(now)]
        return self.cli(*args).strip()

    def auth(self, aud, **kw):
        """The client-authentication fields of a request posted to aud."""
        return {"client_id": self.client_id, "client_assertion_type": JWT_BEARER,
                "client_assertion": self.assertion(aud, **kw)}

    def verify(self, token, jwks_file, issuer, aud, expect_rc=0, alg="ES256"):
        """ejwt verify with the server's JWKS, the algorithm pinned; returns
        the verified claims (expect_rc 0) or the CompletedProcess."""
        p = self.cli("verify", "--jwk", jwks_file, "--alg", alg, "--iss", issuer, "--aud", aud,
                     "--typ", "at+jwt", "--require", "iss,sub,aud,exp,iat,jti", "--leeway", "5",
                     "-", expect_rc=expect_rc if expect_rc == 0 else None, stdin=token)
        if expect_rc == 0:
            return json.loads(p)
        if expect_rc is not None and p.returncode != expect_rc:
            raise Failure("ejwt verify: exit %d, expected %d (%s)" %
                          (p.returncode, expect_rc, p.stderr.strip()))
        return p


def fetch_jwks(g, d, uri=None):
    r = g.get(uri or g.jwks_uri)
    doc = ok_json(r, "GET jwks_uri")
    path = os.path.join(d.dir, "jwks.json")
    with open(path, "w") as f:
        f.write(r.body)
    return doc, path


def token_cc(g, d, scope=G.DEVICE_SCOPE, endpoint=None, **kw):
    endpoint = endpoint or g.token_endpoint
    fields = {"grant_type": "client_credentials"}
    if scope is not None:
        fields["scope"] = scope
    fields.update(d.auth(endpoint, **kw))
    return g.post_form(endpoint, fields)


def post_assertion(g, d, assertion, endpoint=None, scope=G.DEVICE_SCOPE):
    return g.post_form(endpoint or g.token_endpoint, {
        "grant_type": "client_credentials", "scope": scope, "client_id": d.client_id,
        "client_assertion_type": JWT_BEARER, "client_assertion": assertion})


def setup(g, ejwt, client_id="device-1", **client):
    d = Device(ejwt, g.dir, client_id)
    g.add_client(d.public_jwk, client_id, **client)
    return d


# ----------------------------------------------------------------- scenarios

def s_discovery(g, ejwt):
    """The discovery documents of both instances; the JWKS; loopback only."""
    check(g.listening_addresses() == [(G.HOST, g.port)],
          "the server listens on %s:%d only (%s)" % (G.HOST, g.port, g.listening_addresses()))
    r = g.get(g.discovery_url)
    m = ok_json(r, "GET " + g.discovery_url)
    # RFC 8414 section 3.3 / OIDC Discovery 4.3: the issuer is the URL the
    # document was fetched for, without the well-known suffix.
    check(m["issuer"] + "/.well-known/openid-configuration" == g.discovery_url,
          "issuer %s matches the URL it was fetched from" % m["issuer"])
    check(m["issuer"] == g.external_url + "/api/" + G.PLUGIN,
          "issuer is <external_url>/api/<plugin>")
    iss = m["issuer"]
    for key, path in (("token_endpoint", "/token"), ("jwks_uri", "/jwks"),
                      ("device_authorization_endpoint", "/device_authorization"),
                      ("registration_endpoint", "/register"),
                      ("revocation_endpoint", "/revoke"),
                      ("introspection_endpoint", "/introspect")):
        check(m.get(key) == iss + path, "%s = issuer + %s" % (key, path))
    check("private_key_jwt" in m["token_endpoint_auth_methods_supported"],
          "private_key_jwt in token_endpoint_auth_methods_supported")
    check("ES256" in m["token_endpoint_auth_signing_alg_values_supported"],
          "ES256 in token_endpoint_auth_signing_alg_values_supported")
    check("ES256" in m["access_token_signing_alg_values_supported"],
          "ES256 in access_token_signing_alg_values_supported")
    # A quirk to record, not to rely on: enabled grants are missing here.
    gts = m.get("grant_types_supported", [])
    check(DEVICE_GRANT in gts, "the device_code grant is listed")
    check("client_credentials" not in gts and "refresh_token" not in gts,
          "quirk: client_credentials and refresh_token (enabled) are not listed: %s" % gts)
    check(m.get("revocation_endpoint_auth_methods_supported") == ["client_secret_basic"],
          "quirk: revocation lists only client_secret_basic (private_key_jwt works there too)")
    jw = ok_json(g.get(m["jwks_uri"]), "GET jwks_uri")
    check(len(jw["keys"]) == 1, "the JWKS has one key")
    k = jw["keys"][0]
    check(k.get("kty") == "EC" and k.get("crv") == "P-256" and k.get("alg") == "ES256"
          and k.get("kid") == g.signing_jwk["kid"], "it is the ES256 signing key with its kid")
    check("d" not in k, "the JWKS holds no private part")
    check(k["x"] == g.signing_jwk["x"] and k["y"] == g.signing_jwk["y"],
          "it is the public half of the key configured through the admin API")
    # The RS256 instance (issue 16).
    rs = g.plugin_url(G.PLUGIN_RS256)
    m2 = ok_json(g.get(rs + "/.well-known/openid-configuration"), "GET RS256 discovery")
    check(m2["issuer"] == rs and m2["token_endpoint"] == rs + "/token",
          "RS256 instance: issuer %s, its own token endpoint" % rs)
    check("RS256" in m2["access_token_signing_alg_values_supported"],
          "RS256 in the RS256 instance's access_token_signing_alg_values_supported")
    jw2 = ok_json(g.get(m2["jwks_uri"]), "GET RS256 jwks_uri")
    check([(x["kty"], x["alg"], x["kid"], "d" in x) for x in jw2["keys"]] ==
          [("RSA", "RS256", g.signing_jwk_rs256["kid"], False)],
          "the RS256 JWKS has the RSA public key only")
    expect_refusal(g, "discovery.oauth_authorization_server_root",
                   lambda: g.get("/.well-known/oauth-authorization-server"))
    expect_refusal(g, "discovery.oauth_authorization_server_plugin",
                   lambda: g.get(iss + "/.well-known/oauth-authorization-server"))


def verify_rs256(token, jwks):
    """RS256 with python3-cryptography (the ejwt CLI verifies ES256 and HS256)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    h, p, s = token.split(".")
    header = b64url_json(h)
    key = [k for k in jwks["keys"] if k["kid"] == header["kid"]][0]
    n = int.from_bytes(base64.urlsafe_b64decode(key["n"] + "=" * (-len(key["n"]) % 4)), "big")
    e = int.from_bytes(base64.urlsafe_b64decode(key["e"] + "=" * (-len(key["e"]) % 4)), "big")
    pub = rsa.RSAPublicNumbers(e, n).public_key()
    sig = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    try:
        pub.verify(sig, (h + "." + p).encode(), padding.PKCS1v15(), hashes.SHA256())
        return True
    except Exception:
        return False


def s_client_credentials(g, ejwt):
    """client_credentials with private_key_jwt; the access token verifies
    with the server's JWKS (ES256 pinned) and with nothing else."""
    d = setup(g, ejwt)
    jwks, jwks_file = fetch_jwks(g, d)
    t = ok_json(token_cc(g, d), "client_credentials with private_key_jwt")
    check(t.get("token_type") == "bearer", "token_type is lowercase bearer")
    check("refresh_token" not in t, "no refresh token for client_credentials (RFC 6749 4.4.3)")
    check(t.get("expires_in") == G.ACCESS_TOKEN_DURATION, "expires_in %r" % t.get("expires_in"))
    at = t["access_token"]
    header, _ = jwt_parts(at)
    check(header == {"typ": "at+jwt", "alg": "ES256", "kid": g.signing_jwk["kid"]},
          "access token header %s" % header)
    claims = d.verify(at, jwks_file, g.issuer, G.DEVICE_SCOPE)
    check(claims["sub"] == d.client_id and claims["client_id"] == d.client_id,
          "ejwt verify (JWKS, ES256 pinned): sub = client_id = %s" % d.client_id)
    check(claims["scope"] == G.DEVICE_SCOPE, "scope claim %r" % claims["scope"])
    check(claims["exp"] - claims["iat"] == G.ACCESS_TOKEN_DURATION, "exp - iat = 300")
    print("glewlwyd: measured: ES256 access token %d bytes" % len(at), flush=True)
    # The verification can fail: another key, a changed payload, another issuer.
    other = os.path.join(d.dir, "jwks-device.json")
    with open(other, "w") as f:
        # The device's P-256 key under the server key's kid.
        json.dump({"keys": [dict(d.public_jwk, kid=g.signing_jwk["kid"])]}, f)
    h, p, s = at.split(".")
    forged = dict(claims, sub="someone-else")
    fp = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    for what, err, args, alg in (
            ("another P-256 key, same kid", "SIGNATURE_INVALID",
             (at, other, g.issuer, G.DEVICE_SCOPE), "ES256"),
            ("a changed payload", "SIGNATURE_INVALID",
             (h + "." + fp + "." + s, jwks_file, g.issuer, G.DEVICE_SCOPE), "ES256"),
            ("another issuer", "ISS_MISMATCH", (at, jwks_file, g.issuer + "x", G.DEVICE_SCOPE),
             "ES256"),
            ("another audience", "AUD_MISMATCH", (at, jwks_file, g.issuer, "other"), "ES256"),
            ("HS256 pinned", "ALG_NOT_ALLOWED", (at, jwks_file, g.issuer, G.DEVICE_SCOPE),
             "HS256")):
        r = d.verify(*args, expect_rc=1, alg=alg)
        check(r.stderr.startswith("error: EJWT_ERR_%s:" % err),
              "ejwt verify refuses it with %s: %s" % (what, r.stderr.strip()))
    # The RS256 instance: same client, its own token endpoint.
    rs = g.plugin_url(G.PLUGIN_RS256)
    t2 = ok_json(token_cc(g, d, endpoint=rs + "/token"), "client_credentials at the RS256 instance")
    h2, c2 = jwt_parts(t2["access_token"])
    check(h2["alg"] == "RS256" and c2["iss"] == rs, "RS256 access token from issuer %s" % rs)
    jw2 = ok_json(g.get(rs + "/jwks"), "GET RS256 jwks")
    check(verify_rs256(t2["access_token"], jw2), "its RS256 signature verifies with that JWKS")
    at2 = t2["access_token"]
    i = len(at2) - 10  # a character inside the signature, changed
    check(not verify_rs256(at2[:i] + ("A" if at2[i] != "A" else "B") + at2[i + 1:], jw2),
          "a changed RS256 signature does not")
    print("glewlwyd: measured: RS256 access token %d bytes" % len(t2["access_token"]), flush=True)


def s_assertion_refused(g, ejwt):
    """Assertions the token endpoint must refuse, each followed by one it
    accepts (so each refusal is for the defect the scenario put in)."""
    d = setup(g, ejwt)
    other = Device(ejwt, g.dir, d.client_id, name="other")
    control = lambda: ok_json(token_cc(g, d), "control: a good assertion is accepted")
    expect_refusal(g, "token.wrong_aud",
                   lambda: post_assertion(g, d, d.assertion(g.token_endpoint + "/")))
    control()
    expect_refusal(g, "token.wrong_aud_other_instance",
                   lambda: post_assertion(g, d, d.assertion(
                       g.plugin_url(G.PLUGIN_RS256) + "/token")))
    control()
    expect_refusal(g, "token.wrong_key",
                   lambda: post_assertion(g, d, d.assertion(g.token_endpoint, key=other.key)))
    control()
    bad = d.assertion(g.token_endpoint)
    h, p, s = bad.split(".")
    sig = base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
    flipped = bytes([sig[0] ^ 1]) + sig[1:]
    expect_refusal(g, "token.bad_signature", lambda: post_assertion(
        g, d, h + "." + p + "." + base64.urlsafe_b64encode(flipped).rstrip(b"=").decode()))
    control()
    expect_refusal(g, "token.wrong_iss",
                   lambda: post_assertion(g, d, d.assertion(g.token_endpoint, iss="someone")))
    control()
    expect_refusal(g, "token.no_scope", lambda: token_cc(g, d, scope=None))
    control()
    expect_refusal(g, "token.scope_not_granted", lambda: token_cc(g, d, scope="g_admin"))
    control()
    stranger = Device(ejwt, g.dir, "not-registered", name="stranger")
    expect_refusal(g, "token.unknown_client", lambda: token_cc(g, stranger))
    control()
    expect_refusal(g, "device_authorization.wrong_aud", lambda: g.post_form(
        g.device_endpoint, dict(scope=G.DEVICE_SCOPE, **d.auth(g.token_endpoint))))
    ok_json(g.post_form(g.device_endpoint, dict(scope=G.DEVICE_SCOPE, **d.auth(g.device_endpoint))),
            "control: device authorization with aud = its endpoint")


def s_assertion_replay(g, ejwt):
    """The same assertion twice: the second is refused, for its jti."""
    d = setup(g, ejwt)
    a = d.assertion(g.token_endpoint)
    ok_json(post_assertion(g, d, a), "first use of the assertion")
    expect_refusal(g, "token.replayed_assertion", lambda: post_assertion(g, d, a))
    jti = jwt_parts(a)[1]["jti"]
    expect_refusal(g, "token.reused_jti_new_signature",
                   lambda: post_assertion(g, d, d.assertion(g.token_endpoint, jti=jti,
                                                            exp_in=ASSERTION_LIFETIME - 10)))
    ok_json(token_cc(g, d), "control: a new jti is accepted")
    # The jti is remembered per client: another client may use the same one.
    d2 = setup(g, ejwt, client_id="device-2")
    ok_json(post_assertion(g, d2, d2.assertion(g.token_endpoint, jti=jti)),
            "the same jti from another client is accepted")


def s_assertion_expired(g, ejwt):
    """exp in the past, and exp beyond request-maximum-exp, are refused;
    iat is not checked."""
    d = setup(g, ejwt)
    now = int(time.time())
    expect_refusal(g, "token.expired_assertion", lambda: post_assertion(
        g, d, d.assertion(g.token_endpoint, now=now - 120, exp_in=60)))
    ok_json(token_cc(g, d), "control: an assertion valid now")
    expect_refusal(g, "token.expired_assertion", lambda: post_assertion(
        g, d, d.assertion(g.token_endpoint, now=now - 62, exp_in=60)))
    ok_json(token_cc(g, d), "control: an assertion valid now")
    expect_refusal(g, "token.assertion_exp_too_far", lambda: post_assertion(
        g, d, d.assertion(g.token_endpoint, exp_in=G.REQUEST_MAXIMUM_EXP + 600)))
    ok_json(token_cc(g, d, exp_in=G.REQUEST_MAXIMUM_EXP - 30),
            "control: exp %d s ahead (inside request-maximum-exp %d)" %
            (G.REQUEST_MAXIMUM_EXP - 30, G.REQUEST_MAXIMUM_EXP))
    # A quirk to record: iat is not checked (a day old, or a day ahead).
    ok_json(post_assertion(g, d, d.assertion(g.token_endpoint, claims={"iat": now - 86400})),
            "quirk: an assertion with iat a day old is accepted")
    ok_json(post_assertion(g, d, d.assertion(g.token_endpoint, claims={"iat": now + 86400})),
            "quirk: an assertion with iat a day ahead is accepted")


def s_disabled_client(g, ejwt):
    """A client the administrator disables: what each endpoint answers."""
    d = setup(g, ejwt)
    ok_json(token_cc(g, d), "client_credentials while enabled")
    g.set_client_enabled(d.client_id, False)
    expect_refusal(g, "token.disabled_client", lambda: token_cc(g, d))
    expect_refusal(g, "device_authorization.disabled_client", lambda: g.post_form(
        g.device_endpoint, dict(scope=G.DEVICE_SCOPE, **d.auth(g.device_endpoint))))
    g.set_client_enabled(d.client_id, True)
    ok_json(token_cc(g, d), "control: client_credentials once enabled again")


def form_size(fields):
    """Bytes of an application/x-www-form-urlencoded body."""
    return len(urllib.parse.urlencode(fields))


def device_login(g, d, measure=False):
    """The device authorization request; returns its response and poll(),
    one token request with the device code. measure: print the bodies'
    sizes (what the CLI-made assertions give; the device library's own
    figures come later)."""
    fields = dict(scope=G.DEVICE_SCOPE, **d.auth(g.device_endpoint))
    da = ok_json(g.post_form(g.device_endpoint, fields), "device authorization request")

    polls = []

    def poll():
        f = dict(grant_type=DEVICE_GRANT, device_code=da["device_code"],
                 **d.auth(g.token_endpoint))
        if measure and not polls:
            print("glewlwyd: measured: device-code poll body %d bytes" % form_size(f), flush=True)
        polls.append(1)
        return g.post_form(g.token_endpoint, f)
    if measure:
        print("glewlwyd: measured: device authorization request body %d bytes, response %d bytes"
              % (form_size(fields), len(json.dumps(da, separators=(",", ":")))), flush=True)
    return da, poll


def s_device_grant(g, ejwt):
    """RFC 8628 end to end: pending, slow_down, approval, tokens, then
    access_denied for a used code."""
    d = setup(g, ejwt)
    jwks, jwks_file = fetch_jwks(g, d)
    da, poll = device_login(g, d, measure=True)
    uc = da["user_code"]
    check(len(uc) == 9 and uc[4] == "-" and uc.replace("-", "").isalnum(),
          "user_code %s has the form XXXX-XXXX" % uc)
    check(da["verification_uri"] == g.verification_uri,
          "verification_uri %s" % da["verification_uri"])
    check(da["verification_uri_complete"].startswith(g.verification_uri + "?") and
          urllib.parse.quote(uc) in da["verification_uri_complete"],
          "verification_uri_complete carries the user code")
    check(da["expires_in"] == G.DEVICE_EXPIRATION and da["interval"] == G.DEVICE_INTERVAL,
          "expires_in %d, interval %d" % (da["expires_in"], da["interval"]))
    t_first = time.monotonic()
    expect_refusal(g, "token.device_authorization_pending", poll)
    expect_refusal(g, "token.device_slow_down", poll)  # well inside the interval
    time.sleep(G.DEVICE_INTERVAL + 0.3)
    expect_refusal(g, "token.device_authorization_pending", poll)
    # Someone else's approval does not count: a wrong user code.
    r = g.approve_device("ZZZZ-ZZZZ" if uc != "ZZZZ-ZZZZ" else "YYYY-YYYY")
    check(r.status == 302 and (r.header("Location") or "").endswith("&prompt=deviceCodeError"),
          "a wrong user code is not approved (302 to prompt=deviceCodeError)")
    time.sleep(G.DEVICE_INTERVAL + 0.3)
    expect_refusal(g, "token.device_authorization_pending", poll)
    r = g.approve_device(uc)
    check(r.status == 302 and "prompt=deviceComplete" in (r.header("Location") or ""),
          "the person approves the user code (302 to prompt=deviceComplete)")
    time.sleep(G.DEVICE_INTERVAL + 0.3)
    r = poll()
    t = ok_json(r, "the next poll gets the tokens")
    print("glewlwyd: measured: token response %d bytes (access token %d, refresh token %d)" %
          (len(r.body), len(t["access_token"]), len(t["refresh_token"])), flush=True)
    print("glewlwyd: measured: device grant approval to tokens after %.1f s of polling" %
          (time.monotonic() - t_first), flush=True)
    check(t.get("token_type") == "bearer" and "refresh_token" in t and
          t.get("scope") == G.DEVICE_SCOPE, "access and refresh tokens, scope %r" % t.get("scope"))
    claims = d.verify(t["access_token"], jwks_file, g.issuer, G.DEVICE_SCOPE)
    check(claims["client_id"] == d.client_id and claims["sub"] != d.client_id,
          "the access token verifies; client_id %s, sub the user's subject" % claims["client_id"])
    time.sleep(G.DEVICE_INTERVAL + 0.3)
    expect_refusal(g, "token.device_code_used", poll)


def s_device_expired(g, ejwt):
    """Polling after expires_in gets expired_token."""
    d = setup(g, ejwt)
    da, poll = device_login(g, d)
    check(da["expires_in"] == g.device_expiration, "expires_in %d" % da["expires_in"])
    expect_refusal(g, "token.device_authorization_pending", poll)
    time.sleep(da["expires_in"] + 1.5)
    expect_refusal(g, "token.device_expired_token", poll)
    r = g.approve_device(da["user_code"])
    check(r.status == 302 and (r.header("Location") or "").endswith("&prompt=deviceCodeError"),
          "an expired user code cannot be approved any more (302 to prompt=deviceCodeError)")


def approved_tokens(g, d):
    da, poll = device_login(g, d)
    r = g.approve_device(da["user_code"], d.client_id)
    check("prompt=deviceComplete" in (r.header("Location") or ""), "approved")
    time.sleep(G.DEVICE_INTERVAL + 0.3)
    return ok_json(poll(), "device grant tokens")


def refresh(g, d, rt, measure=False):
    f = dict(grant_type="refresh_token", refresh_token=rt, **d.auth(g.token_endpoint))
    if measure:
        print("glewlwyd: measured: refresh request body %d bytes" % form_size(f), flush=True)
    return g.post_form(g.token_endpoint, f)


def s_refresh_rotation(g, ejwt):
    """Refresh rotates the refresh token; the old one is refused and that
    ends the chain."""
    d = setup(g, ejwt)
    jwks, jwks_file = fetch_jwks(g, d)
    t = approved_tokens(g, d)
    rt1 = t["refresh_token"]
    t2 = ok_json(refresh(g, d, rt1, measure=True), "refresh with the device's assertion")
    rt2 = t2.get("refresh_token")
    check(rt2 and rt2 != rt1, "a new refresh token (rotation)")
    check(t2["access_token"] != t["access_token"], "a new access token")
    d.verify(t2["access_token"], jwks_file, g.issuer, G.DEVICE_SCOPE)
    check(True, "the refreshed access token verifies")
    t3 = ok_json(refresh(g, d, rt2), "refresh with the rotated token")
    rt3 = t3["refresh_token"]
    expect_refusal(g, "token.refresh_old_token", lambda: refresh(g, d, rt1))
    expect_refusal(g, "token.refresh_after_chain_revoked", lambda: refresh(g, d, rt3))
    expect_refusal(g, "token.refresh_unknown_token", lambda: refresh(g, d, "x" * len(rt1)))
    # A refresh needs the client's assertion too.
    t4 = approved_tokens(g, d)
    expect_refusal(g, "token.refresh_wrong_aud", lambda: g.post_form(g.token_endpoint, dict(
        grant_type="refresh_token", refresh_token=t4["refresh_token"],
        **d.auth(g.device_endpoint))))
    ok_json(refresh(g, d, t4["refresh_token"]), "control: that refresh token with a good assertion")


def s_revocation(g, ejwt):
    """RFC 7009: the revoked refresh token is refused afterwards."""
    d = setup(g, ejwt)
    t = approved_tokens(g, d)
    keep = approved_tokens(g, d)
    rt = t["refresh_token"]
    introspect = lambda tok: g.post_form(g.introspection_endpoint, dict(
        token=tok, token_type_hint="refresh_token", **d.auth(g.introspection_endpoint)))
    check(ok_json(introspect(rt), "introspect before revocation").get("active") is True,
          "the refresh token is active before revocation")
    expect_refusal(g, "revoke.no_client_auth", lambda: g.post_form(
        g.revocation_endpoint, {"token": rt, "token_type_hint": "refresh_token"}))
    r = g.post_form(g.revocation_endpoint, dict(token=rt, token_type_hint="refresh_token",
                                                **d.auth(g.revocation_endpoint)))
    check(r.status == 200 and r.body == "", "revocation with private_key_jwt: 200, empty body")
    check(ok_json(introspect(rt), "introspect after revocation").get("active") is False,
          "the refresh token is inactive after revocation")
    expect_refusal(g, "token.refresh_revoked", lambda: refresh(g, d, rt))
    ok_json(refresh(g, d, keep["refresh_token"]),
            "control: another chain of the same client still refreshes")


def s_registration(g, ejwt):
    """RFC 7591 registration of the device key, then client_credentials with
    the client_id it got."""
    d = Device(ejwt, g.dir, None)
    meta = {"client_name": "ejwt device", "token_endpoint_auth_method": "private_key_jwt",
            "token_endpoint_auth_signing_alg": "ES256", "jwks": {"keys": [d.public_jwk]},
            "grant_types": ["client_credentials", "refresh_token", "device_authorization"],
            "redirect_uris": ["https://127.0.0.1/unused"]}
    r = g.post_json(g.registration_endpoint, meta)
    check(r.status == 200, "registration answers 200 (RFC 7591 says 201): %r" % r)
    reg = r.json()
    d.client_id = reg.get("client_id")
    check(d.client_id and reg.get("registration_access_token") and
          reg.get("registration_client_uri") == g.registration_endpoint + "/" + d.client_id,
          "client_id %s, registration_access_token, registration_client_uri" % d.client_id)
    check(reg["jwks"] == {"keys": [d.public_jwk]}, "the device's JWK is registered as sent")
    ok_json(token_cc(g, d), "client_credentials as the registered client")
    da = ok_json(g.post_form(g.device_endpoint, dict(scope=G.DEVICE_SCOPE,
                                                     **d.auth(g.device_endpoint))),
                 "device authorization as the registered client")
    check("user_code" in da, "a user code")
    m = dict(meta)
    del m["redirect_uris"]
    expect_refusal(g, "register.no_redirect_uris", lambda: g.post_json(g.registration_endpoint, m))
    m = dict(meta, grant_types=[DEVICE_GRANT])
    expect_refusal(g, "register.device_grant_urn", lambda: g.post_json(g.registration_endpoint, m))


def s_client_binding(g, ejwt):
    """What client_id does, and a server defect to record: a refresh token
    is not bound to the client it was issued to (RFC 6749 section 6 says
    the server must check that). A device must not rely on either; it
    always sends client_id and keeps its refresh token secret."""
    a = setup(g, ejwt, client_id="device-a")
    b = setup(g, ejwt, client_id="device-b")
    fields = a.auth(g.token_endpoint)
    del fields["client_id"]
    t = ok_json(g.post_form(g.token_endpoint, dict(grant_type="client_credentials",
                                                   scope=G.DEVICE_SCOPE, **fields)),
                "client_credentials with the assertion and no client_id")
    check(jwt_parts(t["access_token"])[1]["client_id"] == a.client_id,
          "the assertion's iss/sub name the client (client_id %s)" % a.client_id)
    ta = approved_tokens(g, a)
    ca = jwt_parts(ta["access_token"])[1]
    r = refresh(g, b, ta["refresh_token"])
    tb = ok_json(r, "DEFECT: device-b's assertion (client_id device-b) redeems device-a's "
                 "refresh token")
    cb = jwt_parts(tb["access_token"])[1]
    check(cb["client_id"] == b.client_id and cb["sub"] == ca["sub"],
          "DEFECT: the access token is device-b's, for the user who approved device-a only")
    expect_refusal(g, "token.refresh_old_token", lambda: refresh(g, a, ta["refresh_token"]))
    check(True, "device-a's own refresh token, redeemed by device-b, is now refused to device-a")


def must_fail(what, fn):
    """fn() must raise Failure: a check that cannot fail proves nothing."""
    try:
        fn()
    except Failure as e:
        print("glewlwyd: ok: selftest: %s is caught: %s" % (what, str(e).splitlines()[0][:160]),
              flush=True)
        return
    raise Failure("selftest: %s was NOT caught" % what)


def s_selftest(g, ejwt):
    """The checks the scenarios rely on fail when the server answers
    otherwise: a refusal that does not come, another status or body than
    responses.json, a missing log reason, a token that does not verify."""
    # README.md's table of refusals says what responses.json says.
    rows = {}
    with open(os.path.join(HERE, "README.md")) as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 4 and cells[0].startswith("`") and cells[0].strip("`") in EXPECTED:
                rows[cells[0].strip("`")] = int(cells[2])
    check(rows == {k: v["status"] for k, v in EXPECTED.items()},
          "selftest: README.md's refusal table has every responses.json key with its status")
    d = setup(g, ejwt)
    jwks, jwks_file = fetch_jwks(g, d)
    a = d.assertion(g.token_endpoint)
    # A refusal expected where the server accepts (a fresh assertion, not a replay).
    must_fail("an accepted request where a refusal is expected",
              lambda: expect_refusal(g, "token.replayed_assertion",
                                     lambda: post_assertion(g, d, a)))
    # The right refusal, but the fixture says another status, body or reason.
    saved = dict(EXPECTED["token.replayed_assertion"])
    try:
        for field, value in (("status", 401), ("body", {"error": "invalid_client"}),
                             ("log", "no such reason in the log")):
            EXPECTED["token.replayed_assertion"] = dict(saved, **{field: value})
            must_fail("a replay refused with another %s than responses.json" % field,
                      lambda: expect_refusal(g, "token.replayed_assertion",
                                             lambda: post_assertion(g, d, a)))
    finally:
        EXPECTED["token.replayed_assertion"] = saved
    expect_refusal(g, "token.replayed_assertion", lambda: post_assertion(g, d, a))
    # A refusal where a success is expected.
    must_fail("a refused request where a token is expected",
              lambda: ok_json(post_assertion(g, d, d.assertion(g.token_endpoint + "/")),
                              "wrong aud"))
    t = ok_json(token_cc(g, d), "client_credentials")
    # A token verified against the wrong keys, or one that was tampered with.
    wrong = os.path.join(d.dir, "wrong-jwks.json")
    with open(wrong, "w") as f:
        json.dump({"keys": [dict(d.public_jwk, kid=g.signing_jwk["kid"])]}, f)
    must_fail("an access token checked against another key",
              lambda: d.verify(t["access_token"], wrong, g.issuer, G.DEVICE_SCOPE))
    must_fail("an access token checked for another issuer",
              lambda: d.verify(t["access_token"], jwks_file, g.issuer + "/x", G.DEVICE_SCOPE))
    d.verify(t["access_token"], jwks_file, g.issuer, G.DEVICE_SCOPE)
    check(True, "selftest: the same token verifies with the server's JWKS")
    # The harness talks to its own server only (refused before any connection).
    for url in ("https://localhost:%d/" % g.port, "http://%s:%d/" % (G.HOST, g.port),
                "https://%s:%d/" % (G.HOST, g.port + 1), "https://192.0.2.1/"):
        try:
            g.get(url)
        except G.GlewlwydError:
            check(True, "selftest: the harness refuses to send to %s" % url)
            continue
        raise Failure("selftest: the harness sent a request to %s" % url)


SCENARIOS = {
    "discovery": (s_discovery, {}),
    "client_credentials": (s_client_credentials, {}),
    "assertion_refused": (s_assertion_refused, {}),
    "assertion_replay": (s_assertion_replay, {"rs256": False}),
    "assertion_expired": (s_assertion_expired, {"rs256": False}),
    "disabled_client": (s_disabled_client, {"rs256": False}),
    "device_grant": (s_device_grant, {"rs256": False}),
    "device_expired": (s_device_expired, {"rs256": False, "device_expiration": 3}),
    "refresh_rotation": (s_refresh_rotation, {"rs256": False}),
    "revocation": (s_revocation, {"rs256": False}),
    "registration": (s_registration, {"rs256": False}),
    "client_binding": (s_client_binding, {"rs256": False}),
    "selftest": (s_selftest, {"rs256": False}),
}


def run_scenario(label, fn, opts, ejwt, keep=None):
    """Start a server with opts (None: no server), run fn(g, ejwt), stop the
    server in every case; print PASS or FAIL (with the server log's tail).
    Returns 0 or 1."""
    # SIGTERM (ctest's timeout, a CI cancel): unwind, so the server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    t0 = time.monotonic()
    if keep:
        os.makedirs(keep, exist_ok=True)
    g = G.Glewlwyd(workdir=keep, **opts) if opts is not None else None
    rc = 0
    try:
        if g is not None:
            g.start()
            print("glewlwyd: %s on %s: start %.2f s, configure %.2f s" %
                  (label, g.origin, g.timings["start"], g.timings["configure"]), flush=True)
        fn(g, ejwt)
    except (Failure, G.GlewlwydError, subprocess.TimeoutExpired) as e:
        print("glewlwyd: FAIL: %s: %s" % (label, e), flush=True)
        tail = [line for line in (g.read_log() if g else "").splitlines()
                if " endpoint " not in line and "Loading " not in line][-40:]
        print("glewlwyd: server log (last %d lines):\n%s" % (len(tail), "\n".join(tail)))
        rc = 1
    finally:
        if g is not None:
            g.stop()
    print("glewlwyd: %s: %s in %.1f s (stop %.2f s)" % (
        label, "FAIL" if rc else "PASS", time.monotonic() - t0,
        g.timings.get("stop", 0) if g else 0), flush=True)
    return rc


def main(scenarios=None, prefix=""):
    """The command line of this file and of device_cli.py (its scenarios,
    its label prefix)."""
    scenarios = scenarios or SCENARIOS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ejwt", help="the ejwt CLI (build/host/cli/ejwt)")
    ap.add_argument("--keep", help="keep the server's folder here (log, config, CA)")
    ap.add_argument("name")
    a = ap.parse_args()
    if a.name == "list":
        print("\n".join(scenarios))
        return 0
    if a.name not in scenarios or not a.ejwt:
        ap.print_usage(sys.stderr)
        return 2
    fn, opts = scenarios[a.name]
    return run_scenario(prefix + a.name, fn, opts, a.ejwt, a.keep)


if __name__ == "__main__":
    sys.exit(main())
