#!/bin/sh
# serve-robust.sh - `pcf serve` under bad input: malformed filters and token requests, oversized
# headers, bodies and query strings (each limit of docs/limits.md at its boundary: N accepted,
# N + 1 refused), expired, forged and foreign tokens, path tricks in ids, slow and surplus
# connections, bad configuration (credentials others can read, malformed lines, bad TLS files).
# Each is a clear PACT error (or OAuth error at /auth/token), the server keeps serving, the
# registry and the bundles stay byte for byte as they were, no secret or token reaches the log,
# and SIGTERM stops the server cleanly.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
. "$top_srcdir/tests/cli/serve.inc"
rstr() { head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-"$1"; }
# xs N: N x characters.
xs() { head -c "$1" /dev/zero | tr '\0' x; }

serve_fixture
BUN_SHA=$(cat "$T"/bun/*.pcfb | sha256sum)
SERVE="--registry $T/reg.db --tls-cert $T/tls.pem --tls-key $T/tls.key --credentials $T/creds --listen 127.0.0.1:0"

# Configuration refused before anything is served.
cp "$T/creds" "$T/creds.open"; chmod 640 "$T/creds.open"
expect 1 "a credentials file the group can read is refused" "$PCF" serve --registry "$T/reg.db" --tls-cert "$T/tls.pem" \
	--tls-key "$T/tls.key" --credentials "$T/creds.open" --listen 127.0.0.1:0
expect_err "creds.open: the credentials file is accessible by group or others \(mode 0640\); run chmod 600" "the error names the file, the mode and the fix"
chmod 604 "$T/creds.open"
expect 1 "a credentials file others can read is refused" "$PCF" serve --registry "$T/reg.db" --tls-cert "$T/tls.pem" \
	--tls-key "$T/tls.key" --credentials "$T/creds.open" --listen 127.0.0.1:0
printf 'good-client 0123456789abcdef0123\nlonely-client\n' >"$T/creds.bad"; chmod 600 "$T/creds.bad"
expect 1 "a credentials line with one word is refused" "$PCF" serve --registry "$T/reg.db" --tls-cert "$T/tls.pem" \
	--tls-key "$T/tls.key" --credentials "$T/creds.bad" --listen 127.0.0.1:0
expect_err "creds.bad:2: expected CLIENT-ID SECRET \(two words\), found one word" "the error gives file:line and what was expected"
printf 'a-client Sh0rtSecret\n' >"$T/creds.short"; chmod 600 "$T/creds.short"
expect 1 "a secret under 16 characters is refused" "$PCF" serve --registry "$T/reg.db" --tls-cert "$T/tls.pem" \
	--tls-key "$T/tls.key" --credentials "$T/creds.short" --listen 127.0.0.1:0
expect_err "creds.short:1:10: a secret has 16 to 256 characters, this one has 11" "the error says why"
check "the refused secret is not in the message" sh -c "! grep -q Sh0rtSecret '$T/err'"
expect 5 "a missing credentials file" "$PCF" serve --registry "$T/reg.db" --tls-cert "$T/tls.pem" --tls-key "$T/tls.key" \
	--credentials "$T/none" --listen 127.0.0.1:0
cp "$T/tls.key" "$T/tls-open.key"; chmod 644 "$T/tls-open.key"
expect 1 "a TLS key others can read is refused" "$PCF" serve --registry "$T/reg.db" --tls-cert "$T/tls.pem" \
	--tls-key "$T/tls-open.key" --credentials "$T/creds" --listen 127.0.0.1:0
echo "not a certificate" >"$T/junk.pem"
expect 5 "a TLS certificate that is not one is refused" "$PCF" serve --registry "$T/reg.db" --tls-cert "$T/junk.pem" \
	--tls-key "$T/tls.key" --credentials "$T/creds" --listen 127.0.0.1:0
expect_err "TLS certificate or key was refused" "the error says so"
expect 1 "a file that is not a registry" "$PCF" serve --registry "$T/creds" --tls-cert "$T/tls.pem" --tls-key "$T/tls.key" \
	--credentials "$T/creds" --listen 127.0.0.1:0
expect 2 "--registry is required" "$PCF" serve --tls-cert "$T/tls.pem" --tls-key "$T/tls.key" --credentials "$T/creds"
expect 2 "--listen needs ADDR:PORT" "$PCF" serve $SERVE --listen 127.0.0.1
expect 2 "--listen refuses a port over 65535" "$PCF" serve $SERVE --listen 127.0.0.1:65536
expect 2 "--listen takes an IPv4 address" "$PCF" serve $SERVE --listen localhost:0
expect 2 "--token-ttl 0 is refused" "$PCF" serve $SERVE --token-ttl 0
expect 2 "an unknown option exits 2" "$PCF" serve $SERVE --no-such-option
expect 0 "--help" "$PCF" serve --help
expect_out "--credentials FILE" "--help names the options"

serve_start main
token
check "the server starts and serves" alive
expect 5 "a second server on the same port cannot bind" "$PCF" serve --registry "$T/reg.db" --tls-cert "$T/tls.pem" \
	--tls-key "$T/tls.key" --credentials "$T/creds" --listen "127.0.0.1:$PORT"

# Malformed filters: 400 BadRequest naming the parameter.
bad() { api "/3/footprints?$1"; pact_err 400 BadRequest && body_is ".message | test(\"$2\")"; }
check "validOn=notadate" bad "validOn=notadate" 'validOn must be an RFC 3339 date-time'
check "validOn with month 13" bad "validOn=2025-13-01T00:00:00Z" 'validOn must be'
check "validOn with a date only" bad "validOn=2025-01-01" 'validOn must be'
check "validAfter without a zone" bad "validAfter=2025-01-01T00:00:00" 'validAfter must be'
check "validBefore with trailing junk" bad "validBefore=2025-01-01T00:00:00Zjunk" 'validBefore must be'
check "a filter without a value" bad "productId=" 'has no value'
check "an unknown parameter" bad "colour=red" 'unknown query parameter .colour.'
check "limit=abc" bad "limit=abc" 'limit must be a whole number'
check "limit=-1" bad "limit=-1" 'limit must be'
check "limit over 2^32" bad "limit=99999999999" 'limit must be'
check "offset=x" bad "offset=x" 'offset must be'
api "/3/footprints?geography=CN%00"
check "geography=CN%00 matches nothing: %00 stays as it is, it does not cut the value to CN" sh -c "[ $code = 200 ] && jq -e '.data == []' '$T/body' >/dev/null"
check "after the malformed filters the server still serves" alive

# Query parameters: 64 accepted, 65 refused.
q=""; i=0; while [ $i -lt 63 ]; do q="${q}x-pad-$i=1&"; i=$((i + 1)); done
api "/3/footprints?${q}geography=CN"
check "64 query parameters are accepted" sh -c "[ $code = 200 ] && jq -e '.data | length == 2' '$T/body' >/dev/null"
api "/3/footprints?${q}geography=CN&x-one-more=1"
check "65 query parameters are refused (400 BadRequest)" sh -c "[ $code = 400 ] && jq -e '.code == \"BadRequest\" and (.message | test(\"more than 64 query parameters\"))' '$T/body' >/dev/null"

# Header fields: 8192 bytes (names and values) accepted, 8193 refused with 431.
hostlen=$(printf '127.0.0.1:%s' "$PORT" | wc -c)
pad=$((8192 - (4 + hostlen) - (13 + 7 + 64) - 5))
req -H 'User-Agent:' -H 'Accept:' -H "Authorization: Bearer $TOK" -H "X-Pad: $(xs $pad)" "$BASE/3/footprints"
check "header fields of 8192 bytes are accepted" is_code 200
req -H 'User-Agent:' -H 'Accept:' -H "Authorization: Bearer $TOK" -H "X-Pad: $(xs $((pad + 1)))" "$BASE/3/footprints"
check "header fields of 8193 bytes: 431 BadRequest" sh -c "[ $code = 431 ] && jq -e '.code == \"BadRequest\" and (.message | test(\"8193 bytes, more than 8192\"))' '$T/body' >/dev/null"
req -H "X-Pad: $(xs 70000)" "$BASE/3/footprints"
check "a 70000-byte header (past libmicrohttpd's 64 KiB buffer) is refused with an error status" sh -c "[ $code -ge 400 ] && [ $code -lt 500 ]"
check "after the oversized headers the server still serves" alive

# Bodies: 4096 bytes accepted, 4097 refused with 413 (announced, and chunked).
body4096="grant_type=client_credentials&pad=$(xs $((4096 - 34)))"
req -u "$CID:$CSECRET" --data-binary "$body4096" "$BASE/auth/token"
check "a token request with a 4096-byte body is accepted" sh -c "[ $code = 200 ] && jq -e '.access_token | length == 64' '$T/body' >/dev/null"
req -u "$CID:$CSECRET" --data-binary "${body4096}x" "$BASE/auth/token"
check "a 4097-byte body: 413 BadRequest" sh -c "[ $code = 413 ] && jq -e '.code == \"BadRequest\" and (.message | test(\"over 4096 bytes\"))' '$T/body' >/dev/null"
req -u "$CID:$CSECRET" -H 'Transfer-Encoding: chunked' --data-binary "$body4096" "$BASE/auth/token"
check "a chunked 4096-byte body is accepted" is_code 200
req -u "$CID:$CSECRET" -H 'Transfer-Encoding: chunked' --data-binary "${body4096}x" "$BASE/auth/token"
check "a chunked 4097-byte body: 413 BadRequest" pact_err 413 BadRequest
req -u "$CID:$CSECRET" -H 'Content-Length: 99999999999' --data-binary "x" "$BASE/auth/token"
check "an absurd Content-Length: 413 at once" pact_err 413 BadRequest
check "after the oversized bodies the server still serves" alive

# The token endpoint's own errors (RFC 6749 5.2).
oauth() { is_code "$1" && body_is ".error == \"$2\" and (.error_description | length > 0)"; }
req -u "$CID:$CSECRET" -d grant_type=password "$BASE/auth/token"
check "grant_type=password: 400 unsupported_grant_type" oauth 400 unsupported_grant_type
req -u "$CID:$CSECRET" -d scope=x "$BASE/auth/token"
check "no grant_type: 400 invalid_request" oauth 400 invalid_request
req -u "$CID:$CSECRET" -d 'grant_type=client%zzcredentials' "$BASE/auth/token"
check "a malformed %-escape: 400 invalid_request" oauth 400 invalid_request
req -u "$CID:$CSECRET" -H 'Content-Type: application/json' -d '{"grant_type":"client_credentials"}' "$BASE/auth/token"
check "a JSON body: 400 invalid_request" oauth 400 invalid_request
req -d grant_type=client_credentials "$BASE/auth/token"
check "no client authentication: 401 invalid_client" oauth 401 invalid_client
req -H 'Authorization: Basic bm8tY29sb24taGVyZQ==' -d grant_type=client_credentials "$BASE/auth/token"
check "Basic credentials without a colon: 401 invalid_client" oauth 401 invalid_client
req -H 'Authorization: Basic ###' -d grant_type=client_credentials "$BASE/auth/token"
check "Basic credentials that are not base64: 401 invalid_client" oauth 401 invalid_client
req -u "other-client:$CSECRET" -d grant_type=client_credentials "$BASE/auth/token"
check "one client's secret does not open another client: 401" oauth 401 invalid_client
req -u "other-client:0123456789abcdef-other" -d grant_type=client_credentials "$BASE/auth/token"
check "the second client of the file gets a token" is_code 200
req -X GET -u "$CID:$CSECRET" "$BASE/auth/token"
check "GET /auth/token: 405" pact_err 405 BadRequest

# Forged tokens: 401 BadRequest, each.
forged() { req -H "Authorization: $1" "$BASE/3/footprints"; pact_err 401 BadRequest && grep -qi '^WWW-Authenticate: Bearer' "$T/hdr"; }
last=$(printf %s "$TOK" | cut -c64); case $last in 0) flip=1;; *) flip=0;; esac
check "a random 64-hex token" forged "Bearer $(rstr 64)"
check "a real token with its last digit changed" forged "Bearer $(printf %s "$TOK" | cut -c1-63)$flip"
check "a real token with one more digit" forged "Bearer ${TOK}0"
check "a real token cut short" forged "Bearer $(printf %s "$TOK" | cut -c1-63)"
check "a real token in upper case" forged "Bearer $(printf %s "$TOK" | tr a-f A-F)"
check "Bearer and nothing" forged "Bearer "
check "the client's Basic credentials instead of a token" forged "Basic $(printf '%s:%s' "$CID" "$CSECRET" | base64 -w0)"
req "$BASE/3/footprints"
check "no Authorization header: 401 BadRequest" pact_err 401 BadRequest

# Path tricks in ids: 400 BadRequest (or 404 for a path that is no endpoint), never a file.
path() { req --path-as-is -H "Authorization: Bearer $TOK" "$BASE$1"; pact_err "$2" "$3"; }
check "../../etc/passwd as an id" path "/3/footprints/../../etc/passwd" 400 BadRequest
check "%2e%2e%2f as an id" path "/3/footprints/%2e%2e%2f%2e%2e%2fetc%2fpasswd" 400 BadRequest
check "an id with a %00 after it" path "/3/footprints/$(jq -r '.data[0].id' "$T/all.json" 2>/dev/null || echo 00000000-0000-0000-0000-000000000000)%00" 400 BadRequest
api /3/footprints; id=$(jq -r '.data[0].id' "$T/body"); cert=$(jq -r '.data[0].extensions[-1].data.certificateId' "$T/body")
check "an id with a %00 after it (a real id)" path "/3/footprints/$id%00" 400 BadRequest
check "an id with a path after it" path "/3/footprints/$id/../$id" 400 BadRequest
check "an id of 5000 characters" path "/3/footprints/$(xs 5000)" 400 BadRequest
api "/3/footprints/$(printf %s "$id" | tr a-f A-F)"
check "an id in upper case is the same id" sh -c "[ $code = 200 ] && jq -e '.data.id == \"$id\"' '$T/body' >/dev/null"
check "../reg.db as a bundle" path "/bundles/../reg.db" 400 BadRequest
check "%2e%2e%2freg.db as a bundle" path "/bundles/%2e%2e%2freg.db" 400 BadRequest
check "a bundle name with a slash after it" path "/bundles/$cert.pcfb/" 400 BadRequest
check "a certificate id with the wrong extension" path "/bundles/$cert.tar" 400 BadRequest
check "an unknown certificate id" path "/bundles/00000000-0000-0000-0000-000000000000.pcfb" 404 NotFound
check "a path that is no endpoint" path "//3/footprints" 404 NotFound
check "a path that is no endpoint (/etc/passwd)" path "/etc/passwd" 404 NotFound
req -X DELETE -H "Authorization: Bearer $TOK" "$BASE/3/footprints"
check "DELETE /3/footprints: 405" pact_err 405 BadRequest
req -H "Authorization: Bearer $TOK" -H 'Host: evil.example/../x' "$BASE/3/footprints"
check "a malformed Host header: 400 BadRequest (it would go into the links)" pact_err 400 BadRequest
req --http1.0 -H 'Host:' -H "Authorization: Bearer $TOK" "$BASE/3/footprints"
check "no Host header (HTTP/1.0): 400 BadRequest" pact_err 400 BadRequest
check "after the path tricks the server still serves" alive

# A slow client (half a request line, then nothing) does not hold up the others.
python3 -c '
import socket, ssl, sys, time
ctx = ssl.create_default_context(cafile=sys.argv[2])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="127.0.0.1")
s.send(b"GET /3/foot")
open(sys.argv[3], "w").write("ready\n")
time.sleep(4)
' "$PORT" "$T/tls.pem" "$T/slow.ready" &
slow=$!
i=0; while [ ! -s "$T/slow.ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "while a client sends half a request, others are served" alive
kill $slow 2>/dev/null; wait $slow 2>/dev/null

check "the log has no secret and no token" sh -c "! grep -q -e '$CSECRET' -e '$TOK' -e 0123456789abcdef-other '$T/main.log'"
check "the log has one line per request (method, path, status, bytes)" grep -q '^pcf serve: GET /3/footprints 200 [0-9]*$' "$T/main.log"
check "the log never has a query" sh -c "! grep -q 'geography' '$T/main.log'"
TOK_MAIN=$TOK
serve_stop
check "SIGTERM: exit 0" test "$src" = 0
check "SIGTERM: the log says it stopped" grep -q '^pcf serve: stopped (SIGTERM)$' "$T/main.log"
req "$BASE/3/footprints"
check "after SIGTERM the port no longer answers" test "$code" = 000

# Tokens: one server's tokens are nothing to the next; a token expires after --token-ttl.
serve_start ttl --token-ttl 1
req -H "Authorization: Bearer $TOK_MAIN" "$BASE/3/footprints"
check "a token of a stopped server is unknown to a new one (tokens live in memory)" pact_err 401 BadRequest
token
sleep 2
api /3/footprints
check "a token older than --token-ttl: 401 TokenExpired" pact_err 401 TokenExpired
check "the expired token's WWW-Authenticate says invalid_token" grep -qi '^WWW-Authenticate: Bearer error="invalid_token"' "$T/hdr"
serve_stop

# --quiet: no access log, and still nothing but the start line on stdout.
serve_start quiet --quiet
token; api /3/footprints
check "--quiet serves" is_code 200
serve_stop
check "--quiet: exit 0 on SIGTERM and an empty log" sh -c "[ $src = 0 ] && [ ! -s '$T/quiet.log' ] && [ \$(wc -l <'$T/quiet.out') = 1 ]"

# Connections: --max-connections 2 holds two, refuses a third.
serve_start conn --max-connections 2
token
cat >"$T/conn.py" <<'PY'
# conn.py PORT CA HELD: hold HELD TLS connections open, then try one more. At the limit the server
# stops accepting, so the extra connection waits in the kernel's queue: its handshake gets no answer
# (3 s, far below the 10 s idle timeout that would free a slot); once the held ones close, the
# same connection is served.
import socket, ssl, sys
port, ca, held = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=ca)
socks = [ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10), server_hostname="127.0.0.1")
         for _ in range(held)]
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=3), server_hostname="127.0.0.1",
                    do_handshake_on_connect=False)
try:
    s.do_handshake()
    print("with %d held: answered" % held)
except (TimeoutError, socket.timeout):
    print("with %d held: waiting" % held)
    for h in socks:
        h.close()
    s.settimeout(20)
    s.do_handshake()
s.sendall(b"GET /3/footprints HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
print("then: " + s.recv(12).decode())
PY
python3 "$T/conn.py" $PORT "$T/tls.pem" 1 >"$T/conn1.out" 2>&1
check "1 connection held of 2: a second is served at once" grep -qx 'with 1 held: answered' "$T/conn1.out"
python3 "$T/conn.py" $PORT "$T/tls.pem" 2 >"$T/conn.out" 2>&1
check "2 connections held of 2: a third is not taken (it waits in the queue)" grep -qx 'with 2 held: waiting' "$T/conn.out"
check "when they close, the waiting connection is served" grep -qx 'then: HTTP/1.1 401' "$T/conn.out"
check "after the connection flood the server still serves" alive
serve_stop
check "SIGTERM with connections closed: exit 0" test "$src" = 0

# Page size: 1001 footprints; a page has at most 1000, with a Link to the rest.
mkdir -p "$T/inv1001" "$T/bun1001"
i=0; while [ $i -lt 1001 ]; do
	sed "s/bracket:b-200/bracket:p-$i/" "$EX/steel-bracket.yaml" >"$T/inv1001/p$i.yaml"; i=$((i + 1))
done
"$PCF_FIX" issue "$T"/inv1001/*.yaml $PACT_ISSUE $(sign issuer) -o "$T/bun1001" --registry "$T/reg1001.db" >"$T/issue1001.out" 2>&1
check "1001 footprints issued into a second registry" test "$(ls "$T/bun1001" | wc -l)" = 1001
cp "$T/reg.db" "$T/reg4.db"; cp "$T/reg1001.db" "$T/reg.db"
serve_start page
token
check "the server loads 1001 footprints" grep -q '(1001 footprints, 0 skipped)' "$T/page.out"
nlink() { sed -n 's/^[Ll]ink: <[^>]*offset=\([0-9]*\)>; rel="next".*/\1/p' "$T/hdr" | tr -d '\r'; }
api "/3/footprints?limit=1000"
check "limit=1000: 1000 footprints and a Link to offset 1000" sh -c "[ $code = 200 ] && jq -e '.data | length == 1000' '$T/body' >/dev/null && [ '$(nlink)' = 1000 ]"
api "/3/footprints?limit=1001"
check "limit=1001: still 1000 (the page limit) and a Link" sh -c "[ $code = 200 ] && jq -e '.data | length == 1000' '$T/body' >/dev/null && [ '$(nlink)' = 1000 ]"
api "/3/footprints"
check "no limit: 1000 and a Link" sh -c "jq -e '.data | length == 1000' '$T/body' >/dev/null && [ '$(nlink)' = 1000 ]"
api "/3/footprints?limit=1000&offset=1000"
check "the second page: the last footprint, no Link" sh -c "jq -e '.data | length == 1' '$T/body' >/dev/null && [ -z '$(nlink)' ]"
api "/3/footprints?limit=0"
check "limit=0 is the page limit too" sh -c "jq -e '.data | length == 1000' '$T/body' >/dev/null"
serve_stop
check "SIGTERM after serving 1001: exit 0" test "$src" = 0
cp "$T/reg4.db" "$T/reg.db"

# A footprint issued twice (the same inventory certified again): served once, from the later certificate.
cp "$T/reg.db" "$T/reg-twice.db"; cp -r "$T/bun" "$T/bun-twice"
"$PCF_FIX" issue "$T/inv/cement.yaml" $PACT_ISSUE $(sign issuer) -o "$T/bun-twice/cement-again.pcfb" --registry "$T/reg-twice.db" >"$T/again.out" 2>&1
again=$(tar -xOf "$T/bun-twice/cement-again.pcfb" manifest.json | jq -r '."certificate-id"')
fid=$(tar -xOf "$T/bun-twice/cement-again.pcfb" export/pact-v3.json | jq -r .id)
check "the second certificate has the footprint id of the first" test "$fid" = "$(tar -xOf "$T/bun/cement.pcfb" export/pact-v3.json | jq -r .id)"
cp "$T/reg.db" "$T/reg4.db"; cp "$T/reg-twice.db" "$T/reg.db"
serve_start twice
token
check "the server serves 4 footprints and counts the earlier certificate as skipped" grep -q '(4 footprints, 1 skipped)' "$T/twice.out"
api "/3/footprints/$fid"
check "the footprint names the later certificate" body_is ".data.extensions[-1].data.certificateId == \"$again\""
api "/3/footprints"
check "and is listed once" body_is "[.data[] | select(.id == \"$fid\")] | length == 1"
serve_stop
cp "$T/reg4.db" "$T/reg.db"

check "the registry file is unchanged (sha256)" test "$(sha256sum "$T/reg.db" | cut -d' ' -f1)" = "$REG_SHA"
check "the bundles are unchanged" test "$(cat "$T"/bun/*.pcfb | sha256sum)" = "$BUN_SHA"
done_testing
