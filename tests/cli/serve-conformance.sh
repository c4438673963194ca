#!/bin/sh
# serve-conformance.sh - the synchronous v3 test cases of the PACT conformance tool
# (wbcsd/pact-conformance-service, src/test-cases/v3-test-cases.ts), ported case by case with the
# tool's numbers and run with curl against `pcf serve` on 127.0.0.1 with a TLS certificate made here;
# the conditions are the tool's own (serve-check.py). The tool's filter conditions hold trivially for
# an empty list, so each filter is also checked against the footprints the fixture has (serve.inc).
# POST /3/events validates events and acknowledges PublishedEvent (cases 15, 40); the asynchronous
# requests and callbacks (cases 12, 13, 14.A, 14.B) are not implemented (501).
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
. "$top_srcdir/tests/cli/serve.inc"
CHK="python3 $top_srcdir/tests/cli/serve-check.py"
rstr() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-"$1"; }

serve_fixture
serve_start conf
token
api /3/footprints
cp "$T/body" "$T/all.json"
$CHK params "$T/all.json" >"$T/params.json" || { echo "Bail out! no footprints to take the filter parameters from"; exit 1; }
par() { jq -r ".$1" "$T/params.json"; }
# case N NAME: the tool's condition for case N on the last body.
cond() { $CHK "$1" "$T/body" "$T/params.json" "$T/all.json"; }

# Authentication
req -u "$CID:$CSECRET" -H 'Accept: application/json' -d grant_type=client_credentials "$BASE/auth/token"
check "TESTCASE#1 obtain auth token with valid credentials: 200 and a bearer token" \
	sh -c "[ $code = 200 ] && jq -e '(.access_token | length) == 64 and .token_type == \"Bearer\" and .expires_in == 3600' '$T/body' >/dev/null"
req -u "$(rstr 16):$(rstr 16)" -d grant_type=client_credentials "$BASE/auth/token"
check "TESTCASE#2 obtain auth token with invalid credentials: 400 or 401" is_code 400 401
req -u "$CID:$CSECRET-wrong" -d grant_type=client_credentials "$BASE/auth/token"
check "TESTCASE#2 (variant) a known client with a wrong secret: 401 invalid_client" \
	sh -c "[ $code = 401 ] && jq -e '.error == \"invalid_client\"' '$T/body' >/dev/null"

# GetFootprint, ListFootprints, paging
id=$(par id)
api "/3/footprints/$id"
check "TESTCASE#3 get PCF using GetFootprint: 200 and the footprint asked for" sh -c "[ $code = 200 ] && $CHK 3 '$T/body' '$T/params.json'"
api /3/footprints
check "TESTCASE#4 get all PCFs using ListFootprints: 200 and every footprint" sh -c "[ $code = 200 ] && $CHK 4 '$T/body' '$T/params.json' '$T/all.json'"
check "TESTCASE#4 (fixture) four footprints, each with its id once" body_is '[.data[].id] | unique | length == 4'
api "/3/footprints?limit=1"
link=$(sed -n 's/^[Ll]ink: <\([^>]*\)>; rel="next".*/\1/p' "$T/hdr" | tr -d '\r')
check "TESTCASE#5 (first page) limit=1 gives one footprint and an absolute Link rel=next on this host" \
	sh -c "[ $code = 200 ] && jq -e '.data | length == 1' '$T/body' >/dev/null && case '$link' in $BASE/3/footprints\?*) true;; *) false;; esac"
api "${link#"$BASE"}"
check "TESTCASE#5 pagination link implementation of ListFootprints: 200" sh -c "[ $code = 200 ] && $CHK 5 '$T/body' '$T/params.json'"
# Walk every page: each footprint exactly once, the last page without a Link; a link works twice.
seen=""; next="/3/footprints?limit=1"; pages=0
while [ -n "$next" ] && [ $pages -lt 10 ]; do
	api "$next"; pages=$((pages + 1))
	seen="$seen $(jq -r '.data[].id' "$T/body")"
	next=$(sed -n 's/^[Ll]ink: <\([^>]*\)>; rel="next".*/\1/p' "$T/hdr" | tr -d '\r'); next=${next#"$BASE"}
done
check "TESTCASE#5 (walk) limit=1 pages through all four footprints once, the last page has no Link" \
	sh -c "[ $pages = 4 ] && [ \$(echo '$seen' | tr ' ' '\n' | grep -c .) = 4 ] && [ \$(echo '$seen' | tr ' ' '\n' | grep . | sort -u | wc -l) = 4 ]"
api "${link#"$BASE"}"; first=$(jq -c '[.data[].id]' "$T/body")
api "${link#"$BASE"}"
check "TESTCASE#5 (again) a pagination link called twice gives the same page" sh -c "[ '$first' = '$(jq -c '[.data[].id]' "$T/body")' ]"
api "/3/footprints?geography=CN&limit=1"
link=$(sed -n 's/^[Ll]ink: <\([^>]*\)>; rel="next".*/\1/p' "$T/hdr" | tr -d '\r')
check "TESTCASE#5 (filters) the Link keeps the filter" sh -c "case '$link' in *geography=CN*limit=1\&offset=1) true;; *) false;; esac"

# Invalid tokens
req -H "Authorization: Bearer very-invalid-access-token-$(rstr 16)" "$BASE/3/footprints"
check "TESTCASE#6 ListFootprints with an invalid token: 400 or 401, code BadRequest" sh -c "[ $code = 401 ] && jq -e '.code == \"BadRequest\"' '$T/body' >/dev/null"
req -H "Authorization: Bearer very-invalid-access-token-$(rstr 16)" "$BASE/3/footprints/$id"
check "TESTCASE#7 GetFootprint with an invalid token: 400 or 401, code BadRequest" sh -c "[ $code = 401 ] && jq -e '.code == \"BadRequest\"' '$T/body' >/dev/null"
api /3/footprints/00000000-0000-0000-0000-000000000000
check "TESTCASE#8 GetFootprint with a non-existent id: 404 NotFound" pact_err 404 NotFound

# Plain HTTP is refused on the HTTPS port: no HTTP answer at all.
for c in "9 POST http://127.0.0.1:$PORT/auth/token" "10 GET http://127.0.0.1:$PORT/3/footprints" \
	"11 GET http://127.0.0.1:$PORT/3/footprints/$id" "17 POST http://127.0.0.1:$PORT/3/events"; do
	set -- $c
	if [ "$2" = POST ]; then
		req -u "$CID:$CSECRET" -d grant_type=client_credentials "$3"
	else
		req -H "Authorization: Bearer $TOK" "$3"
	fi
	check "TESTCASE#$1 $2 through HTTP (non-HTTPS) gets no HTTP answer" sh -c "[ $curl_rc != 0 ] && [ $code = 000 ]"
done
check "after the plain HTTP attempts the server still serves" alive

# Events: the token is checked (case 16); a PublishedEvent is validated and acknowledged (15, 40);
# the asynchronous requests (12, 14.A) and their callbacks (13, 14.B) are not implemented.
req -H "Authorization: Bearer very-invalid-access-token-$(rstr 16)" -H 'Content-Type: application/cloudevents+json; charset=UTF-8' \
	-d '{"type":"org.wbcsd.pact.ProductFootprint.PublishedEvent.3","specversion":"1.0","id":"x","source":"https://127.0.0.1/","time":"2025-01-01T00:00:00Z","data":{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}}' \
	"$BASE/3/events"
check "TESTCASE#16 action Events with an invalid token: 400 or 401, code BadRequest" sh -c "[ $code = 401 ] && jq -e '.code == \"BadRequest\"' '$T/body' >/dev/null"
# ev TYPE DATA: POST a CloudEvent of the tool's shape to /3/events with the token.
ev() {
	req -H "Authorization: Bearer $TOK" -H 'Content-Type: application/cloudevents+json; charset=UTF-8' \
		-d "{\"type\":\"org.wbcsd.pact.ProductFootprint.$1\",\"specversion\":\"1.0\",\"id\":\"run-$(rstr 8)\",\"source\":\"https://127.0.0.1:9/webhook\",\"time\":\"2026-01-01T00:00:00.000Z\",\"data\":$2}" \
		"$BASE/3/events"
}
ev PublishedEvent.3 '{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}'
check "TESTCASE#15 receive notification of PCF update (PublishedEvent): 200, empty body" sh -c "[ $code = 200 ] && [ ! -s '$T/body' ]"
ev PublishedEvent.3 '{"pfIds":["urn:gtin:4712345060507"]}'
check "TESTCASE#40 a malformed PublishedEvent (pfIds not footprint ids): 400 BadRequest" pact_err 400 BadRequest
ev RequestCreatedEvent.3 "{\"productId\":$(jq -c .data[0].productIds "$T/all.json"),\"comment\":\"Please send PCF data for this year.\"}"
check "TESTCASE#12 an asynchronous PCF request: 501 NotImplemented (not done: no requests, no callbacks; 13 needs them)" pact_err 501 NotImplemented
ev RequestCreatedEvent.3 '{"productId":["urn:pact:null"],"comment":"Please send PCF data for this year."}'
check "TESTCASE#14.A a request to be rejected: 501 NotImplemented (not done; 14.B needs the callback)" pact_err 501 NotImplemented
ev PublishedEvent.3 '{"pfIds":[]}'
check "an event with an empty pfIds: 400 BadRequest" pact_err 400 BadRequest
ev NoSuchEvent.3 '{}'
check "an event of an unknown type: 400 BadRequest" pact_err 400 BadRequest
req -H "Authorization: Bearer $TOK" -H 'Content-Type: application/cloudevents+json' -d '{"type":"org.wbcsd.pact.ProductFootprint.PublishedEvent.3","id":"x","source":"s","time":"2026-01-01T00:00:00Z","data":{"pfIds":["3a6c14a7-4deb-498a-b5ea-16ce2535b576"]}}' "$BASE/3/events"
check "an event without specversion: 400 BadRequest naming it" sh -c "[ $code = 400 ] && jq -e '.message | test(\"specversion\")' '$T/body' >/dev/null"
req -H "Authorization: Bearer $TOK" -H 'Content-Type: application/cloudevents+json' -d '{"type": ' "$BASE/3/events"
check "an event that is not JSON: 400 BadRequest" pact_err 400 BadRequest
req -H "Authorization: Bearer $TOK" -H 'Content-Type: text/plain' -d '{}' "$BASE/3/events"
check "an event that is not application/cloudevents+json: 400 BadRequest" pact_err 400 BadRequest
req -H "Authorization: Bearer $TOK" "$BASE/3/events"
check "GET /3/events: 405" pact_err 405 BadRequest

# OpenID Connect discovery, then the token endpoint it names.
req "$BASE/.well-known/openid-configuration"
tep=$(jq -r .token_endpoint "$T/body")
check "OpenID discovery: 200, issuer and token_endpoint on this host" \
	sh -c "[ $code = 200 ] && [ '$tep' = '$BASE/auth/token' ] && jq -e '.issuer == \"$BASE\" and (.grant_types_supported | index(\"client_credentials\"))' '$T/body' >/dev/null"
req -u "$CID:$CSECRET" -d grant_type=client_credentials "$tep"
check "TESTCASE#18 OpenID Connect-based authentication flow: 200" sh -c "[ $code = 200 ] && jq -e '.access_token | length == 64' '$T/body' >/dev/null"
req -u "$(rstr 16):$(rstr 16)" -d grant_type=client_credentials "$tep"
check "TESTCASE#19 OpenID Connect-based flow with incorrect credentials: 400 or 401" is_code 400 401

# Filters (positive): the tool's parameters from the first footprint and its conditions.
filt() { api "/3/footprints?$1"; [ "$code" = 200 ] && cond "$2" && body_is '.data | length >= 1'; }
check "TESTCASE#20 filter by productId" filt "productId=$(par productId)" 20
check "TESTCASE#21 filter by companyId" filt "companyId=$(par companyId)" 21
check "TESTCASE#22 filter by geography" filt "geography=$(par geography)" 22
check "TESTCASE#23 filter by classification" filt "classification=$(par classification)" 23
check "TESTCASE#24 filter by validOn" filt "validOn=$(par validOn)" 24
check "TESTCASE#25 filter by validAfter" filt "validAfter=$(par validAfter)" 25
check "TESTCASE#26 filter by validBefore" filt "validBefore=$(par validBefore)" 26
check "TESTCASE#27 filter by status" filt "status=$(par status)" 27
check "TESTCASE#28 filter by status and productId" filt "status=$(par status)&productId=$(par productId)" 28
check "TESTCASE#29 companyId OR: one real, two random" filt "companyId=$(par companyId)&companyId=$(rstr 8)&companyId=$(rstr 8)" 29

# Filters (negative): an empty list.
neg() { api "/3/footprints?$1"; [ "$code" = 200 ] && cond empty; }
check "TESTCASE#30 bogus productId: empty list" neg "productId=urn:bogus:product:$(rstr 16)"
check "TESTCASE#31 bogus companyId: empty list" neg "companyId=urn:bogus:company:$(rstr 16)"
check "TESTCASE#32 geography XX: empty list" neg "geography=XX"
check "TESTCASE#33 bogus classification: empty list" neg "classification=urn:bogus:classification:$(rstr 16)"
check "TESTCASE#34 validOn 1900: empty list" neg "validOn=1900-01-01T00:00:00Z"
check "TESTCASE#35 validAfter 2099: empty list" neg "validAfter=2099-12-31T23:59:59Z"
check "TESTCASE#36 validBefore 1900: empty list" neg "validBefore=1900-01-01T00:00:00Z"
check "TESTCASE#37 bogus status: empty list" neg "status=BogusStatus$(rstr 8)"
check "TESTCASE#38 AND of bogus companyId and productId: empty list" neg "companyId=urn:bogus:company:$(rstr 8)&productId=urn:bogus:product:$(rstr 16)"
check "TESTCASE#39 OR of three bogus companyIds: empty list" neg "companyId=urn:bogus:company:$(rstr 8)&companyId=urn:bogus:company:$(rstr 8)&companyId=urn:bogus:company:$(rstr 8)"

# Filters against the fixture (serve.inc's table): exact answers, OR within, AND across, case, boundaries.
only() { api "/3/footprints?$1"; [ "$code" = 200 ] && body_is "[.data[].productIds[0]] | sort == $2"; }
C1='"urn:example:cement:cem-i-42.5"'; C2='"urn:example:cement:cem-ii-42.5"'; S1='"urn:example:bracket:b-200"'; S2='"urn:example:bracket:b-300"'
check "fixture: productId picks one" only "productId=urn:example:cement:cem-i-42.5" "[$C1]"
check "fixture: productId ignores case" only "productId=URN:EXAMPLE:CEMENT:CEM-I-42.5" "[$C1]"
check "fixture: the parameter name ignores case (productid)" only "productid=urn:example:cement:cem-i-42.5" "[$C1]"
check "fixture: two productIds are OR" only "productId=urn:example:cement:cem-i-42.5&productId=urn:example:bracket:b-200" "[$S1, $C1]"
check "fixture: geography DE" only "geography=DE" "[$C2]"
check "fixture: geography cn (case) OR FR" only "geography=cn&geography=FR" "[$S1, $S2, $C1]"
check "fixture: a company URN with a %20 in it, sent once percent-encoded" only "companyId=urn:pcfkit:organisation:Example%20Metalworks" "[$S1, $S2]"
check "fixture: the same URN sent with its %20 escaped again (%2520)" only "companyId=urn:pcfkit:organisation:Example%2520Metalworks" "[$S1, $S2]"
check "fixture: companyId" only "companyId=urn:pcfkit:organisation-id:DE000EXAMPLE" "[$C2]"
check "fixture: status Deprecated is the suspended certificate" only "status=Deprecated" "[$S2]"
check "fixture: status active (case)" only "status=active" "[$S1, $C1, $C2]"
check "fixture: AND across criteria (geography CN and status Deprecated): none" only "geography=CN&status=Deprecated" "[]"
check "fixture: AND across criteria (geography FR and status Deprecated)" only "geography=FR&status=Deprecated" "[$S2]"
check "fixture: validOn 2024-06-01 is only in 2023..2026" only "validOn=2024-06-01T00:00:00Z" "[$C2]"
check "fixture: validOn 2025-01-01T00:00Z (no seconds) is the first instant of three periods, inside the fourth" only "validOn=2025-01-01T00:00Z" "[$S1, $S2, $C1, $C2]"
check "fixture: validOn 2028-01-01T00:00:00.001Z is past every period" only "validOn=2028-01-01T00:00:00.001Z" "[]"
check "fixture: validOn with an offset (2028-01-01T00:30:00+01:00 is 2027-12-31T23:30Z)" only "validOn=2028-01-01T00:30:00%2B01:00" "[$S1, $S2, $C1]"
check "fixture: validAfter is strict (start > 2025-01-01T00:00:00Z: none)" only "validAfter=2025-01-01T00:00:00Z" "[]"
check "fixture: validAfter 2024-12-31T23:59:59.999Z" only "validAfter=2024-12-31T23:59:59.999Z" "[$S1, $S2, $C1]"
check "fixture: validBefore is strict (end < 2026-01-01T00:00:00Z: none)" only "validBefore=2026-01-01T00:00:00Z" "[]"
check "fixture: validBefore 2026-01-01T00:00:01Z" only "validBefore=2026-01-01T00:00:01Z" "[$C2]"
check "fixture: extension filters (x-...) are ignored" only "x-acme-invoice-id=12345&geography=DE" "[$C2]"

# The data model extension and the bundle it names.
api "/3/footprints/$id"
check "every footprint carries the pcfkit bundle extension (schema URL, certificate id, digest, size, URL on this host)" \
	body_is ".data.extensions[-1] | .specVersion == \"2.0.0\" and .dataSchema == \"$BASE/extensions/pcfkit-bundle/1.0.0/schema.json\"
		and (.data.certificateId | test(\"^[0-9a-f-]{36}$\")) and (.data.sha256 | test(\"^[0-9a-f]{64}$\"))
		and .data.bundleUrl == \"$BASE/bundles/\" + .data.certificateId + \".pcfb\""
jq '.data.extensions[-1].data' "$T/body" >"$T/ext.json"; cp "$T/body" "$T/body.get"
burl=$(jq -r .bundleUrl "$T/ext.json"); bsha=$(jq -r .sha256 "$T/ext.json"); bsize=$(jq -r .size "$T/ext.json")
check "the extension's data validates against schemas/pact-bundle-extension.schema.json" python3 -c '
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))' \
	"$top_srcdir/schemas/pact-bundle-extension.schema.json" "$T/ext.json"
req -H "Authorization: Bearer $TOK" "$burl"; cp "$T/body" "$T/got.pcfb"
check "GET bundleUrl: 200, the size and SHA-256 the extension names" \
	sh -c "[ $code = 200 ] && [ \$(stat -c %s '$T/got.pcfb') = $bsize ] && [ \$(sha256sum '$T/got.pcfb' | cut -d' ' -f1) = $bsha ]"
check "the bundle served is the file the registry recorded" sh -c "cmp -s '$T/got.pcfb' \"\$(grep -l . '$T'/bun/*.pcfb | while read f; do [ \$(sha256sum \$f | cut -d' ' -f1) = $bsha ] && echo \$f; done)\""
check "its export/pact-v3.json is the footprint served, less the extension (and the status, which the registry decides)" sh -c "
	tar -xOf '$T/got.pcfb' export/pact-v3.json | jq -S 'del(.status)' >'$T/signed.json' &&
	jq -S '.data | del(.extensions, .status)' '$T/body.get' >'$T/served.json' && cmp -s '$T/signed.json' '$T/served.json'"
expect 0 "the bundle served verifies (pcf verify with the demo root)" "$PCF" verify "$T/got.pcfb" --trust "$PKI/root.pem" --crl "$PKI/crl/trusted.crl.pem"
req -H "Authorization: Bearer very-invalid-$(rstr 8)" "$burl"
check "the bundle needs a valid token too" pact_err 401 BadRequest
req "$BASE/extensions/pcfkit-bundle/1.0.0/schema.json"
check "the extension's schema is served (no token) byte for byte as in schemas/" \
	sh -c "[ $code = 200 ] && cmp -s '$T/body' '$top_srcdir/schemas/pact-bundle-extension.schema.json'"

serve_stop
check "SIGTERM stops the server cleanly (exit 0)" test "$src" = 0
check "the registry file is unchanged (sha256)" test "$(sha256sum "$T/reg.db" | cut -d' ' -f1)" = "$REG_SHA"
done_testing
