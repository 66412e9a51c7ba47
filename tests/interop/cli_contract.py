# SPDX-License-Identifier: Apache-2.0
"""Black-box contract of the `ejwt` command-line tool (README, "The `ejwt`
tool"): exit codes 0/1/2, --help and --version, the exact "error: NAME:
message" line, bounded stdin, decode marking, --jws, key files and their
modes. The few tokens it hand-crafts are HMACs from Python's standard
library; the unsupported keys (RSA, P-384, Ed25519) come from
python3-cryptography."""
import hashlib
import hmac
import json
import os
import re
import stat

from interop_common import ERROR_LINE, Suite, b64url, b64url_decode

T = Suite("interop.cli_contract")
NOW = 1700000000


def hs256(secret, header, payload: bytes):
    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    p = b64url(payload)
    sig = hmac.new(secret, f"{h}.{p}".encode(), hashlib.sha256).digest()
    return f"{h}.{p}.{b64url(sig)}"


SECRET = bytes(range(32))
SFILE = T.write("secret.bin", SECRET)


def usage_cases():
    T.expect_usage("no arguments -> 2", T.ejwt())
    T.check("no arguments: the usage on stderr", b"usage:" in T.ejwt().stderr)
    for args in (["--help"], ["-h"], ["help"], ["sign", "--help"], ["verify", "-h"],
                 ["keygen", "--help"]):
        r = T.ejwt(*args)
        T.check(f"{' '.join(args)}: the usage on stdout, exit 0",
                r.returncode == 0 and r.stdout.startswith(b"usage:\n") and r.stderr == b"",
                f"rc={r.returncode} stderr={r.stderr[:80]!r}")
    r = T.ejwt("--version")
    T.check("--version: 'ejwt MAJOR.MINOR.PATCH', exit 0",
            r.returncode == 0 and re.fullmatch(rb"ejwt [0-9]+\.[0-9]+\.[0-9]+\n", r.stdout)
            is not None, f"rc={r.returncode} out={r.stdout!r}")
    # The README's usage block is the tool's own.
    readme = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                               "README.md"), encoding="utf-8").read()
    block = readme.split("## The `ejwt` tool\n\n```\n", 1)[1].split("```", 1)[0]
    helptext = T.ejwt("--help").stdout.decode()
    lines = helptext.split("\n\n", 1)[0].split("\n")[1:]
    T.equal("README usage block == ejwt --help", block,
            "".join(line[2:] + "\n" for line in lines))
    jwk_as_secret = T.write("oct-as-secret.jwk", json.dumps(
        {"kty": "oct", "k": b64url(SECRET)}))
    for cmd in (["verify", "--secret", jwk_as_secret, "a.b.c"],
                ["sign", "--alg", "HS256", "--secret", jwk_as_secret]):
        r = T.ejwt(*cmd)
        T.expect_usage(f"{cmd[0]} --secret given a JWK -> 2", r)
        T.check(f"{cmd[0]} --secret given a JWK says to use --jwk", b"use --jwk" in r.stderr,
                repr(r.stderr))
    for name, args, stdin in (("verify ''", ["verify", "--secret", SFILE, ""], None),
                              ("verify, empty stdin", ["verify", "--secret", SFILE], b""),
                              ("verify, stdin a bare newline", ["verify", "--secret", SFILE],
                               b"\n"),
                              ("decode ''", ["decode", ""], None),
                              ("decode, empty stdin", ["decode"], b"")):
        r = T.ejwt(*args, stdin=stdin)
        T.expect_usage(f"{name} -> 2", r)
        T.check(f"{name} says 'no token'", b"no token" in r.stderr, repr(r.stderr))
    T.expect_usage("sign --exp-in 0 -> 2",
                   T.ejwt("sign", "--alg", "HS256", "--secret", SFILE, "--exp-in", "0"))
    T.expect_usage("sign --exp-in -60 -> 2",
                   T.ejwt("sign", "--alg", "HS256", "--secret", SFILE, "--exp-in", "-60"))
    T.expect_usage("unknown command -> 2", T.ejwt("frobnicate"))
    T.expect_usage("unknown option -> 2", T.ejwt("verify", "--secret", SFILE, "--bogus", "x"))
    T.expect_usage("option without value -> 2", T.ejwt("verify", "--secret"))
    T.expect_usage("missing key file -> 2",
                   T.ejwt("verify", "--jwk", T.path("does-not-exist.json"), "a.b.c"))
    T.expect_usage("missing --secret file -> 2",
                   T.ejwt("sign", "--alg", "HS256", "--secret", T.path("nope.bin")))
    T.expect_usage("key directory instead of file -> 2", T.ejwt("verify", "--pem", T.dir, "a.b.c"))
    T.expect_usage("garbage PEM -> 2",
                   T.ejwt("verify", "--pem", T.write("junk.pem", "not a key\n"), "a.b.c"))
    T.expect_usage("garbage JWK -> 2",
                   T.ejwt("verify", "--jwk", T.write("junk.jwk", "{\"kty\":"), "a.b.c"))
    T.expect_usage("short --secret (16 bytes) -> 2",
                   T.ejwt("verify", "--secret", T.write("short.bin", b"x" * 16), "a.b.c"))
    T.expect_usage("no key source -> 2", T.ejwt("verify", "a.b.c"))
    T.expect_usage("two key sources -> 2",
                   T.ejwt("verify", "--secret", SFILE, "--jwk", SFILE, "a.b.c"))
    T.expect_usage("sign without --alg -> 2", T.ejwt("sign", "--secret", SFILE))
    T.expect_usage("sign --alg none -> 2", T.ejwt("sign", "--alg", "none", "--secret", SFILE))
    T.expect_usage("verify --alg none -> 2",
                   T.ejwt("verify", "--secret", SFILE, "--alg", "none", "a.b.c"))
    T.expect_usage("verify --require unknown -> 2",
                   T.ejwt("verify", "--secret", SFILE, "--require", "exp,foo", "a.b.c"))
    T.expect_usage("verify --leeway not a number -> 2",
                   T.ejwt("verify", "--secret", SFILE, "--leeway", "5s", "a.b.c"))
    T.expect_usage("verify --now not a number -> 2",
                   T.ejwt("verify", "--secret", SFILE, "--now", "yesterday", "a.b.c"))
    T.expect_usage("two tokens -> 2", T.ejwt("verify", "--secret", SFILE, "a.b.c", "d.e.f"))
    T.expect_usage("sign --claims not JSON -> 2",
                   T.ejwt("sign", "--alg", "HS256", "--secret", SFILE, "--claims", "{x}"))
    T.expect_usage("sign --claims not an object -> 2",
                   T.ejwt("sign", "--alg", "HS256", "--secret", SFILE, "--claims", "[1]"))
    for flag, member in (("--iat", "iat"), ("--exp-in", "exp"), ("--nbf-in", "nbf"),
                         ("--jti", "jti")):
        args = [flag] if flag in ("--iat", "--jti") else [flag, "60"]
        T.expect_usage(f"sign --claims with {member} plus {flag} -> 2",
                       T.ejwt("sign", "--alg", "HS256", "--secret", SFILE, "--claims",
                              json.dumps({member: 1}), *args))
    T.expect_usage("sign HS256 with a PEM -> 2",
                   T.ejwt("sign", "--alg", "HS256", "--pem", SFILE))
    T.expect_usage("keygen HS256 --format pem -> 2",
                   T.ejwt("keygen", "--alg", "HS256", "--format", "pem", "--out", T.path("x")))
    T.check("keygen HS256 pem created no file", not os.path.exists(T.path("x")))
    T.expect_usage("keygen without --out -> 2", T.ejwt("keygen", "--alg", "ES256"))
    T.expect_usage("keygen into a missing directory -> 2",
                   T.ejwt("keygen", "--alg", "ES256", "--out", T.path("no/such/dir/k")))
    T.ejwt_ok("keygen HS256 jwk", "keygen", "--alg", "HS256", "--out", T.path("oct.jwk"))
    T.expect_usage("pubkey of an oct JWK -> 2", T.ejwt("pubkey", "--jwk", T.path("oct.jwk")))
    T.expect_usage("pubkey --secret -> 2", T.ejwt("pubkey", "--secret", SFILE))
    T.expect_usage("sign with a public JWK -> 2",
                   T.ejwt("sign", "--alg", "ES256", "--jwk", pubjwk_file()))


_pub = []


def pubjwk_file():
    if not _pub:
        T.ejwt("keygen", "--alg", "ES256", "--out", T.path("p.jwk"))
        _pub.append(T.write("pub.jwk", T.ejwt("pubkey", "--jwk", T.path("p.jwk")).stdout))
    return _pub[0]


def sign_verify_cases():
    out = T.ejwt_ok("sign HS256 --now", "sign", "--alg", "HS256", "--secret", SFILE,
                    "--claims", '{"iss":"me","aud":["a","b"]}', "--iat", "--exp-in", "60",
                    "--nbf-in", "-5", "--jti", "--now", NOW, "--kid", "k1", "--typ", "at+jwt")
    tok = out.strip() if out else "x.y.z"
    T.check("sign prints one token and a newline", out is not None and out.endswith("\n")
            and out.count("\n") == 1 and tok.count(".") == 2, repr(out))
    h, p, _ = tok.split(".")
    hdr = json.loads(b64url_decode(h))
    T.equal("sign header", hdr, {"alg": "HS256", "typ": "at+jwt", "kid": "k1"})
    body = json.loads(b64url_decode(p))
    T.equal("sign claims: members then iat/nbf/exp from --now",
            {k: v for k, v in body.items() if k != "jti"},
            {"iss": "me", "aud": ["a", "b"], "iat": NOW, "nbf": NOW - 5, "exp": NOW + 60})
    T.check("sign --jti: 22 base64url chars (16 random bytes)",
            len(body.get("jti", "")) == 22 and len(b64url_decode(body["jti"])) == 16, body)
    d = T.ejwt("sign", "--alg", "HS256", "--secret", SFILE, "--now", NOW)
    T.equal("sign default typ is JWT",
            json.loads(b64url_decode(d.stdout.decode().split(".")[0])),
            {"alg": "HS256", "typ": "JWT"})

    ok = T.ejwt("verify", "--secret", SFILE, "--now", NOW, "--aud", "b", "--iss", "me",
                "--typ", "at+jwt", "--require", "iss,aud,exp,nbf,iat,jti", tok)
    T.check("verify accepted: exit 0, payload + newline, empty stderr",
            ok.returncode == 0 and ok.stdout == b64url_decode(p) + b"\n" and ok.stderr == b"",
            repr(ok))
    cases = [
        ("expired", ["--now", NOW + 60], "EJWT_ERR_EXPIRED"),
        ("not yet valid", ["--now", NOW - 10], "EJWT_ERR_NOT_YET_VALID"),
        ("wrong iss", ["--now", NOW, "--iss", "you"], "EJWT_ERR_ISS_MISMATCH"),
        ("wrong aud", ["--now", NOW, "--aud", "c"], "EJWT_ERR_AUD_MISMATCH"),
        ("sub checked but absent", ["--now", NOW, "--sub", "s"], "EJWT_ERR_CLAIM_MISSING"),
        ("wrong typ", ["--now", NOW, "--typ", "JWT"], "EJWT_ERR_TYP_MISMATCH"),
        ("--alg ES256 only", ["--now", NOW, "--alg", "ES256"], "EJWT_ERR_ALG_NOT_ALLOWED"),
    ]
    for name, args, err in cases:
        T.expect_reject(f"verify {name} -> {err}", T.ejwt("verify", "--secret", SFILE, *args, tok),
                        err)
    T.ejwt_ok("verify --leeway covers a just-expired token", "verify", "--secret", SFILE,
              "--now", NOW + 60, "--leeway", "5", "--aud", "a", tok)
    # RFC 7519 4.1.3: a token with an aud is refused unless the caller names
    # one of its values, or says it checks the audience itself.
    T.expect_reject("verify without --aud of a token with aud -> EJWT_ERR_AUD_UNEXPECTED",
                    T.ejwt("verify", "--secret", SFILE, "--now", NOW, tok),
                    "EJWT_ERR_AUD_UNEXPECTED")
    T.ejwt_ok("verify --ignore-aud accepts a token with aud", "verify", "--secret", SFILE,
              "--now", NOW, "--ignore-aud", tok)
    r = T.ejwt("verify", "--secret", SFILE, "--now", NOW, "--aud", "a", "--ignore-aud", tok)
    T.check("verify --aud with --ignore-aud -> exit 2", r.returncode == 2, repr(r))
    # A fractional nbf rounds up: not valid until the next whole second.
    frac = T.ejwt("sign", "--alg", "HS256", "--secret", SFILE, "--now", NOW,
                  "--claims", '{"nbf":%d.5}' % NOW).stdout.decode().strip()
    T.expect_reject("verify nbf NOW.5 at NOW -> EJWT_ERR_NOT_YET_VALID",
                    T.ejwt("verify", "--secret", SFILE, "--now", NOW, frac),
                    "EJWT_ERR_NOT_YET_VALID")
    T.ejwt_ok("verify nbf NOW.5 at NOW + 1 -> 0", "verify", "--secret", SFILE,
              "--now", NOW + 1, frac)
    bare = T.ejwt("sign", "--alg", "HS256", "--secret", SFILE, "--now", NOW).stdout.decode().strip()
    T.expect_reject("verify --require jti on a token without -> EJWT_ERR_CLAIM_MISSING",
                    T.ejwt("verify", "--secret", SFILE, "--require", "jti", bare),
                    "EJWT_ERR_CLAIM_MISSING")
    other = T.write("other.bin", bytes(32))
    T.expect_reject("verify with the wrong secret -> EJWT_ERR_SIGNATURE_INVALID",
                    T.ejwt("verify", "--secret", other, "--now", NOW, tok),
                    "EJWT_ERR_SIGNATURE_INVALID")
    T.expect_reject("verify of 'abc' -> EJWT_ERR_SEGMENTS",
                    T.ejwt("verify", "--secret", SFILE, "abc"), "EJWT_ERR_SEGMENTS")
    none_tok = b64url(b'{"alg":"none"}') + "." + b64url(b'{}') + "."
    T.expect_reject("verify of alg none -> EJWT_ERR_HEADER_ALG",
                    T.ejwt("verify", "--secret", SFILE, none_tok), "EJWT_ERR_HEADER_ALG")

    # Tokens on stdin: '-' or no argument; one trailing "\n" or "\r\n" only.
    for label, args, data in (("'-' with \\n", ["-"], tok + "\n"),
                              ("no argument with \\r\\n", [], tok + "\r\n"),
                              ("no newline", ["-"], tok)):
        r = T.ejwt("verify", "--secret", SFILE, "--now", NOW, "--aud", "b", *args, stdin=data)
        T.check(f"verify from stdin ({label}) -> 0", r.returncode == 0, repr(r))
    r = T.ejwt("verify", "--secret", SFILE, "--now", NOW, "-", stdin=tok + "\n\n")
    T.check("verify from stdin strips only one newline -> 1",
            r.returncode == 1 and ERROR_LINE.match(r.stderr.decode()), repr(r))
    r = T.ejwt("verify", "--secret", SFILE, "--now", NOW, "-", stdin=" " + tok)
    T.check("verify from stdin keeps leading space -> 1", r.returncode == 1, repr(r))

    # Bounded stdin: 1 MiB is refused by name, never a crash.
    big = "a" * (1 << 20)
    T.expect_reject("verify 1 MiB on stdin -> EJWT_ERR_TOKEN_TOO_LONG",
                    T.ejwt("verify", "--secret", SFILE, "-", stdin=big), "EJWT_ERR_TOKEN_TOO_LONG")
    T.expect_reject("decode 1 MiB on stdin -> EJWT_ERR_TOKEN_TOO_LONG",
                    T.ejwt("decode", stdin=big), "EJWT_ERR_TOKEN_TOO_LONG")
    T.expect_reject("verify 9000-byte argument -> EJWT_ERR_TOKEN_TOO_LONG",
                    T.ejwt("verify", "--secret", SFILE, "a" * 9000), "EJWT_ERR_TOKEN_TOO_LONG")


def jws_and_decode_cases():
    payload = b"\x00\xffnot json\n\x7f"
    tok = hs256(SECRET, {"alg": "HS256"}, payload)
    r = T.ejwt("verify", "--secret", SFILE, "--jws", tok)
    T.check("verify --jws accepts a non-JSON payload, printed raw + newline",
            r.returncode == 0 and r.stdout == payload + b"\n", repr(r))
    r = T.ejwt("verify", "--secret", SFILE, tok)
    T.check("verify without --jws rejects a non-JSON payload (exit 1, error line)",
            r.returncode == 1 and ERROR_LINE.match(r.stderr.decode()) is not None
            and r.stdout == b"", repr(r))
    T.expect_reject("verify --jws still checks the signature",
                    T.ejwt("verify", "--secret", SFILE, "--jws",
                           hs256(bytes(32), {"alg": "HS256"}, payload)),
                    "EJWT_ERR_SIGNATURE_INVALID")
    # --jws skips claims: an expired JSON payload still verifies.
    exp_tok = hs256(SECRET, {"alg": "HS256"}, b'{"exp":1}')
    r = T.ejwt("verify", "--secret", SFILE, "--jws", exp_tok)
    T.check("verify --jws does not check claims", r.returncode == 0 and r.stdout == b'{"exp":1}\n',
            repr(r))
    T.expect_reject("verify (JWT) checks that exp",
                    T.ejwt("verify", "--secret", SFILE, exp_tok), "EJWT_ERR_EXPIRED")

    r = T.ejwt("decode", tok)
    lines = r.stdout.decode().splitlines()
    T.check("decode non-JSON payload: exit 0, both lines UNVERIFIED, payload escaped",
            r.returncode == 0 and len(lines) == 2 and lines[0] == 'UNVERIFIED header: '
            '{"alg":"HS256"}' and lines[1].startswith("UNVERIFIED payload")
            and "\\x00" in lines[1], repr(r))
    r = T.ejwt("decode", stdin=exp_tok + "\n")
    T.check("decode JSON payload from stdin: marked UNVERIFIED",
            r.returncode == 0 and r.stdout.decode() ==
            'UNVERIFIED header: {"alg":"HS256"}\nUNVERIFIED payload: {"exp":1}\n', repr(r))
    r = T.ejwt("decode", hs256(SECRET, {"alg": "HS256"}, b'{\n  "a": 1\n}'))
    T.check("decode keeps a multi-line JSON payload on its one marked line",
            r.returncode == 0 and r.stdout.decode().splitlines()[1:] ==
            ['UNVERIFIED payload: {   "a": 1 }'], repr(r))
    T.expect_reject("decode malformed -> exit 1", T.ejwt("decode", "not-a-token"),
                    "EJWT_ERR_SEGMENTS")
    T.expect_reject("decode bad base64 -> EJWT_ERR_BASE64", T.ejwt("decode", "e30=.e30.AA"),
                    "EJWT_ERR_BASE64")


def foreign_key_cases():
    """Keys made by python3-cryptography (Debian), the peer the other suites
    use: RSA, P-384 and P-521 in every container the tool reads are loaded
    and sign tokens that cryptography verifies; other types and curves are
    named, not called "not an EC or RSA key"; short RSA keys are refused
    with the core's error name."""
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives import serialization as ser
        from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
        from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    except ImportError as e:
        T.check("python3-cryptography for the foreign-key cases", False, str(e))
        return
    pkcs8 = (ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    spki = (ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo)
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p384 = ec.generate_private_key(ec.SECP384R1())
    p521 = ec.generate_private_key(ec.SECP521R1())

    def peer_verifies(pub, alg, tok):
        h, p, sig = tok.split(".")
        data, sig = f"{h}.{p}".encode(), b64url_decode(sig)
        hash_ = {"256": hashes.SHA256(), "384": hashes.SHA384(), "512": hashes.SHA512()}[alg[2:]]
        try:
            if alg.startswith("ES"):
                n = len(sig) // 2
                pub.verify(encode_dss_signature(int.from_bytes(sig[:n], "big"),
                                                int.from_bytes(sig[n:], "big")),
                           data, ec.ECDSA(hash_))
            elif alg.startswith("RS"):
                pub.verify(sig, data, padding.PKCS1v15(), hash_)
            else:
                pub.verify(sig, data, padding.PSS(padding.MGF1(hash_), hash_.digest_size), hash_)
            return True
        except InvalidSignature:
            return False

    loaded = (
        ("RSA PKCS#8", rsa_key, rsa_key.private_bytes(*pkcs8), ("RS256", "PS512")),
        ("RSA PKCS#1", rsa_key, rsa_key.private_bytes(ser.Encoding.PEM,
                                                      ser.PrivateFormat.TraditionalOpenSSL,
                                                      ser.NoEncryption()), ("RS384",)),
        ("RSA DER", rsa_key, rsa_key.private_bytes(ser.Encoding.DER, ser.PrivateFormat.PKCS8,
                                                   ser.NoEncryption()), ("PS256",)),
        ("P-384 PKCS#8", p384, p384.private_bytes(*pkcs8), ("ES384",)),
        ("P-384 SEC1", p384, p384.private_bytes(ser.Encoding.PEM,
                                                ser.PrivateFormat.TraditionalOpenSSL,
                                                ser.NoEncryption()), ("ES384",)),
        ("P-521 PKCS#8", p521, p521.private_bytes(*pkcs8), ("ES512",)),
    )
    for name, key, data, algs in loaded:
        f = T.write(f"foreign-{name.replace(' ', '_').replace('#', '')}.key", data)
        pf = T.write(f"foreign-{name.replace(' ', '_').replace('#', '')}.pub",
                     key.public_key().public_bytes(*spki))
        for alg in algs:
            r = T.ejwt("sign", "--alg", alg, "--pem", f, "--now", NOW)
            tok = r.stdout.decode().strip()
            T.check(f"sign {alg} with a {name} key of cryptography's", r.returncode == 0, repr(r))
            T.check(f"{alg} of ejwt with a {name} key verifies in cryptography",
                    r.returncode == 0 and peer_verifies(key.public_key(), alg, tok))
            T.ejwt_ok(f"{alg} verifies with the SPKI PEM of cryptography's {name} key",
                      "verify", "--pem", pf, "--alg", alg, "--now", NOW, tok)
    # An EC key's curve is its algorithm; one RSA key serves each RS/PS
    # --alg, RS256 when there is no --alg.
    f = T.path("foreign-RSA_PKCS8.key")
    tok = T.ejwt("sign", "--alg", "PS256", "--pem", f, "--now", NOW).stdout.decode().strip()
    T.expect_reject("PS256 token, RSA PEM without --alg (RS256) -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--pem", f, "--now", NOW, tok), "EJWT_ERR_ALG_NOT_ALLOWED")
    T.ejwt_ok("PS256 token, RSA PEM with --alg RS256,PS256", "verify", "--pem", f, "--alg",
              "RS256,PS256", "--now", NOW, tok)
    r = T.ejwt("verify", "--pem", f, "--alg", "RS256,RS384,RS512,PS256,PS384", tok)
    T.expect_usage("RSA PEM with more --alg than EJWT_MAX_JWKS_KEYS keys -> 2", r)
    r = T.ejwt("sign", "--alg", "ES256", "--pem", T.path("foreign-P-384_PKCS8.key"))
    T.expect_usage("sign ES256 with a P-384 PEM -> 2", r)
    T.check("sign ES256 with a P-384 PEM: named", b"not an EC P-256 key" in r.stderr, repr(r))
    r = T.ejwt("sign", "--alg", "RS256", "--pem", T.path("foreign-P-384_PKCS8.key"))
    T.expect_usage("sign RS256 with an EC PEM -> 2", r)
    T.check("sign RS256 with an EC PEM: named", b"not an RSA key" in r.stderr, repr(r))
    r = T.ejwt("sign", "--alg", "ES384", "--pem", f)
    T.expect_usage("sign ES384 with an RSA PEM -> 2", r)

    # RFC 7518 section 3.3: RSA keys of 2048 bits or more; the core's error.
    short = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    for name, data in (("PKCS#8", short.private_bytes(*pkcs8)),
                       ("public", short.public_key().public_bytes(*spki))):
        sf = T.write(f"short-rsa-{name.replace('#', '')}.pem", data)
        r = T.ejwt("verify", "--pem", sf, "a.b.c")
        T.expect_usage(f"verify --pem RSA-1024 {name} -> 2", r)
        T.check(f"verify --pem RSA-1024 {name}: EJWT_ERR_KEY_TOO_SHORT",
                b"EJWT_ERR_KEY_TOO_SHORT" in r.stderr, repr(r.stderr))
    # Over EJWT_RSA_MAX_BITS (4096): a public key needs no factors, so a
    # random odd 4104-bit modulus makes one without a slow key generation.
    n_big = int.from_bytes(os.urandom(513), "big") | (1 << 4103) | 1
    big = rsa.RSAPublicNumbers(65537, n_big).public_key()
    bf = T.write("big-rsa.pem", big.public_bytes(*spki))
    r = T.ejwt("verify", "--pem", bf, "--alg", "RS256", "a.b.c")
    T.expect_usage("verify --pem RSA-4104 -> 2", r)
    T.check("verify --pem RSA-4104: EJWT_ERR_LIMIT", b"EJWT_ERR_LIMIT" in r.stderr, repr(r.stderr))
    # At EJWT_RSA_MAX_BITS itself: the public JWK and its RFC 7638 kid (the
    # canonical JSON of the largest key), computed here with hashlib.
    n_max = int.from_bytes(os.urandom(512), "big") | (1 << 4095) | 1
    mf = T.write("max-rsa.pem", rsa.RSAPublicNumbers(65537, n_max).public_key().public_bytes(*spki))
    pj = json.loads(T.ejwt_ok("pubkey of a 4096-bit RSA PEM", "pubkey", "--pem", mf, "--alg",
                              "RS512") or "{}")
    canon = '{"e":"AQAB","kty":"RSA","n":"%s"}' % b64url(n_max.to_bytes(512, "big"))
    T.equal("pubkey 4096-bit RSA: kid = RFC 7638 thumbprint", pj.get("kid"),
            b64url(hashlib.sha256(canon.encode()).digest()))
    nums = short.public_key().public_numbers()
    sj = T.write("short-rsa.jwk", json.dumps({
        "kty": "RSA", "alg": "RS256",
        "n": b64url(nums.n.to_bytes(128, "big")), "e": b64url(nums.e.to_bytes(3, "big"))}))
    r = T.ejwt("verify", "--jwk", sj, "a.b.c")
    T.expect_usage("verify --jwk RSA-1024 -> 2", r)
    T.check("verify --jwk RSA-1024: EJWT_ERR_KEY_TOO_SHORT", b"EJWT_ERR_KEY_TOO_SHORT" in r.stderr,
            repr(r.stderr))

    ed = ed25519.Ed25519PrivateKey.generate()
    k1 = ec.generate_private_key(ec.SECP256K1())
    for name, data, want in (("Ed25519", ed.private_bytes(*pkcs8), b"an Ed25519 key"),
                             ("secp256k1", k1.private_bytes(*pkcs8), b"secp256k1")):
        f = T.write(f"unsupported-{name}.key", data)
        r = T.ejwt("verify", "--pem", f, "a.b.c")
        T.expect_usage(f"verify --pem {name} -> 2", r)
        T.check(f"verify --pem {name} is named: {want.decode()}", want in r.stderr,
                repr(r.stderr))


ALL_ALGS = ("ES256", "ES384", "ES512", "HS256", "HS384", "HS512",
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
EC_CRV = {"ES256": ("P-256", 32), "ES384": ("P-384", 48), "ES512": ("P-521", 66)}
RSA_PRIVATE = ["kty", "n", "e", "d", "p", "q", "dp", "dq", "qi", "alg", "kid"]


def every_alg_cases():
    """keygen, sign, verify and pubkey for every algorithm: JWK and PEM (raw
    for HMAC), in every combination of private and public forms. RSA key
    generation is slow (seconds, and varying) so two RSA keys serve all six
    RS and PS algorithms: one 2048-bit JWK, its "alg" rewritten for each (a
    JWK's alg binds it), and one 3072-bit PEM (--bits; --alg picks)."""
    rsa_pem = T.path("all_rsa.pem")
    T.ejwt_ok("keygen RS256 --format pem --bits 3072", "keygen", "--alg", "RS256", "--format",
              "pem", "--bits", "3072", "--out", rsa_pem)
    T.check("keygen RSA pem is PKCS#8",
            open(rsa_pem, "rb").read().startswith(b"-----BEGIN PRIVATE KEY-----\n"))
    rsa_jwk = T.path("all_rsa.jwk")
    T.ejwt_ok("keygen PS256 jwk", "keygen", "--alg", "PS256", "--out", rsa_jwk)
    rsa_jwk_text = json.loads(T.read("all_rsa.jwk") or b"{}")
    T.equal("keygen PS256 JWK alg", rsa_jwk_text.get("alg"), "PS256")
    for alg in ALL_ALGS:
        kind = alg[:2]
        jwk = T.path(f"all_{alg}.jwk")
        if kind in ("RS", "PS"):
            T.write(f"all_{alg}.jwk", json.dumps(dict(rsa_jwk_text, alg=alg)))
        else:
            T.ejwt_ok(f"keygen {alg} jwk", "keygen", "--alg", alg, "--out", jwk)
        j = json.loads(T.read(f"all_{alg}.jwk") or b"{}")
        T.equal(f"keygen {alg} JWK alg", j.get("alg"), alg)
        if kind == "HS":
            size = int(alg[2:]) // 8
            T.equal(f"keygen {alg} JWK: a {size}-byte k", len(b64url_decode(j.get("k", ""))), size)
            raw = T.path(f"all_{alg}.raw")
            T.ejwt_ok(f"keygen {alg} raw", "keygen", "--alg", alg, "--format", "raw", "--out", raw)
            T.equal(f"keygen {alg} raw: {size} bytes", len(T.read(f"all_{alg}.raw")), size)
            sources = (("--jwk", jwk), ("--secret", raw))
            T.expect_usage(f"keygen {alg} --format pem -> 2",
                           T.ejwt("keygen", "--alg", alg, "--format", "pem", "--out",
                                  T.path("never")))
        elif kind == "ES":
            crv, coord = EC_CRV[alg]
            T.equal(f"keygen {alg} JWK members", sorted(j),
                    sorted(["kty", "crv", "x", "y", "d", "alg", "kid"]))
            T.check(f"keygen {alg} JWK: {crv}, {coord}-byte coordinates",
                    j.get("crv") == crv and len(b64url_decode(j.get("x", ""))) == coord and
                    len(b64url_decode(j.get("d", ""))) == coord, repr(j.get("crv")))
            pem = T.path(f"all_{alg}.pem")
            T.ejwt_ok(f"keygen {alg} pem", "keygen", "--alg", alg, "--format", "pem", "--out", pem)
            sources = (("--jwk", jwk), ("--pem", pem))
        else:
            T.equal(f"keygen {alg} JWK members (RFC 7518 6.3.2)", sorted(j), sorted(RSA_PRIVATE))
            T.equal(f"keygen {alg} JWK: a 2048-bit n", len(b64url_decode(j.get("n", ""))), 256)
            sources = (("--jwk", jwk), ("--pem", rsa_pem))
        if kind != "HS":
            T.equal(f"keygen {alg} JWK kid is a 43-char thumbprint", len(j.get("kid", "")), 43)
        T.equal(f"keygen {alg} key file mode 0600", stat.S_IMODE(os.stat(jwk).st_mode), 0o600)
        for opt, f in sources:
            # The public forms of this one key: its JWK and its SPKI PEM.
            pubs = []
            extra = ["--alg", alg] if opt != "--jwk" else []
            if kind != "HS":
                pj = T.ejwt_ok(f"pubkey {alg} {opt}", "pubkey", opt, f, *extra)
                pp = T.ejwt_ok(f"pubkey {alg} {opt} --format pem", "pubkey", opt, f, *extra,
                               "--format", "pem")
                pjd = json.loads(pj or "{}")
                T.check(f"pubkey {alg} {opt}: public members only, alg {alg}",
                        pjd.get("alg") == alg and not {"d", "p", "q", "dp", "dq", "qi"} & set(pjd),
                        pj)
                if opt == "--jwk":
                    T.equal(f"pubkey {alg} kid = keygen kid", pjd.get("kid"), j.get("kid"))
                T.check(f"pubkey {alg} {opt} pem is SPKI",
                        (pp or "").startswith("-----BEGIN PUBLIC KEY-----\n"), pp)
                pubs = [("--jwk", T.write(f"pub_{alg}{opt}.jwk", pj or "")),
                        ("--pem", T.write(f"pub_{alg}{opt}.pem", pp or ""))]
            r = T.ejwt("sign", "--alg", alg, opt, f, "--now", NOW, "--claims", '{"sub":"x"}')
            tok = r.stdout.decode().strip()
            T.check(f"sign {alg} {opt}", r.returncode == 0 and tok.count(".") == 2, repr(r))
            if r.returncode != 0:
                continue
            hdr = json.loads(b64url_decode(tok.split(".")[0]))
            T.equal(f"sign {alg} {opt}: header alg", hdr.get("alg"), alg)
            if kind in ("RS", "PS"):
                size = 256 if opt == "--jwk" else 384  # the modulus' bytes
                T.equal(f"sign {alg} {opt}: a {size}-byte signature",
                        len(b64url_decode(tok.split(".")[2])), size)
            # The private form verifies its own token; each public form too.
            for vopt, vf in [(opt, f)] + pubs:
                vextra = ["--alg", alg] if vopt != "--jwk" else []
                T.ejwt_ok(f"{alg} signed with {opt} verifies with {os.path.basename(vf)}",
                          "verify", vopt, vf, *vextra, "--now", NOW, tok)
            bad = tok[:-4] + ("AAAA" if not tok.endswith("AAAA") else "BBBB")
            T.expect_reject(f"{alg} {opt}: tampered signature -> EJWT_ERR_SIGNATURE_INVALID",
                            T.ejwt("verify", opt, f, *extra, "--now", NOW, bad),
                            "EJWT_ERR_SIGNATURE_INVALID")
        if kind in ("RS", "PS"):
            # A signature not below the modulus is an invalid signature (Mbed
            # TLS calls it an invalid argument), whatever the key.
            tok = T.ejwt("sign", "--alg", alg, *sources[0], "--now", NOW).stdout.decode().strip()
            big = tok.rsplit(".", 1)[0] + "." + b64url(b"\xff" * 256)  # sources[0]: 2048 bits
            T.expect_reject(f"{alg}: signature >= n -> EJWT_ERR_SIGNATURE_INVALID",
                            T.ejwt("verify", *sources[0], "--now", NOW, big),
                            "EJWT_ERR_SIGNATURE_INVALID")
        if kind in ("ES", "RS", "PS"):
            # Another key of the algorithm does not verify this one's tokens
            # (the RSA keys differ in size: the signature's length is wrong).
            want = "EJWT_ERR_SIGNATURE_INVALID" if kind == "ES" else "EJWT_ERR_SIGNATURE_LENGTH"
            tok = T.ejwt("sign", "--alg", alg, *sources[0], "--now", NOW).stdout.decode().strip()
            T.expect_reject(f"{alg} token vs another {alg} key -> {want}",
                            T.ejwt("verify", "--pem", sources[1][1], "--alg", alg, "--now", NOW,
                                   tok), want)


def option_cases():
    """The options of the new algorithms and their usage errors."""
    T.expect_usage("keygen --bits 1024 -> 2",
                   T.ejwt("keygen", "--alg", "RS256", "--bits", "1024", "--out", T.path("b")))
    T.expect_usage("keygen --bits 2047 -> 2",
                   T.ejwt("keygen", "--alg", "PS256", "--bits", "2047", "--out", T.path("b")))
    T.expect_usage("keygen ES256 --bits 2048 -> 2",
                   T.ejwt("keygen", "--alg", "ES256", "--bits", "2048", "--out", T.path("b")))
    T.expect_usage("keygen RS256 --format raw -> 2",
                   T.ejwt("keygen", "--alg", "RS256", "--format", "raw", "--out", T.path("b")))
    T.check("keygen usage errors created no file", not os.path.exists(T.path("b")))
    r = T.ejwt("keygen", "--alg", "EdDSA", "--out", T.path("b"))
    T.expect_usage("keygen --alg EdDSA -> 2", r)
    T.check("keygen --alg EdDSA names the algorithms", b"PS512" in r.stderr, repr(r.stderr))
    # every_alg_cases made a 3072-bit PEM with --bits.
    pub = json.loads(T.ejwt("pubkey", "--pem", T.path("all_rsa.pem"), "--alg", "PS384").stdout
                     or b"{}")
    n = b64url_decode(pub.get("n", ""))
    T.check("keygen --bits 3072: a 3072-bit n", len(n) == 384 and n[0] >= 0x80, len(n))
    tok = T.ejwt("sign", "--alg", "PS384", "--jwk", T.path("all_PS384.jwk"), "--now",
                 NOW).stdout.decode().strip()
    T.expect_reject("PS384 JWK token, --alg PS256 -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--jwk", T.path("all_PS384.jwk"), "--alg", "PS256", "--now",
                           NOW, tok), "EJWT_ERR_ALG_NOT_ALLOWED")
    T.expect_usage("sign RS256 with --secret -> 2",
                   T.ejwt("sign", "--alg", "RS256", "--secret", SFILE))
    r = T.ejwt("sign", "--alg", "HS512", "--secret", SFILE)
    T.expect_usage("sign HS512 with a 32-byte secret -> 2", r)
    T.check("sign HS512 with a 32-byte secret: EJWT_ERR_KEY_TOO_SHORT",
            b"EJWT_ERR_KEY_TOO_SHORT" in r.stderr, repr(r.stderr))
    s64 = T.write("secret64.bin", bytes(range(64)))
    tok = T.ejwt("sign", "--alg", "HS384", "--secret", s64, "--now", NOW).stdout.decode().strip()
    T.expect_reject("HS384 token, --secret without --alg (HS256) -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--secret", s64, "--now", NOW, tok),
                    "EJWT_ERR_ALG_NOT_ALLOWED")
    T.ejwt_ok("HS384 token, --secret with --alg HS256,HS384", "verify", "--secret", s64,
              "--alg", "HS256,HS384", "--now", NOW, tok)
    T.expect_usage("pubkey of an oct JWK -> 2",
                   T.ejwt("pubkey", "--jwk", T.path("all_HS256.jwk")))
    T.expect_usage("pubkey --jwk with --alg -> 2",
                   T.ejwt("pubkey", "--jwk", T.path("all_ES256.jwk"), "--alg", "ES256"))


def key_cases():
    for alg, fmt in (("ES256", "jwk"), ("ES256", "pem"), ("HS256", "jwk"), ("HS256", "raw")):
        f = T.path(f"gen_{alg}.{fmt}")
        r = T.ejwt("keygen", "--alg", alg, "--format", fmt, "--out", f)
        T.check(f"keygen {alg} {fmt}: exit 0, nothing printed",
                r.returncode == 0 and r.stdout == b"" and r.stderr == b"", repr(r))
        T.equal(f"keygen {alg} {fmt}: mode 0600", stat.S_IMODE(os.stat(f).st_mode), 0o600)
    # An existing file is a key that must not be lost: refused, untouched.
    f = T.write("wide.jwk", "old", mode=0o644)
    T.expect_usage("keygen over an existing file without --force -> 2",
                   T.ejwt("keygen", "--alg", "ES256", "--out", f))
    T.equal("keygen without --force left the file as it was", T.read("wide.jwk"), b"old")
    T.check("keygen without --force says --force replaces it",
            b"--force" in T.ejwt("keygen", "--alg", "ES256", "--out", f).stderr)
    # With --force it is replaced, and a world-readable file narrowed to 0600.
    T.ejwt_ok("keygen --force over an existing file", "keygen", "--alg", "ES256", "--out", f,
              "--force")
    T.check("keygen --force wrote a new key", T.read("wide.jwk").startswith(b"{"))
    T.equal("keygen narrows an existing file to 0600", stat.S_IMODE(os.stat(f).st_mode), 0o600)
    j = json.loads(T.read("gen_ES256.jwk"))
    T.equal("keygen ES256 JWK members", sorted(j), sorted(["kty", "crv", "x", "y", "d", "alg",
                                                          "kid"]))
    T.equal("keygen ES256 JWK kid is a 43-char thumbprint", len(j["kid"]), 43)
    T.equal("keygen HS256 JWK", sorted(json.loads(T.read("gen_HS256.jwk"))), ["alg", "k", "kty"])
    T.equal("keygen HS256 raw: 32 bytes", len(T.read("gen_HS256.raw")), 32)
    T.check("keygen ES256 pem is PKCS#8", T.read("gen_ES256.pem").startswith(
        b"-----BEGIN PRIVATE KEY-----\n"))
    pub = T.ejwt_ok("pubkey of keygen JWK", "pubkey", "--jwk", T.path("gen_ES256.jwk"))
    pj = json.loads(pub) if pub else {}
    T.check("pubkey: no private member, kid = keygen kid",
            "d" not in pj and pj.get("kid") == j["kid"] and pj.get("x") == j["x"], pub)
    pem = T.ejwt_ok("pubkey --format pem", "pubkey", "--pem", T.path("gen_ES256.pem"),
                    "--format", "pem")
    T.check("pubkey pem is SPKI", pem is not None and pem.startswith("-----BEGIN PUBLIC KEY-----"),
            pem)
    # Every form of one key gives one kid.
    pf = T.write("gen_pub.pem", pem or "")
    T.equal("pubkey kid is the same from PEM private and PEM public",
            json.loads(T.ejwt("pubkey", "--pem", T.path("gen_ES256.pem")).stdout or b"{}").get("kid"),
            json.loads(T.ejwt("pubkey", "--pem", pf).stdout or b"{}").get("kid"))

    # Sign and verify across the four key forms, and a JWK Set picked by kid.
    tok = T.ejwt("sign", "--alg", "ES256", "--pem", T.path("gen_ES256.pem")).stdout.decode().strip()
    T.ejwt_ok("ES256 signed with PEM verifies with public PEM", "verify", "--pem", pf, tok)
    other_pub = json.loads(T.ejwt("pubkey", "--jwk", pubjwk_file()).stdout)
    kset = T.write("set.json", json.dumps({"keys": [other_pub, pj]}))
    tok = T.ejwt("sign", "--alg", "ES256", "--jwk", T.path("gen_ES256.jwk")).stdout.decode().strip()
    T.ejwt_ok("ES256 token (kid = thumbprint) verifies against a JWK Set", "verify", "--jwk",
              kset, tok)
    tok2 = T.ejwt("sign", "--alg", "ES256", "--jwk", T.path("gen_ES256.jwk"), "--kid",
                  "nobody").stdout.decode().strip()
    T.expect_reject("token kid not in the set -> EJWT_ERR_KEY_NOT_FOUND",
                    T.ejwt("verify", "--jwk", kset, tok2), "EJWT_ERR_KEY_NOT_FOUND")
    T.expect_reject("ES256 token vs HS256 key -> EJWT_ERR_ALG_NOT_ALLOWED",
                    T.ejwt("verify", "--secret", SFILE, tok), "EJWT_ERR_ALG_NOT_ALLOWED")
    T.expect_reject("ES256 token, --alg ES256 but an HS256 key -> EJWT_ERR_ALG_KEY_MISMATCH",
                    T.ejwt("verify", "--secret", SFILE, "--alg", "ES256", tok),
                    "EJWT_ERR_ALG_KEY_MISMATCH")


def access_token_cases():
    """verify --profile access-token (RFC 9068): its usage errors, one token
    accepted and one refused. The peer-made tokens are in
    access_token_pyjwt.py."""
    T.ejwt("keygen", "--alg", "ES256", "--out", T.path("at.jwk"))
    pub = json.loads(T.ejwt("pubkey", "--jwk", T.path("at.jwk")).stdout or b"{}")
    jwks = T.write("at-jwks.json", json.dumps({"keys": [pub]}))
    iss, res = "https://as.example", "https://api.example"
    prof = ["verify", "--profile", "access-token"]
    tok = "a.b.c"
    for name, args in (
            ("--profile without --issuer", prof + ["--resource", res, "--jwks", jwks, tok]),
            ("--profile without --resource", prof + ["--issuer", iss, "--jwks", jwks, tok]),
            ("--profile with an empty --issuer",
             prof + ["--issuer", "", "--resource", res, "--jwks", jwks, tok]),
            ("--profile unknown", ["verify", "--profile", "id-token", "--issuer", iss,
                                   "--resource", res, "--jwks", jwks, tok]),
            ("--issuer without --profile", ["verify", "--issuer", iss, "--jwks", jwks, tok]),
            ("--resource without --profile", ["verify", "--resource", res, "--jwks", jwks, tok]),
            ("--scope without --profile", ["verify", "--scope", "read", "--jwks", jwks, tok]),
            ("--profile with --aud", prof + ["--issuer", iss, "--resource", res, "--aud", res,
                                             "--jwks", jwks, tok]),
            ("--profile with --typ", prof + ["--issuer", iss, "--resource", res, "--typ", "JWT",
                                             "--jwks", jwks, tok]),
            ("--profile with --jws", prof + ["--issuer", iss, "--resource", res, "--jws",
                                             "--jwks", jwks, tok]),
            ("--profile with --secret", prof + ["--issuer", iss, "--resource", res,
                                                "--secret", SFILE, tok]),
            ("--jwks and --jwk", prof + ["--issuer", iss, "--resource", res, "--jwks", jwks,
                                         "--jwk", jwks, tok])):
        T.expect_usage(f"verify {name} -> 2", T.ejwt(*args))
    claims = {"iss": iss, "aud": res, "sub": "user-1", "client_id": "c-1",
              "scope": "openid read"}
    signed = T.ejwt("sign", "--alg", "ES256", "--jwk", T.path("at.jwk"), "--typ", "at+jwt",
                    "--claims", json.dumps(claims), "--iat", "--exp-in", "300", "--jti",
                    "--now", NOW).stdout.decode().strip()
    common = prof + ["--issuer", iss, "--resource", res, "--jwks", jwks, "--alg", "ES256",
                     "--now", NOW + 1]
    ok = T.ejwt(*common, "--scope", "read", signed)
    body = json.loads(b64url_decode(signed.split(".")[1])) if signed.count(".") == 2 else None
    T.check("verify --profile access-token accepted: exit 0, claims + newline, empty stderr",
            ok.returncode == 0 and body is not None and json.loads(ok.stdout) == body
            and ok.stdout.endswith(b"\n") and ok.stderr == b"", repr(ok))
    T.expect_reject("verify --profile access-token --scope 'read write' -> "
                    "EJWT_ERR_SCOPE_INSUFFICIENT",
                    T.ejwt(*common, "--scope", "read write", signed),
                    "EJWT_ERR_SCOPE_INSUFFICIENT")
    jwt_typ = T.ejwt("sign", "--alg", "ES256", "--jwk", T.path("at.jwk"), "--claims",
                     json.dumps(claims), "--iat", "--exp-in", "300", "--jti",
                     "--now", NOW).stdout.decode().strip()
    T.expect_reject("verify --profile access-token of a typ JWT token -> EJWT_ERR_TYP_MISMATCH",
                    T.ejwt(*common, jwt_typ), "EJWT_ERR_TYP_MISMATCH")


for fn in (usage_cases, sign_verify_cases, jws_and_decode_cases, key_cases,
           foreign_key_cases, every_alg_cases, option_cases, access_token_cases):
    T.run(fn.__name__, fn)
T.finish()
