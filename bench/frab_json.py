#!/usr/bin/env python3
"""frab schedule XML (as `agenda export --format xml` writes it) to the
same programme as schedule JSON (the pretalx/frab layout: days, rooms,
events), for bench/compare.sh: `agenda` reads both, and the two reads are
timed against each other.

    bench/frab_json.py schedule.xml > schedule.json
"""
import json
import sys
import xml.etree.ElementTree as ET


def text(node, name):
    child = node.find(name)
    return "" if child is None or child.text is None else child.text


def main(path):
    root = ET.parse(path).getroot()
    conference = root.find("conference")
    days = []
    for day in root.findall("day"):
        rooms = {}
        for room in day.findall("room"):
            rooms[room.get("name")] = [
                {
                    "guid": event.get("guid"),
                    "id": int(event.get("id")),
                    "date": text(event, "date"),
                    "start": text(event, "start"),
                    "duration": text(event, "duration"),
                    "room": text(event, "room"),
                    "title": text(event, "title"),
                    "type": text(event, "type"),
                    "track": text(event, "track"),
                    "abstract": text(event, "abstract"),
                    "persons": [{"public_name": p.text or ""} for p in event.iter("person")],
                    "links": [{"url": l.get("href"), "title": l.text or ""} for l in event.iter("link")],
                    "url": text(event, "url") or None,
                }
                for event in room.findall("event")
            ]
        days.append(
            {
                "index": int(day.get("index")),
                "date": day.get("date"),
                "day_start": day.get("start"),
                "day_end": day.get("end"),
                "rooms": rooms,
            }
        )
    schedule = {
        "schedule": {
            "version": text(root, "version"),
            "conference": {
                "title": text(conference, "title"),
                "acronym": text(conference, "acronym"),
                "time_zone_name": text(conference, "time_zone_name"),
                "days": days,
            },
        }
    }
    json.dump(schedule, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
