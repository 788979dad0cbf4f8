//! The tables of an agenda file: `[event]`, `[rules]`, `[people]`,
//! `[[day]]`, `[[day.block]]` and items, each read into its declaration.

use chrono::Timelike;
use toml::de::{DeTable, DeValue};

use super::{
    missing, parse_wall_time, wrong_type, Reader, Value, BLOCK_KEYS, DAY_KEYS, EVENT_KEYS,
    ITEM_KEYS, PERSON_KEYS, RULES_KEYS, TOP_KEYS,
};
use crate::decl::{
    BlockDecl, DayDecl, EventDecl, ItemDecl, Length, Located, PersonDecl, RulesDecl,
};
use crate::diagnostic::{Code, Finding, Span};
use crate::kind::Kind;
use crate::text::person_key;
use crate::time;
use crate::waking::{WakingHours, DAY};

impl Reader<'_> {
    /// The top level but for the days: unknown keys, `[event]`, `[rules]`,
    /// `[people]`.
    pub(super) fn head(
        &mut self,
        root: &DeTable<'_>,
        root_span: &Span,
    ) -> (Option<EventDecl>, RulesDecl, Vec<PersonDecl>) {
        self.unknown_keys(root, TOP_KEYS, "at the top of the file");
        let event = match root.get("event") {
            Some(v) => self.event(v),
            None => {
                self.error(
                    Finding::new(
                        Code::MissingKey,
                        root_span.start..root_span.start,
                        "missing [event] table",
                    )
                    .label("expected here")
                    .help("start the file with [event], a `name` and a `timezone`"),
                );
                None
            }
        };
        let rules = root.get("rules").map(|v| self.rules(v)).unwrap_or_default();
        let people = root.get("people").map(|v| self.people_table(v));
        (event, rules, people.unwrap_or_default())
    }

    /// The `[[day]]` array.
    pub(super) fn days(&mut self, v: &Value<'_>) -> Vec<DayDecl> {
        self.array_of_tables(v, "day", "[[day]]")
            .into_iter()
            .filter_map(|(span, t)| self.day(span, t))
            .collect()
    }

    fn event(&mut self, v: &Value<'_>) -> Option<EventDecl> {
        let t = self.table(v, "[event]")?;
        self.unknown_keys(t, EVENT_KEYS, "in [event]");
        let span = v.span();
        let name = self.required_string(t, "name", &span, "[event]");
        let zone = match self.required_string(t, "timezone", &span, "[event]") {
            Some(tz) => match time::file_zone(&tz.value) {
                Some(zone) => Some(zone),
                None => {
                    let suggestions = time::suggest(&tz.value, &mut self.suggestions);
                    let mut f = Finding::new(
                        Code::UnknownZone,
                        tz.span.clone(),
                        format!("unknown time zone `{}`", tz.value),
                    )
                    .label("not an IANA time zone");
                    if !suggestions.is_empty() {
                        f = f.help(format!("did you mean {}?", suggestions.join(", ")));
                    }
                    self.error(f);
                    None
                }
            },
            None => None,
        };
        Some(EventDecl {
            name,
            zone,
            url: self.string(t, "url"),
            location: self.string(t, "location"),
            id: self.string(t, "id"),
        })
    }

    fn rules(&mut self, v: &Value<'_>) -> RulesDecl {
        let mut rules = RulesDecl::default();
        let Some(t) = self.table(v, "[rules]") else {
            return rules;
        };
        self.unknown_keys(t, RULES_KEYS, "in [rules]");
        if let Some(v) = t.get("talk_minutes") {
            rules.talk_minutes_span = Some(v.span());
            match v.get_ref() {
                DeValue::Array(items) => {
                    rules.talk_minutes = items
                        .iter()
                        .filter_map(|i| self.minutes(i, "talk_minutes"))
                        .collect();
                }
                other => self.error(wrong_type(
                    v.span(),
                    "`talk_minutes`",
                    "a list of whole numbers",
                    other,
                )),
            }
        }
        if let Some(n) = t
            .get("item_minutes")
            .and_then(|v| self.minutes(v, "item_minutes"))
        {
            rules.item_minutes = n;
        }
        if let Some(hours) = t.get("waking_hours").and_then(|v| self.waking_hours(v)) {
            rules.waking_hours = hours;
        }
        if let Some(n) = t
            .get("max_gap_minutes")
            .and_then(|v| self.minutes(v, "max_gap_minutes"))
        {
            rules.max_gap_minutes = n;
        }
        if let Some(v) = t.get("allow") {
            rules.allow = self.allowed_codes(v);
        }
        if let Some(v) = t.get("require_people") {
            match v.get_ref() {
                DeValue::Boolean(b) => rules.require_people = *b,
                other => self.error(wrong_type(
                    v.span(),
                    "`require_people`",
                    "true or false",
                    other,
                )),
            }
        }
        rules
    }

    /// `allow = ["gap", "order"]`: the codes of warnings the organizer has
    /// accepted. An unknown code, or one that names errors, is a warning
    /// of its own (the findings it meant stay reported), not a reason to
    /// refuse the file.
    fn allowed_codes(&mut self, v: &Value<'_>) -> Vec<Code> {
        let mut codes = Vec::new();
        for name in self.string_list(v, "allow").unwrap_or_default() {
            let finding = |message: String, label: &str| {
                Finding::new(Code::BadAllow, name.span.clone(), message).label(label)
            };
            match name.value.parse::<Code>() {
                Ok(code) if code.is_warning() => codes.push(code),
                Ok(code) => self.error(
                    finding(
                        format!("`{code}` names errors, which cannot be allowed"),
                        "an error",
                    )
                    .help("fix what it reports; only warnings can be allowed"),
                ),
                Err(why) => self.error(finding(why, "no such code")),
            }
        }
        codes
    }

    /// `waking_hours = ["07:00", "22:00"]`: two times of day, the first
    /// before the second; `"24:00"` may end them at midnight.
    fn waking_hours(&mut self, v: &Value<'_>) -> Option<WakingHours> {
        let help = "write two local times, from waking to going to bed: waking_hours = [\"07:00\", \"22:00\"]";
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                wrong_type(
                    v.span(),
                    "`waking_hours`",
                    "a list of two times",
                    v.get_ref(),
                )
                .help(help),
            );
            return None;
        };
        if items.len() != 2 {
            self.error(
                Finding::new(
                    Code::BadWakingHours,
                    v.span(),
                    format!("`waking_hours` must list two times, not {}", items.len()),
                )
                .label("not a pair of times")
                .help(help),
            );
            return None;
        }
        let mut minutes = [0u32; 2];
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            // Minutes since midnight, and whether seconds were dropped.
            let parsed = match item.get_ref() {
                DeValue::String(s) if s.trim() == "24:00" && i == 1 => Some((DAY, false)),
                DeValue::String(s) => parse_wall_time(s).filter(|w| w.offset.is_none()).map(|w| {
                    (
                        w.time.num_seconds_from_midnight() / 60,
                        w.time.second() != 0 || w.time.nanosecond() != 0,
                    )
                }),
                // A TOML local time, as `start` takes one.
                DeValue::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => {
                    dt.time.map(|t| {
                        (
                            u32::from(t.hour) * 60 + u32::from(t.minute),
                            t.second.unwrap_or(0) != 0 || t.nanosecond.unwrap_or(0) != 0,
                        )
                    })
                }
                _ => None,
            };
            match parsed {
                Some((m, false)) => minutes[i] = m,
                // Refused as `start` with seconds is, not rounded down.
                Some((_, true)) => {
                    ok = false;
                    self.error(
                        Finding::new(
                            Code::BadWakingHours,
                            item.span(),
                            "`waking_hours` has seconds",
                        )
                        .label("a time to the second")
                        .help("waking hours are to the minute: write \"HH:MM\""),
                    );
                }
                None => {
                    ok = false;
                    self.error(
                        Finding::new(Code::BadWakingHours, item.span(), "malformed time in `waking_hours`")
                            .label("not a time of day")
                            .help("write local times as \"HH:MM\" from 00:00 to 23:59 (\"24:00\" may end the hours); no offset: each person's own zone applies"),
                    );
                }
            }
        }
        if !ok {
            return None;
        }
        if minutes[0] >= minutes[1] {
            self.error(
                Finding::new(
                    Code::BadWakingHours,
                    v.span(),
                    "`waking_hours` must start before they end",
                )
                .label("the first time is not before the second")
                .help(help),
            );
            return None;
        }
        Some(WakingHours {
            start: minutes[0],
            end: minutes[1],
        })
    }

    /// `[people]`: name → `{ timezone = "Area/City" }`. Two names that are
    /// one person under [`person_key`] are an error, like a repeated key.
    fn people_table(&mut self, v: &Value<'_>) -> Vec<PersonDecl> {
        let Some(t) = self.table(v, "[people]") else {
            return Vec::new();
        };
        let mut seen: std::collections::HashMap<String, (String, Span)> =
            std::collections::HashMap::new();
        let mut people = Vec::new();
        // The table is ordered by name; the file's order is wanted, so
        // that the first of two entries is the one written first.
        let mut entries: Vec<_> = t.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let name = key.get_ref().as_ref();
            let span = key.span();
            if name.trim().is_empty() {
                self.error(
                    Finding::new(
                        Code::EmptyText,
                        span,
                        "a person in [people] has an empty name",
                    )
                    .label("no name")
                    .help("write the name as it appears in the blocks"),
                );
                continue;
            }
            let folded = person_key(name);
            if let Some((first, first_span)) = seen.get(&folded) {
                self.error(
                    Finding::new(
                        Code::DuplicatePerson,
                        span.clone(),
                        format!("`{name}` and `{first}` in [people] are the same person"),
                    )
                    .label("second entry")
                    .related(first_span.clone(), "first entry")
                    .help("names match ignoring case, accents and spacing; keep one entry"),
                );
                continue;
            }
            seen.insert(folded, (name.to_string(), span.clone()));
            let DeValue::Table(entry) = value.get_ref() else {
                self.error(
                    wrong_type(
                        value.span(),
                        &format!("`{name}` in [people]"),
                        "a table",
                        value.get_ref(),
                    )
                    .help(format!("write \"{name}\" = {{ timezone = \"Area/City\" }}")),
                );
                continue;
            };
            self.unknown_keys(entry, PERSON_KEYS, "in a [people] entry");
            let Some(tz) =
                self.required_string(entry, "timezone", &value.span(), "a [people] entry")
            else {
                continue;
            };
            // An exact IANA name, as for `event.timezone`: a city shortcut
            // that resolves today could become ambiguous as the tz database
            // or the city list grows, and a file must keep its meaning.
            match time::file_zone(&tz.value) {
                Some(zone) => people.push(PersonDecl {
                    name: name.to_string(),
                    span,
                    zone,
                }),
                None => {
                    let suggestions = time::suggest(&tz.value, &mut self.suggestions);
                    let mut f = Finding::new(
                        Code::UnknownZone,
                        tz.span,
                        format!("unknown time zone `{}`", tz.value),
                    )
                    .label("not an IANA time zone");
                    if !suggestions.is_empty() {
                        f = f.help(format!("did you mean {}?", suggestions.join(", ")));
                    }
                    self.error(f);
                }
            }
        }
        people
    }

    fn day(&mut self, span: Span, t: &DeTable<'_>) -> Option<DayDecl> {
        self.unknown_keys(t, DAY_KEYS, "in a [[day]]");
        let date = match t.get("date") {
            Some(v) => self.date(v),
            None => {
                self.error(missing(&span, "date", "[[day]]"));
                None
            }
        };
        let end = t.get("end").and_then(|v| self.wall_time(v, "end"));
        let name = self.string(t, "name");
        let blocks = match t.get("block") {
            Some(v) => {
                let tables = self.array_of_tables(v, "block", "[[day.block]]");
                self.blocks += tables.len();
                tables
                    .into_iter()
                    .filter_map(|(span, t)| self.block(span, t))
                    .collect()
            }
            None => Vec::new(),
        };
        Some(DayDecl {
            span,
            date: date?,
            name,
            end,
            blocks,
        })
    }

    fn block(&mut self, span: Span, t: &DeTable<'_>) -> Option<BlockDecl> {
        self.unknown_keys(t, BLOCK_KEYS, "in a [[day.block]]");
        let start = match t.get("start") {
            Some(v) => self.wall_time(v, "start"),
            None => {
                self.error(missing(&span, "start", "[[day.block]]"));
                None
            }
        };
        let length = match (t.get("minutes"), t.get("end")) {
            (Some(m), Some(e)) => {
                self.error(
                    Finding::new(
                        Code::ConflictingKeys,
                        e.span(),
                        "both `minutes` and `end` are given",
                    )
                    .label("`end` given here")
                    .related(m.span(), "`minutes` given here")
                    .help("keep exactly one of the two"),
                );
                None
            }
            (Some(m), None) => self
                .length(m, "minutes")
                .map(|n| Located::new(Length::Minutes(n.value), n.span)),
            (None, Some(e)) => self.wall_time(e, "end").map(|w| Located {
                value: Length::End(w.value),
                span: w.span,
            }),
            (None, None) => {
                self.error(
                    Finding::new(
                        Code::NoLength,
                        span.clone(),
                        "the block has neither `minutes` nor `end`",
                    )
                    .label("block without a length")
                    .help("add `minutes = N` or `end = \"HH:MM\"`"),
                );
                None
            }
        };
        let kind = match self.string(t, "kind") {
            Some(k) => match k.value.parse::<Kind>() {
                Ok(kind) => Some(Located {
                    value: kind,
                    span: k.span,
                }),
                Err(()) => {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                    let help = match self.suggestions.closest(&k.value, &names) {
                        Some(c) => format!("did you mean `{c}`? kinds are {}", names.join(", ")),
                        None => format!("kinds are {}", names.join(", ")),
                    };
                    self.error(
                        Finding::new(
                            Code::UnknownKind,
                            k.span,
                            format!("unknown kind `{}`", k.value),
                        )
                        .label("not a kind")
                        .help(help),
                    );
                    None
                }
            },
            None => {
                if t.get("kind").is_none() {
                    self.error(missing(&span, "kind", "[[day.block]]"));
                }
                None
            }
        };
        let title = match self.string(t, "title") {
            Some(title) => Some(title),
            None if t.get("title").is_some() => None,
            None => match kind.as_ref().and_then(|k| k.value.policy().default_title) {
                Some(title) => Some(Located {
                    value: title.to_string(),
                    span: span.clone(),
                }),
                None => {
                    if kind.is_some() {
                        self.error(missing(&span, "title", "[[day.block]]"));
                    }
                    None
                }
            },
        };
        let (speakers, _) = self.people(t);
        let speakers_span = t
            .get("speakers")
            .or_else(|| t.get("speaker"))
            .map_or_else(|| span.clone(), |v| v.span());
        let moderator = self.string(t, "moderator");
        let (items, items_span) = match t.get("items") {
            Some(v) => (self.items(v), v.span()),
            None => (Vec::new(), span.clone()),
        };
        if let Some(kind) = kind.as_ref().filter(|k| !k.value.policy().people) {
            for key in ["speakers", "speaker", "moderator", "items"] {
                if let Some((k, _)) = t.get_key_value(key) {
                    self.error(
                        Finding::new(
                            Code::NotAllowed,
                            k.span(),
                            format!("a {} has no {key}", kind.value),
                        )
                        .label(format!("not allowed on a {}", kind.value))
                        .related(kind.span.clone(), format!("this block is a {}", kind.value))
                        .help("remove it, or give the block another kind")
                        .block(span.clone()),
                    );
                }
            }
        }
        let block = BlockDecl {
            start: start?,
            length: length?,
            kind: kind?,
            title: title?,
            speakers,
            speakers_span,
            moderator,
            room: self.string(t, "room"),
            location: self.string(t, "location"),
            url: self.string(t, "url"),
            description: self.string(t, "description"),
            id: self.string(t, "id"),
            items,
            items_span,
            span,
        };
        Some(block)
    }

    fn items(&mut self, v: &Value<'_>) -> Vec<ItemDecl> {
        let DeValue::Array(items) = v.get_ref() else {
            self.error(wrong_type(v.span(), "`items`", "a list", v.get_ref()));
            return Vec::new();
        };
        items.iter().filter_map(|item| self.item(item)).collect()
    }

    fn item(&mut self, v: &Value<'_>) -> Option<ItemDecl> {
        let span = v.span();
        match v.get_ref() {
            DeValue::String(s) => Some(ItemDecl {
                title: Located::new(s.to_string(), span.clone()),
                minutes: None,
                speakers: Vec::new(),
                speakers_span: span.clone(),
                url: None,
                description: None,
                span,
            }),
            DeValue::Table(t) => {
                self.unknown_keys(t, ITEM_KEYS, "in an item");
                let title = self.required_string(t, "title", &span, "an item");
                let minutes = t.get("minutes").map(|m| self.length(m, "minutes"));
                let title = title?;
                let minutes = match minutes {
                    Some(m) => Some(m?),
                    None => None,
                };
                let (speakers, speakers_span) = self.people(t);
                let item = ItemDecl {
                    title,
                    minutes,
                    speakers,
                    speakers_span: speakers_span.unwrap_or_else(|| span.clone()),
                    url: self.string(t, "url"),
                    description: self.string(t, "description"),
                    span,
                };
                Some(item)
            }
            other => {
                self.error(wrong_type(
                    span,
                    "an item",
                    "a string or a table with a `title`",
                    other,
                ));
                None
            }
        }
    }
}
