# cn_table.awk - data/cbam/annex1-cn.tsv to the C table the cbam plugin compiles in (cn_table.h).
BEGIN { FS = "\t"; print "/* Generated from data/cbam/annex1-cn.tsv by plugins/cbam/cn_table.awk: do not edit. */" }
/^#/ || NF == 0 { next }
NF != 6 || ($1 != "in" && $1 != "except") || $2 !~ /^[0-9]+$/ || ($5 != "0" && $5 != "1") {
	printf "%s:%d: expected effect, code, category, gases, annex2, text\n", FILENAME, NR > "/dev/stderr"; bad = 1; exit 1
}
{
	gsub(/\\/, "\\\\", $6); gsub(/"/, "\\\"", $6)
	printf "{ %d, \"%s\", \"%s\", \"%s\", %d, \"%s\" },\n", $1 == "except", $2, $3, $4, $5, $6
}
END { if (bad) exit 1 }
