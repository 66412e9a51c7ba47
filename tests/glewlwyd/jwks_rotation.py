# SPDX-License-Identifier: Apache-2.0
"""The device's JWK Set follows Glewlwyd's key rotation, one ctest test each.

usage: jwks_rotation.py --ejwt PATH [--keep DIR] NAME      (NAME: see SCENARIOS; "list")

The device is `ejwt device` (device_cli.py): provisioning fetches the
issuer's JWK Set from discovery's jwks_uri into the sealed cache, and
`ejwt device verify` checks the issuer's access tokens with it. The harness
plays the administrator who rotates the OIDC instance's signing keys through
the admin API (PUT /api/mod/plugin/<name>, unmodified Glewlwyd), and counts
the device's fetches of the set in the CLI's request log. The device's
minimum refresh interval is the library's floor (EJWT_JWKS_CACHE_INTERVAL_FLOOR_S,
10 s), so the scenarios wait it out where a refresh must be allowed.

Scenarios, each for the ES256 instance and the RS256 one:
  rotation_<alg>  the server adds a key and signs with it: one fetch, the new token
                  verifies and the old one still does; the server drops the old key:
                  after the next refresh tokens under it are refused
  flood_<alg>     200 tokens naming kids the set does not hold: one fetch in all
"""

import json
import os
import sys
import time
import uuid

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import glewlwyd as G  # noqa: E402
import scenarios  # noqa: E402
from device_cli import DeviceCli, requests  # noqa: E402
from scenarios import Failure, check, jwt_parts  # noqa: E402

INTERVAL = 10  # --jwks-interval: EJWT_JWKS_CACHE_INTERVAL_FLOOR_S
FLOOD = 200  # tokens with unknown kids in the flood


def plugin_of(alg):
    return G.PLUGIN if alg == "ES256" else G.PLUGIN_RS256


def new_key(alg, kid):
    return (G.es256_private_jwk if alg == "ES256" else G.rs256_private_jwk)(kid)


def set_signing_keys(g, plugin, keys, default_kid):
    """The administrator replaces the instance's private JWK Set. Glewlwyd
    2.7.5 signs with the first key of the set whatever default-kid says
    (measured), so the signing key goes first; an update is stored, not
    applied, until the instance is reset."""
    doc = g.admin("GET", "/api/mod/plugin/" + plugin).json()
    params = doc["parameters"]
    params["jwks-private"] = json.dumps({"keys": keys})
    params["default-kid"] = default_kid
    g.admin("PUT", "/api/mod/plugin/" + plugin,
            {"module": doc["module"], "name": plugin, "display_name": doc.get("display_name", plugin),
             "enabled": True, "parameters": params})
    g.admin("PUT", "/api/mod/plugin/" + plugin + "/reset")
    published = [k["kid"] for k in g.get(g.plugin_url(plugin) + "/jwks").json()["keys"]]
    check(published == [k["kid"] for k in keys],
          "the server now publishes kids %s" % published)


def device_for(g, ejwt, plugin):
    """A device whose key Glewlwyd knows, provisioned for \\p plugin's issuer."""
    d = DeviceCli(ejwt, os.path.join(g.dir, "device-" + plugin))
    jwk = d.jwk()
    g.add_client(jwk)
    d.client_id = jwk["kid"]
    issuer = g.plugin_url(plugin)
    p = d.run("provision", "--issuer", issuer, "--ca", g.ca, "--scope", G.DEVICE_SCOPE)
    fetched = [r for r in requests(p.stderr) if r[1] == issuer + "/jwks"]
    check(len(fetched) == 1 and fetched[0][2] == 200,
          "provision fetched the JWK Set once from %s/jwks" % issuer)
    d.issuer = issuer
    return d


def fresh_token(d):
    """A new access token: the stored one wiped (logout), then login."""
    d.run("logout")
    d.run("login")
    t, _ = d.token()
    return t


def verify(d, *tokens, expect_rc=0, tokens_file=None):
    args = ["verify", "--resource", G.DEVICE_SCOPE, "--jwks-interval", str(INTERVAL)]
    args += ["--tokens", tokens_file] if tokens_file else list(tokens)
    p = d.run(*args, expect_rc=expect_rc)
    fetches = [r for r in requests(p.stderr) if r[1] == d.issuer + "/jwks"]
    return p.stdout.split(), fetches


def wait_interval():
    time.sleep(INTERVAL + 0.5)


def s_rotation(alg):
    def run(g, ejwt):
        plugin = plugin_of(alg)
        d = device_for(g, ejwt, plugin)
        old = g.signing_jwk if alg == "ES256" else g.signing_jwk_rs256
        t_old = fresh_token(d)
        check(jwt_parts(t_old)[0] == {"typ": "at+jwt", "alg": alg, "kid": old["kid"]},
              "Glewlwyd signs with %s under kid %s" % (alg, old["kid"]))
        verdicts, fetches = verify(d, t_old)
        check(verdicts == ["valid"] and fetches == [],
              "the provisioned set verifies the token; no fetch")
        # Rotation, step 1: the server adds a key and signs with it.
        new = new_key(alg, "rotated-" + uuid.uuid4().hex[:8])
        set_signing_keys(g, plugin, [new, old], new["kid"])
        t_new = fresh_token(d)
        check(jwt_parts(t_new)[0]["kid"] == new["kid"], "the new token names kid %s (header %s)"
              % (new["kid"], jwt_parts(t_new)[0]))
        verdicts, fetches = verify(d, t_new, expect_rc=1)
        check(verdicts == ["EJWT_ERR_KEY_NOT_FOUND"] and fetches == [],
              "right after provisioning the refresh is rate-limited: refused, no fetch")
        wait_interval()
        verdicts, fetches = verify(d, t_new, t_old, t_new)
        check(verdicts == ["valid"] * 3 and len(fetches) == 1,
              "after the interval: one fetch, the new token and the old one verify")
        # Rotation, step 2: the old key leaves the set.
        set_signing_keys(g, plugin, [new], new["kid"])
        verdicts, fetches = verify(d, t_old)
        check(verdicts == ["valid"] and fetches == [],
              "until the next refresh the cached set still holds the old key")
        wait_interval()
        p = d.run("verify", "--resource", G.DEVICE_SCOPE, "--jwks-interval", str(INTERVAL),
                  "--jwks-max-age", "1", t_old, t_new, expect_rc=1)
        fetches = [r for r in requests(p.stderr) if r[1] == d.issuer + "/jwks"]
        check(p.stdout.split() == ["EJWT_ERR_KEY_NOT_FOUND", "valid"] and len(fetches) == 1,
              "a refresh (the set past its maximum age): the old key is gone, its token refused, "
              "the new one verifies, one fetch")
        verdicts, fetches = verify(d, t_old, expect_rc=1)
        check(verdicts == ["EJWT_ERR_KEY_NOT_FOUND"] and fetches == [],
              "after a reboot the stored set is the new one: the old token stays refused")
    return run


def forged_token(kid, issuer):
    """A token naming \\p kid, signed by a key nobody published."""
    k = ec.generate_private_key(ec.SECP256R1())
    header = {"typ": "at+jwt", "alg": "ES256", "kid": kid}
    now = int(time.time())
    claims = {"iss": issuer, "sub": "x", "aud": G.DEVICE_SCOPE, "iat": now, "exp": now + 300,
              "jti": uuid.uuid4().hex, "client_id": "x", "scope": G.DEVICE_SCOPE}
    b = lambda o: G.b64url(json.dumps(o, separators=(",", ":")).encode())  # noqa: E731
    signing_input = b(header) + "." + b(claims)
    r, s = utils.decode_dss_signature(k.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    return signing_input + "." + G.b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def s_flood(alg):
    def run(g, ejwt):
        plugin = plugin_of(alg)
        d = device_for(g, ejwt, plugin)
        t = fresh_token(d)
        path = os.path.join(g.dir, "flood.txt")
        with open(path, "w") as f:
            for i in range(FLOOD):
                f.write(forged_token("unknown-%d-%s" % (i, uuid.uuid4().hex[:6]), d.issuer) + "\n")
            f.write(t + "\n")
        wait_interval()
        verdicts, fetches = verify(d, tokens_file=path, expect_rc=1)
        check(verdicts == ["EJWT_ERR_KEY_NOT_FOUND"] * FLOOD + ["valid"],
              "%d tokens with unknown kids refused, the real one verifies" % FLOOD)
        check(len(fetches) == 1 and fetches[0][2] == 200,
              "the flood caused one fetch of the JWK Set (allowed: one per %d s)" % INTERVAL)
        verdicts, fetches = verify(d, tokens_file=path, expect_rc=1)
        check(len(fetches) == 0, "the same flood again within the interval: no fetch")
    return run


SCENARIOS = {
    "rotation_es256": (s_rotation("ES256"), {"rs256": False}),
    "rotation_rs256": (s_rotation("RS256"), {"rs256": True}),
    "flood_es256": (s_flood("ES256"), {"rs256": False}),
    "flood_rs256": (s_flood("RS256"), {"rs256": True}),
}


if __name__ == "__main__":
    sys.exit(scenarios.main(SCENARIOS, "jwks_"))
