#!/usr/bin/python3
# tsa-server.py PKI DIR - a real RFC 3161 time-stamping authority for the tests, on 127.0.0.1 only.
#
# Listens on a free port (written to DIR/port once it listens), answers POSTed TimeStampReqs with
# 'openssl ts -reply' signed by PKI/tsa.pem and PKI/tsa.key, and serves broken answers on purpose,
# chosen by the request path:
#   /ok             a correct reply
#   /http-500       HTTP 500
#   /garbage        HTTP 200 with bytes that are no TimeStampResp
#   /wrong-nonce    a correct reply to the same request with another nonce
#   /wrong-imprint  a correct reply to the same request with another message imprint
#   /fail-first     HTTP 500 for the first request to this path, then correct replies
#   /other-policy   a correct reply under policy ...99999.1.1 to a request for policy ...99999.1.2
#   /size-N         HTTP 200 with N bytes that are no TimeStampResp (N up to 2 MiB)
# Every request is logged to DIR/log. It stops by itself when the test that started it is gone, after
# 900 s (a run under valgrind is slow) or 200 requests, or when DIR/stop exists, so that a test that
# dies never leaves it running.
import http.server
import os
import subprocess
import sys
import threading
import time

pki, work = sys.argv[1], sys.argv[2]
openssl = os.environ.get("OPENSSL", "openssl")
conf = os.path.join(work, "tsa.cnf")
with open(conf, "w") as f:
    f.write(f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
serial = {work}/tsa-serial
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1.1
other_policies = 1.3.6.1.4.1.99999.1.2
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")
with open(os.path.join(work, "tsa-serial"), "w") as f:
    f.write("01\n")
lock = threading.Lock()
served = 0
seen = set()


def tlv(b, i):
    """(tag, start of content, end of content) of the DER element at b[i]."""
    tag, n = b[i], b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(b[i:i + k], "big")
        i += k
    return tag, i, i + n


def flip(query, what):
    """The query with the last byte of its nonce, of its imprint's digest or of its policy changed."""
    b = bytearray(query)
    _, c, end = tlv(b, 0)          # TimeStampReq SEQUENCE
    _, c1, e1 = tlv(b, c)          # version
    t, c2, e2 = tlv(b, e1)         # messageImprint SEQUENCE
    if what == "imprint":
        b[e2 - 1] ^= 0x01          # the digest OCTET STRING ends the imprint
        return bytes(b)
    i = e2
    while i < end:
        t, ci, ei = tlv(b, i)
        if t == 0x02 and what == "nonce":  # the nonce INTEGER
            b[ei - 1] ^= 0x01
            return bytes(b)
        if t == 0x06 and what == "policy":  # reqPolicy: ...99999.1.2 becomes ...99999.1.1
            b[ei - 1] ^= 0x03
            return bytes(b)
        i = ei
    return bytes(b)


def reply(query):
    q = os.path.join(work, "q.tsq")
    r = os.path.join(work, "r.tsr")
    with open(q, "wb") as f:
        f.write(query)
    env = dict(os.environ, OPENSSL_CONF="/dev/null")
    subprocess.run([openssl, "ts", "-reply", "-config", conf, "-queryfile", q, "-signer", pki + "/tsa.pem",
                    "-inkey", pki + "/tsa.key", "-out", r], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(r, "rb") as f:
        return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        with open(os.path.join(work, "log"), "a") as f:
            f.write("%s %s\n" % (self.path, fmt % args))

    def do_POST(self):
        global served
        n = int(self.headers.get("Content-Length", "0"))
        query = self.rfile.read(min(n, 1 << 20))
        with lock:
            served += 1
            try:
                first = self.path not in seen
                seen.add(self.path)
                if self.path == "/http-500" or (self.path == "/fail-first" and first):
                    self.send_error(500, "TSA out of order")
                    return
                if self.path == "/garbage":
                    body = b"this is not a TimeStampResp\n"
                elif self.path.startswith("/size-"):
                    body = b"x" * min(int(self.path[6:]), 2 << 20)
                elif self.path == "/wrong-nonce":
                    body = reply(flip(query, "nonce"))
                elif self.path == "/wrong-imprint":
                    body = reply(flip(query, "imprint"))
                elif self.path == "/other-policy":
                    body = reply(flip(query, "policy"))
                else:
                    body = reply(query)
            except Exception as e:  # noqa: BLE001 - the test sees an HTTP 500 and the log says why
                self.log_message("error: %s", e)
                self.send_error(500, "reply failed")
                return
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(work, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(os.path.join(work, "port.tmp"), os.path.join(work, "port"))
threading.Thread(target=srv.serve_forever, daemon=True).start()
start = time.time()
parent = os.getppid()
while (time.time() - start < 900 and served < 200 and os.getppid() == parent
       and not os.path.exists(os.path.join(work, "stop"))):
    time.sleep(0.1)
srv.shutdown()
