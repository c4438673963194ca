#!/bin/sh
# registry.sh - 'pcf issue --registry' and 'pcf registry': every bundle written is recorded, and a
# bundle is on disk if and only if it is in the registry whatever strikes: a file size limit, a full
# file system, SIGKILL in the middle of a batch; two issuers at once; list, show, export, import
# (rebuilding a registry from bundles), schema migration and a schema from the future.
. "$top_srcdir/tests/cli/lib.sh"
. "$top_srcdir/tests/cli/issue.inc"
INV=$BDATA/steel.yaml
CHECK="python3 $top_srcdir/tests/cli/registry-check.py"

# consistent DIR DB [MIN]: the registry DB and the bundles in DIR agree (registry-check.py).
consistent() {
	"$PCF" registry export --json --registry "$2" >"$T/export.json" 2>"$T/export.err" || { cat "$T/export.err"; return 1; }
	$CHECK "$1" "$T/export.json" ${3:-0} >"$T/check.out" || { cat "$T/check.out"; return 1; }
}

# inventories N DIR: N copies of the test inventory in DIR.
inventories() { mkdir -p "$2"; i=0; while [ $i -lt "$1" ]; do i=$((i + 1)); cp "$INV" "$2/p$i.yaml"; done; }

# A batch with a registry.
mkdir "$T/bun"
inventories 5 "$T/inv"
expect 0 "a batch with --registry is issued" issue "$T"/inv/*.yaml $(sign issuer) -o "$T/bun" --registry "$T/reg.db" -v
check "five bundles and five rows that agree" consistent "$T/bun" "$T/reg.db" 5
ids=$(cut -d' ' -f2 "$T/out")
id1=$(echo "$ids" | head -n 1)
expect 0 "registry list" "$PCF" registry list --registry "$T/reg.db"
check "list has one line per certificate, each issued" sh -c "[ \$(grep -c ' issued ' '$T/out') -eq 5 ]"
expect 0 "registry show" "$PCF" registry show "$id1" --registry "$T/reg.db"
expect_out "^certificate $id1" "show names the certificate"
expect_out "status list:  urn:uuid:[0-9a-f-]+ index [0-9]+" "show gives the status list entry"
expect 0 "registry show --json" "$PCF" registry show "$id1" --registry "$T/reg.db" --json
check "show --json is JSON with the id, the methodology and an empty history" sh -c "
	jq -e --arg id '$id1' '.\"certificate-id\" == \$id and .methodology == \"$METHOD\" and .history == []' '$T/out' >/dev/null"
expect 1 "show of an unknown id exits 1" "$PCF" registry show 00000000-0000-0000-0000-000000000000 --registry "$T/reg.db"
expect_err "no certificate 00000000-0000-0000-0000-000000000000" "the error names the id"
expect 0 "export --csv" "$PCF" registry export --csv --registry "$T/reg.db"
check "CSV: a header and five rows" sh -c "[ \$(wc -l <'$T/out') -eq 6 ] && head -n 1 '$T/out' | grep -q '^certificate-id,status,'"
expect 0 "export --json -o FILE" "$PCF" registry export --json --registry "$T/reg.db" -o "$T/exp.json"
check "the JSON export has five certificates" sh -c "[ \$(jq length '$T/exp.json') -eq 5 ]"
expect 5 "export does not overwrite" "$PCF" registry export --json --registry "$T/reg.db" -o "$T/exp.json"
check "the manifest carries the status list entry" sh -c "
	tar -xOf '$T/bun/p1.pcfb' manifest.json | jq -e '.\"status-list\".purposes == [\"revocation\", \"suspension\"] and (.\"status-list\".index | type) == \"number\"' >/dev/null"
# 1.2: a bundle of pcf issue also carries factors.json (bundle-format.md section 4.1)
check "a registry bundle's manifest is format 1.2 and validates against the schema" sh -c "
	tar -xOf '$T/bun/p1.pcfb' manifest.json >'$T/m.json' && jq -e '.\"format-version\" == \"1.2\"' '$T/m.json' >/dev/null &&
	python3 -c 'import json, sys, jsonschema; jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))' \
		'$top_srcdir/schemas/manifest.schema.json' '$T/m.json'"
expect 2 "--force is refused with --registry" issue "$INV" $(sign issuer) -o "$T/bun/x.pcfb" --registry "$T/reg.db" --force
expect_err "force cannot be used with --registry" "the error says why"
expect 2 "registry without --registry is a usage error" "$PCF" registry list
expect 1 "a missing registry" "$PCF" registry list --registry "$T/none.db"
expect_err "none.db: no registry here" "the error names the file"

# One inventory with a registry (no batch), and a bundle issued without one stays as it was.
expect 0 "one inventory with --registry" issue "$INV" $(sign issuer) -o "$T/bun/one.pcfb" --registry "$T/reg.db"
check "six rows" consistent "$T/bun" "$T/reg.db" 6
expect 0 "a bundle without a registry" issue "$INV" $(sign issuer) -o "$T/plain.pcfb"
check "has no status-list entry" sh -c "! tar -xOf '$T/plain.pcfb' manifest.json | grep -q status-list"

# Import: rebuild a registry from the bundles on disk; the same bundle again changes nothing.
expect 0 "import rebuilds a registry" "$PCF" registry import "$T"/bun/*.pcfb --registry "$T/rebuilt.db"
expect_err "6 bundles recorded" "import counts"
check "the rebuilt registry agrees with the bundles" consistent "$T/bun" "$T/rebuilt.db" 6
check "with the same ids and status list entries" sh -c "
	'$PCF' registry export --json --registry '$T/reg.db' | jq -S '[.[] | {\"certificate-id\", \"status-list\", \"status-index\", sha256}] | sort_by(.\"certificate-id\")' >'$T/a.json' &&
	'$PCF' registry export --json --registry '$T/rebuilt.db' | jq -S '[.[] | {\"certificate-id\", \"status-list\", \"status-index\", sha256}] | sort_by(.\"certificate-id\")' >'$T/b.json' && cmp -s '$T/a.json' '$T/b.json'"
expect 0 "importing the same bundle again" "$PCF" registry import "$T/bun/p1.pcfb" --registry "$T/rebuilt.db"
printf 'not a bundle\n' >"$T/junk.pcfb"
expect 1 "a malformed bundle is refused" "$PCF" registry import "$T/junk.pcfb" --registry "$T/rebuilt.db"
expect_err "junk.pcfb: not a well-formed bundle" "the error names the file"
expect 0 "a rebuilt registry issues on, with new indexes" issue "$INV" $(sign issuer) -o "$T/bun/after.pcfb" --registry "$T/rebuilt.db"
check "indexes stay unique" consistent "$T/bun" "$T/rebuilt.db" 7

# Migration: a version-1 registry (before status) is migrated at open; a newer one is refused.
python3 - "$T/v1.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE certificates ( id TEXT PRIMARY KEY, product_id TEXT NOT NULL, product_name TEXT NOT NULL,
 declared_amount REAL NOT NULL, declared_unit TEXT NOT NULL, method_id TEXT NOT NULL, method_version TEXT NOT NULL,
 total REAL NOT NULL, unit TEXT NOT NULL, gwp_set TEXT, fossil REAL, biogenic_emissions REAL, biogenic_removals REAL,
 dluc REAL, aircraft REAL, issued_at INTEGER NOT NULL, valid_from INTEGER NOT NULL, valid_until INTEGER NOT NULL,
 issuer_name TEXT NOT NULL, issuer_org TEXT, supersedes TEXT, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
 file TEXT NOT NULL, tmp TEXT);
CREATE INDEX certificates_issued ON certificates (issued_at, id);
INSERT INTO meta VALUES ('status-list', 'urn:uuid:11111111-2222-4333-8444-555555555555');
INSERT INTO certificates VALUES ('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'urn:x', 'Old product', 1, 'kg', 'example',
 '1.0.0', 2.5, 'kg CO2e', NULL, NULL, NULL, NULL, NULL, NULL, 1700000000, 1700000000, 1731536000, 'Old Issuer', NULL,
 NULL, '00', 1, '/nonexistent/old.pcfb', NULL);
PRAGMA user_version = 1;
""")
db.commit()
EOF
expect 0 "a version-1 registry opens (migrated)" "$PCF" registry show aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee --registry "$T/v1.db"
expect_out "status:       issued since 2023-11-14T22:13:20Z" "the old row gains a status"
check "the schema is now version 2" sh -c "[ \"\$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"PRAGMA user_version\").fetchone()[0])' '$T/v1.db')\" = 2 ]"
expect 0 "the migrated registry takes status changes" "$PCF" status set aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee suspended --reason "surveillance audit" --registry "$T/v1.db"
python3 -c 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute("PRAGMA user_version = 99"); db.commit()' "$T/v1.db"
expect 1 "a registry from a newer pcfkit is refused" "$PCF" registry list --registry "$T/v1.db"
expect_err "schema version 99 is newer than this pcfkit knows" "the error says to upgrade"

# RLIMIT_FSIZE striking in the middle of a batch: bundles and rows still agree.
mkdir "$T/lim"
expect 0 "a registry for the limit test" issue "$INV" $(sign issuer) -o "$T/lim/first.pcfb" --registry "$T/lim.db"
inventories 12 "$T/inv12"
run sh -c "ulimit -f 40 && exec \"\$0\" issue --method \"$METHOD\" \"$T\"/inv12/*.yaml $(sign issuer) -o \"$T/lim\" --registry \"$T/lim.db\"" "$PCF"
check "under a file size limit the batch exits 0 or 5" sh -c "[ $rc -eq 0 ] || [ $rc -eq 5 ]"
check "bundles and rows agree after the file size limit" consistent "$T/lim" "$T/lim.db" 1

# A full file system: registry and bundles on a small tmpfs that fills up mid-batch.
ns=unshare; [ "$(id -u)" -eq 0 ] && ns_opt=-m || ns_opt=-rm
mkdir "$T/probe"
if command -v unshare >/dev/null 2>&1 && $ns $ns_opt sh -c "mount -t tmpfs -o size=16k tmpfs '$T/probe'" 2>/dev/null; then
	mkdir "$T/full"
	run $ns $ns_opt sh -c "mount -t tmpfs -o size=200k tmpfs '$T/full' &&
		\"\$0\" issue --method '$METHOD' '$T'/inv12/*.yaml $(sign issuer) -j 2 -o '$T/full' --registry '$T/full/reg.db'; rc=\$?;
		\"\$0\" registry export --json --registry '$T/full/reg.db' >'$T/full-export.json' 2>'$T/full-export.err' || echo EXPORT-FAILED;
		python3 '$top_srcdir/tests/cli/registry-check.py' '$T/full' '$T/full-export.json' || echo DISAGREE; exit \$rc" "$PCF"
	if [ "$rc" -eq 5 ]; then ok "a batch into a filling file system exits 5"; else not_ok "a batch into a filling file system exits 5 (exit $rc)"; diag "$(cat "$T/err")"; fi
	expect_err "No space left on device|database or disk is full" "the failures say the device is full"
	check "bundles and rows agree on the full file system (a group is all or nothing)" sh -c "! grep -q 'DISAGREE\|EXPORT-FAILED' '$T/out' && grep -q '^rows [0-9]' '$T/out'"
else
	skip_test "no mount namespace for a small tmpfs"; skip_test "-"; skip_test "-"
fi

# SIGKILL in the middle of a batch: the next open recovers, and bundles and rows agree.
mkdir "$T/kill"
inventories 100 "$T/inv150"
"$PCF" issue --method "$METHOD" "$T"/inv150/*.yaml $(sign issuer) -j 2 -o "$T/kill" --registry "$T/kill.db" >/dev/null 2>&1 &
pid=$!
n=0
while [ $n -lt 900 ] && [ "$(ls "$T/kill" | grep -c 'pcfb$')" -lt 20 ]; do sleep 0.1; n=$((n + 1)); done   # up to 90 s: valgrind is slow
kill -KILL $pid 2>/dev/null
wait $pid
check "some bundles were issued before the kill" sh -c "ls '$T/kill' | grep -q 'pcfb$'"
check "after SIGKILL, recovery at open makes bundles and rows agree" consistent "$T/kill" "$T/kill.db" 1

# Two issuers at once on one registry: both succeed, every index once.
mkdir "$T/c1" "$T/c2"
inventories 20 "$T/invc"
issue "$T"/invc/*.yaml $(sign issuer) -o "$T/c1" --registry "$T/conc.db" >"$T/c1.out" 2>&1 &
p1=$!
issue "$T"/invc/*.yaml $(sign issuer) -o "$T/c2" --registry "$T/conc.db" >"$T/c2.out" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check "two concurrent issuers both exit 0" sh -c "[ $r1 -eq 0 ] && [ $r2 -eq 0 ]" || diag "$(cat "$T/c1.out" "$T/c2.out")"
check "40 rows, each with its bundle, every status index once" sh -c "
	'$PCF' registry export --json --registry '$T/conc.db' >'$T/conc.json' &&
	$CHECK '$T/c1' '$T/conc.json' 40 >/dev/null && $CHECK '$T/c2' '$T/conc.json' 40 >/dev/null &&
	[ \$(jq length '$T/conc.json') -eq 40 ]"
done_testing
