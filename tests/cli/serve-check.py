#!/usr/bin/python3
# serve-check.py - the conditions of the PACT conformance tool's synchronous v3 test cases
# (wbcsd/pact-conformance-service, src/test-cases/v3-test-cases.ts), ported one for one, plus what
# the tool takes from the first footprint of the full list (getFilterParameters).
#   serve-check.py params ALL.json            -> the filter parameters as JSON on stdout
#   serve-check.py CASE BODY.json PARAMS.json [ALL.json] -> exit 0 when the case's condition holds
import json, sys
from datetime import datetime, timedelta, timezone

def date(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00"))

def iso(d):  # JavaScript's Date.toISOString()
    return d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)

def plus_years(d, n):
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February: JavaScript rolls over to 1 March
        return d.replace(year=d.year + n, month=3, day=1)

def validity(fp):
    try:
        return date(fp["validityPeriodStart"]), date(fp["validityPeriodEnd"])
    except (KeyError, ValueError):
        r = date(fp["pcf"]["referencePeriodEnd"])
        return r, plus_years(r, 3)

def params(allfp):
    fp = allfp["data"][0]
    if fp.get("validityPeriodStart") and fp.get("validityPeriodEnd"):
        start, end = fp["validityPeriodStart"], fp["validityPeriodEnd"]
    else:
        start = fp["pcf"]["referencePeriodEnd"]
        end = iso(plus_years(date(start), 3))
    pcf = fp["pcf"]
    return {
        "productId": fp["productIds"][0], "companyId": fp["companyIds"][0],
        "geography": pcf.get("geographyCountry") or pcf.get("geographyRegionOrSubregion")
                     or pcf.get("geographyCountrySubdivision") or "",
        "classification": (fp.get("productClassifications") or [""])[0],
        "validOn": start, "validAfter": iso(date(start) - timedelta(days=1)),
        "validBefore": iso(date(end) + timedelta(days=1)), "status": fp["status"], "id": fp["id"],
    }

def main():
    if sys.argv[1] == "params":
        json.dump(params(json.load(open(sys.argv[2]))), sys.stdout)
        return 0
    case, body, p = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
    allfp = json.load(open(sys.argv[4])) if len(sys.argv) > 4 else None
    data = body.get("data")
    every = lambda f: isinstance(data, list) and all(f(x) for x in data)
    conds = {
        "3": lambda: data and data.get("id") == p["id"],
        "4": lambda: isinstance(data, list) and len(data) == len(allfp["data"]),
        "5": lambda: isinstance(data, list),
        "20": lambda: every(lambda f: p["productId"] in f["productIds"]),
        "21": lambda: every(lambda f: p["companyId"] in f["companyIds"]),
        "22": lambda: every(lambda f: p["geography"] in (f["pcf"].get("geographyCountry"),
                                                          f["pcf"].get("geographyRegionOrSubregion"),
                                                          f["pcf"].get("geographyCountrySubdivision"))),
        "23": lambda: every(lambda f: p["classification"] in f["productClassifications"]),
        "24": lambda: every(lambda f: validity(f)[0] <= date(p["validOn"]) <= validity(f)[1]),
        "25": lambda: every(lambda f: validity(f)[0] > date(p["validAfter"])),
        "26": lambda: every(lambda f: validity(f)[1] < date(p["validBefore"])),
        "27": lambda: every(lambda f: f["status"] == p["status"]),
        "28": lambda: every(lambda f: f["status"] == p["status"] and p["productId"] in f["productIds"]),
        "29": lambda: every(lambda f: p["companyId"] in f["companyIds"]),
        "empty": lambda: data == [],
    }
    if not conds[case]():
        print("condition of test case %s does not hold" % case)
        return 1
    return 0

sys.exit(main())
