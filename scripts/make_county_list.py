"""Write groundwork/communities/data/us_counties.csv from the us-atlas package.

The county names and FIPS codes come from the U.S. Census Bureau's cartographic boundary
files (public domain), as packaged by us-atlas on npm. Run after `npm ci`:

    .venv/bin/python scripts/make_county_list.py
"""

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "us-atlas" / "counties-10m.json"
TARGET = ROOT / "groundwork" / "communities" / "data" / "us_counties.csv"

# State FIPS code -> USPS abbreviation (states, DC and the territories us-atlas includes).
POSTAL = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT",
    "10": "DE", "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL",
    "18": "IN", "19": "IA", "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD",
    "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT", "31": "NE",
    "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND",
    "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD",
    "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA", "54": "WV",
    "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
}  # fmt: skip


def main() -> None:
    topo = json.loads(SOURCE.read_text())
    states = {g["id"]: g["properties"]["name"] for g in topo["objects"]["states"]["geometries"]}
    rows = []
    for geometry in topo["objects"]["counties"]["geometries"]:
        fips = geometry["id"]
        state_fips = fips[:2]
        if state_fips not in POSTAL:
            continue
        rows.append(
            (fips, POSTAL[state_fips], states.get(state_fips, ""), geometry["properties"]["name"])
        )
    rows.sort()
    with TARGET.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["fips", "state", "state_name", "county"])
        writer.writerows(rows)
    print(f"{len(rows)} counties written to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
