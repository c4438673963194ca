#!/usr/bin/python3
# pact-fake-host.py - a minimal PACT 2.x host for tests/cli/pact-pull.sh (the client's own checks,
# which pcf serve never makes fail): HTTPS on 127.0.0.1 (a free port, printed as "PORT N"), POST
# /auth/token for any Basic credentials, no /3/ (404), GET /2/footprints with three footprints:
#   plain   - no bundle extension (written as unverified secondary data)
#   badsha  - the extension's sha256 is not the bundle's
#   tamper  - a bundle with one byte changed, extension sha256 and size matching the changed bytes
# usage: pact-fake-host.py CERT KEY BUNDLE
import hashlib, http.server, json, ssl, sys

cert, key, bundle = sys.argv[1:4]
good = open(bundle, "rb").read()
bad = bytearray(good); bad[len(bad) // 2] ^= 0x01; bad = bytes(bad)
CID = "0a1b2c3d-0000-4000-8000-000000000001"

def fp(i, ext):
    f = {"id": "00000000-0000-4000-8000-00000000000%d" % i, "specVersion": "2.3.0",
         "pcf": {"declaredUnit": "kilogram", "pCfExcludingBiogenic": "1.5"}}
    if ext:
        f["extensions"] = [{"specVersion": "2.0.0", "dataSchema": "x", "data": ext}]
    return f

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, code, body, ctype="application/json"):
        self.send_response(code); self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/auth/token":
            return self.send(200, json.dumps({"access_token": "t" * 32, "token_type": "Bearer"}).encode())
        self.send(404, b"{}")
    def do_GET(self):
        base = "https://127.0.0.1:%d" % self.server.server_port
        if self.path.startswith("/2/footprints"):
            data = [fp(1, None),
                    fp(2, {"certificateId": CID, "sha256": "0" * 64, "size": len(good),
                           "bundleUrl": base + "/bundles/good.pcfb", "mediaType": "application/vnd.pcfkit.bundle"}),
                    fp(3, {"certificateId": CID, "sha256": hashlib.sha256(bad).hexdigest(), "size": len(bad),
                           "bundleUrl": base + "/bundles/bad.pcfb", "mediaType": "application/vnd.pcfkit.bundle"})]
            return self.send(200, json.dumps({"data": data}).encode())
        if self.path == "/bundles/good.pcfb":
            return self.send(200, good, "application/vnd.pcfkit.bundle")
        if self.path == "/bundles/bad.pcfb":
            return self.send(200, bad, "application/vnd.pcfkit.bundle")
        self.send(404, b'{"code": "NotFound", "message": "no"}')

srv = http.server.HTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(cert, key)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print("PORT %d" % srv.server_port, flush=True)
srv.serve_forever()
