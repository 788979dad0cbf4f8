#!/usr/bin/env python3
"""The peer of bench/compare.sh: what a short Python script takes to write
the same iCalendar events as `agenda export`, with tomllib, zoneinfo and the
`icalendar` library. It reads, resolves and writes; it checks nothing.

    python3 bench/peer.py AGENDA.toml > agenda.ics

One VEVENT per block (breaks left out, as `agenda export` does without
--breaks), times in UTC, the UID a UUID v5 of the event id and the block's
key, DTSTAMP and SEQUENCE from SOURCE_DATE_EPOCH (else now), SUMMARY,
DESCRIPTION (kind, people, items with their times, description, link),
LOCATION (room, else block, else event), URL and CATEGORIES.
"""

import datetime as dt
import os
import sys
import tomllib
import uuid
from collections import defaultdict
from zoneinfo import ZoneInfo

import icalendar

UTC = dt.timezone.utc
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:agenda:block")


def wall_time(value):
    """A `start`/`end` value: "HH:MM[:SS][offset]" or a TOML local time."""
    if isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(value)


def instant(date, time, zone):
    local = dt.datetime.combine(date, time.replace(tzinfo=None))
    return local.replace(tzinfo=time.tzinfo or zone).astimezone(UTC)


def slug(text):
    out = ""
    for c in text:
        if c.isascii() and c.isalnum():
            out += c.lower()
        elif out and not out.endswith("-"):
            out += "-"
    return out.rstrip("-") or "agenda"


def part(text):
    """A part of a block key: `%`, `/` and `#` escaped, as `agenda` does."""
    return text.replace("%", "%25").replace("/", "%2F").replace("#", "%23")


def keys(doc):
    """Every block's key, in file order: its `id`, else its kind and title,
    with date, room and rank added only to tell apart blocks sharing them."""
    blocks = []
    for day in doc["day"]:
        date = day["date"]
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        for block in day.get("block", []):
            title = block.get("title", "Break")
            blocks.append((block, (block["kind"], title), date, block.get("room")))
    named, dated = defaultdict(int), defaultdict(int)
    for block, name, date, room in blocks:
        if "id" not in block:
            named[name] += 1
            dated[name, date] += 1
    ids, ranks, out = defaultdict(int), defaultdict(int), []
    for block, (kind, title), date, room in blocks:
        if "id" in block:
            ids[block["id"]] += 1
            n = ids[block["id"]]
            key = f"id:{part(block['id'])}" + (f"#{n}" if n > 1 else "")
        else:
            name = (kind, title)
            key = f"{kind}:{part(title)}"
            if named[name] > 1:
                key += f"/{date}"
                if dated[name, date] > 1:
                    key += "/plenary" if room is None else f"/room:{part(room)}"
                    ranks[name, date, room] += 1
                    if ranks[name, date, room] > 1:
                        key += f"#{ranks[name, date, room]}"
        out.append(key)
    return out


def people(table):
    if "speakers" in table:
        return list(table["speakers"])
    return [table["speaker"]] if "speaker" in table else []


def hm(t, zone):
    return t.astimezone(zone).strftime("%H:%M")


def description(block, kind, start, zone, item_minutes, event_url):
    head = kind.capitalize()
    speakers = people(block)
    if speakers:
        head += "\nSpeakers: " + ", ".join(speakers)
    if "moderator" in block:
        head += "\nModerator: " + block["moderator"]
    paragraphs = [head]
    items = block.get("items", [])
    if items:
        text = f"Items ({zone.key}):"
        cursor = start
        for item in items:
            item = {"title": item} if isinstance(item, str) else item
            end = cursor + dt.timedelta(minutes=item.get("minutes", item_minutes))
            text += f"\n{hm(cursor, zone)}–{hm(end, zone)} {item['title']}"
            if people(item):
                text += " — " + ", ".join(people(item))
            if "url" in item:
                text += " " + item["url"]
            if "description" in item:
                text += "\n  " + item["description"].rstrip().replace("\n", "\n  ")
            cursor = end
        paragraphs.append(text)
    if "description" in block:
        paragraphs.append(block["description"].rstrip())
    url = block.get("url", event_url)
    if url:
        paragraphs.append(url)
    return "\n\n".join(paragraphs)


def main(path):
    with open(path, "rb") as f:
        doc = tomllib.load(f)
    event = doc["event"]
    zone = ZoneInfo(event["timezone"])
    item_minutes = doc.get("rules", {}).get("item_minutes", 10)
    identity = event.get("id", event["name"])
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    generated = (
        dt.datetime.fromtimestamp(int(epoch), UTC) if epoch else dt.datetime.now(UTC)
    )
    generated = generated.replace(microsecond=0)
    sequence = max(0, int((generated - dt.datetime(2000, 1, 1, tzinfo=UTC)).total_seconds()))

    cal = icalendar.Calendar()
    cal.add("prodid", "-//agenda peer//python//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", event["name"])
    block_keys = iter(keys(doc))
    for day in doc["day"]:
        date = day["date"]
        if isinstance(date, str):
            date = dt.date.fromisoformat(date)
        for block in day.get("block", []):
            kind = block["kind"]
            title = block.get("title", "Break")
            key = next(block_keys)
            if kind == "break":
                continue
            start = instant(date, wall_time(block["start"]), zone)
            if "minutes" in block:
                end = start + dt.timedelta(minutes=block["minutes"])
            else:
                end = instant(date, wall_time(block["end"]), zone)
            name = f"{len(identity)}:{identity}\n{key}"
            ev = icalendar.Event()
            ev.add("uid", f"{uuid.uuid5(NAMESPACE, name)}@{slug(identity)}")
            ev.add("dtstamp", generated)
            ev.add("sequence", sequence)
            ev.add("dtstart", start)
            ev.add("dtend", end)
            ev.add("summary", title)
            ev.add(
                "description",
                description(block, kind, start, zone, item_minutes, event.get("url")),
            )
            location = block.get("room") or block.get("location") or event.get("location")
            if location:
                ev.add("location", location)
            url = block.get("url", event.get("url"))
            if url:
                ev.add("url", url)
            ev.add("categories", [kind])
            cal.add_component(ev)
    sys.stdout.buffer.write(cal.to_ical())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: peer.py AGENDA.toml")
    main(sys.argv[1])
