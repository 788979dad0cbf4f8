//! [`Zone`]: a time zone of the chosen tz database as a `chrono::TimeZone`,
//! so the rest of the program keeps chrono's `DateTime<Zone>` while the
//! rules come from jiff.

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use chrono::{
    DateTime, Datelike, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, Offset, TimeZone,
    Timelike, Utc,
};
use jiff::tz::{AmbiguousOffset, TimeZone as Rules};
use jiff::Timestamp;

use super::db::{Database, Unusable};
use super::tzif::MAX_OFFSET;

/// A time zone: a name and its rules. `Copy`, because chrono passes zones
/// by value everywhere; each zone is interned once per run and never freed.
#[derive(Clone, Copy)]
pub struct Zone(&'static Interned);

struct Interned {
    name: Box<str>,
    rules: Rules,
    /// Whether the rules keep one offset for ever (UTC, `UTC+05:30`), so
    /// that no time is ever in a gap or a fold.
    fixed: bool,
}

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        intern("UTC", || Rules::UTC)
    }

    /// The zone called `name` (any ASCII case) in the current database.
    /// A file of the database that cannot be used is warned about, once,
    /// naming it; `Zone::find` gives the reason instead.
    pub fn get(name: &str) -> Option<Zone> {
        Zone::get_in(Database::current(), name)
    }

    /// The zone called `name` in `db`. `UTC` exists in every database.
    pub fn get_in(db: &Database, name: &str) -> Option<Zone> {
        match find_in(db, name) {
            Ok(zone) => zone,
            Err((unusable, first)) => {
                if first {
                    let _ = std::io::Write::write_fmt(
                        &mut std::io::stderr(),
                        format_args!("agenda: warning: cannot use the zone file {unusable}\n"),
                    );
                }
                None
            }
        }
    }

    /// The zone called `name` (any ASCII case) in the current database:
    /// `Ok(None)` when there is none, an error naming the file when the
    /// database has one that cannot be used.
    pub(crate) fn find(name: &str) -> Result<Option<Zone>, Unusable> {
        find_in(Database::current(), name).map_err(|(unusable, _)| unusable)
    }

    /// The zone that is `seconds` east of UTC all year, named as people
    /// write it: `UTC+05:30`; UTC itself for 0.
    pub(crate) fn fixed(seconds: i32) -> Zone {
        if seconds == 0 {
            return Zone::utc();
        }
        let name = format!("UTC{}", super::offset_text(seconds));
        let rules = || jiff::tz::Offset::from_seconds(seconds).map_or(Rules::UTC, Rules::fixed);
        // Kept under a key no name lookup uses: `TZ=UTC+05:30` is POSIX,
        // five and a half hours *behind* UTC, and must not find this one.
        intern_as(&format!("\0fixed{seconds}"), &name, rules)
    }

    /// A zone with rules from elsewhere (a POSIX `TZ` string, a TZif file
    /// named by path), called `name`.
    pub(crate) fn with_rules(name: &str, rules: Rules) -> Zone {
        intern(name, || rules)
    }

    /// Its name: `America/Santiago`, or the `TZ` string it came from.
    pub fn name(self) -> &'static str {
        &self.0.name
    }

    /// The offset and abbreviation in force at `at`.
    pub fn offset_at(self, at: DateTime<Utc>) -> ZoneOffset {
        self.offset_at_timestamp(timestamp(at.naive_utc()))
    }

    fn offset_at_timestamp(self, at: Timestamp) -> ZoneOffset {
        let info = self.0.rules.to_offset_info(at);
        ZoneOffset {
            zone: self,
            seconds: info.offset().seconds(),
            abbreviation: Abbreviation::new(info.abbreviation(), info.offset().seconds()),
        }
    }

    /// Whether it keeps one offset for ever (UTC, `UTC+05:30`).
    pub(crate) fn is_fixed(self) -> bool {
        self.0.fixed
    }

    /// How a wall-clock time reads in this zone: one instant, none (a
    /// gap), or two (a fold), with the offsets on both sides.
    pub(crate) fn ambiguous(self, local: NaiveDateTime) -> Option<AmbiguousOffset> {
        civil(local).map(|dt| self.0.rules.to_ambiguous_timestamp(dt).offset())
    }

    /// The first instant after `after` at which the zone's offset or
    /// abbreviation changes.
    pub fn next_transition(self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let t = self
            .0
            .rules
            .following(timestamp(after.naive_utc()))
            .next()?
            .timestamp();
        DateTime::from_timestamp(t.as_second(), 0)
    }
}

/// What a name was found to be: a zone, or a file that cannot be used.
type Entry = Result<&'static Interned, Unusable>;

/// The zones of this run, by every name they were asked for (`asia/tokyo`
/// and `Asia/Tokyo`), and the names whose files cannot be used: each name
/// is looked up in the database once per run.
fn table() -> &'static Mutex<HashMap<Box<str>, Entry>> {
    static TABLE: OnceLock<Mutex<HashMap<Box<str>, Entry>>> = OnceLock::new();
    TABLE.get_or_init(Default::default)
}

/// The zone called `name` in `db`; the error says whether it is the first
/// time this name failed.
fn find_in(db: &Database, name: &str) -> Result<Option<Zone>, (Unusable, bool)> {
    if let Some(entry) = table().lock().unwrap_or_else(|e| e.into_inner()).get(name) {
        return entry.clone().map(|z| Some(Zone(z))).map_err(|e| (e, false));
    }
    // UTC has no rules to read, in any database.
    if name.eq_ignore_ascii_case("UTC") {
        return Ok(Some(Zone::utc()));
    }
    match db.get(name) {
        Ok(None) => Ok(None),
        Ok(Some((spelt, rules))) => {
            let zone = intern(&spelt, || rules);
            remember(name, Ok(zone.0));
            Ok(Some(zone))
        }
        Err(unusable) => {
            remember(name, Err(unusable.clone()));
            Err((unusable, true))
        }
    }
}

fn remember(name: &str, entry: Entry) {
    let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
    table.entry(name.into()).or_insert(entry);
}

fn intern(name: &str, rules: impl FnOnce() -> Rules) -> Zone {
    intern_as(name, name, rules)
}

/// Interns the zone `name` under `key`.
fn intern_as(key: &str, name: &str, rules: impl FnOnce() -> Rules) -> Zone {
    let mut table = table().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(Ok(zone)) = table.get(key) {
        return Zone(zone);
    }
    // Leaked on purpose: a run uses a bounded number of zones (at most the
    // database's), and `Copy` zones need a `'static` home.
    let rules = rules();
    let zone: &'static Interned = Box::leak(Box::new(Interned {
        name: name.into(),
        // No change of offset ever: UTC, `UTC+05:30`, Etc/GMT-5.
        fixed: rules.following(Timestamp::MIN).next().is_none(),
        rules,
    }));
    table.insert(key.into(), Ok(zone));
    Zone(zone)
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Zone {}

impl Hash for Zone {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A zone's offset at some instant, with its abbreviation (`JST`, or `-04`
/// where the tz database knows no customary one). Its `Display`, and so
/// chrono's `%Z`, is the abbreviation.
#[derive(Clone, Copy)]
pub struct ZoneOffset {
    zone: Zone,
    seconds: i32,
    abbreviation: Abbreviation,
}

impl ZoneOffset {
    /// Seconds east of UTC.
    pub fn seconds(&self) -> i32 {
        self.seconds
    }

    /// `JST`, `CEST`, or `-04`.
    pub fn abbreviation(&self) -> &str {
        self.abbreviation.as_str()
    }

    /// Whether the abbreviation is a name (`JST`) rather than the offset
    /// written as digits (`-04`).
    pub(crate) fn has_name(&self) -> bool {
        let text = self.abbreviation();
        !text.is_empty() && text.chars().all(|c| c.is_ascii_alphabetic())
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}s)",
            self.zone,
            self.abbreviation(),
            self.seconds
        )
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.abbreviation())
    }
}

/// A zone abbreviation kept inline, so that offsets stay `Copy`. The tz
/// database's are 3 to 6 ASCII characters; a longer one (from a POSIX
/// `TZ` string) is cut at a character boundary.
#[derive(Clone, Copy)]
struct Abbreviation {
    bytes: [u8; 15],
    len: u8,
}

impl Abbreviation {
    /// The abbreviation `text` of an offset of `seconds`. A zone file's
    /// abbreviations are letters, digits, `+` and `-` (RFC 9636, 3.2);
    /// any other (a hand-made file's `<script>` or escape sequence) is
    /// replaced by the offset, as the tz database writes one with no name
    /// (`+0530`), so that no output ever meets it.
    fn new(text: &str, seconds: i32) -> Abbreviation {
        let plain = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '-';
        let fallback;
        let text = if !text.is_empty() && text.chars().all(plain) {
            text
        } else {
            fallback = super::short_offset(seconds).replace(':', "");
            &fallback
        };
        let mut len = text.len().min(15);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; 15];
        bytes[..len].copy_from_slice(&text.as_bytes()[..len]);
        Abbreviation {
            bytes,
            len: len as u8,
        }
    }

    fn as_str(&self) -> &str {
        // Built from a `&str` cut at a character boundary, so always UTF-8.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        // jiff allows offsets up to ±25:59:59, chrono below ±24:00. No zone
        // of the tz database comes near either, and a zone file or POSIX
        // `TZ` that does is refused when read (`tzif::MAX_OFFSET`), so the
        // clamp is never reached.
        let seconds = self.seconds.clamp(-MAX_OFFSET, MAX_OFFSET);
        FixedOffset::east_opt(seconds).unwrap_or_else(|| Utc.fix())
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<ZoneOffset> {
        let instant = |offset: jiff::tz::Offset| {
            self.offset_at_timestamp(timestamp(
                *local - chrono::Duration::seconds(offset.seconds().into()),
            ))
        };
        match self.ambiguous(*local) {
            Some(AmbiguousOffset::Unambiguous { offset }) => {
                MappedLocalTime::Single(instant(offset))
            }
            Some(AmbiguousOffset::Fold { before, after }) => {
                MappedLocalTime::Ambiguous(instant(before), instant(after))
            }
            Some(AmbiguousOffset::Gap { .. }) => MappedLocalTime::None,
            // Outside the years jiff knows (±9999): the nearest offset.
            None => MappedLocalTime::Single(self.offset_at_timestamp(timestamp(*local))),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        self.offset_at_timestamp(timestamp(*utc))
    }
}

/// A UTC date-time as a jiff timestamp, clamped to jiff's range.
fn timestamp(utc: NaiveDateTime) -> Timestamp {
    let secs = utc.and_utc().timestamp();
    Timestamp::from_second(secs).unwrap_or(if secs < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

/// A chrono wall-clock time as jiff's, when jiff can hold it.
fn civil(local: NaiveDateTime) -> Option<jiff::civil::DateTime> {
    let narrow = |n: u32| i8::try_from(n).ok();
    jiff::civil::DateTime::new(
        i16::try_from(local.year()).ok()?,
        narrow(local.month())?,
        narrow(local.day())?,
        narrow(local.hour())?,
        narrow(local.minute())?,
        narrow(local.second())?,
        // A leap second (nanoseconds ≥ 1e9 in chrono) reads as the last
        // nanosecond of its minute.
        i32::try_from(local.nanosecond().min(999_999_999)).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::testing::{utc, zone};

    #[test]
    fn percent_z_prints_the_abbreviation() {
        // Japan: UTC+9, "JST", without DST since 1951.
        let t = utc("2021-04-13T14:30:00Z").with_timezone(&zone("Asia/Tokyo"));
        assert_eq!(t.format("%H:%M %Z %:z").to_string(), "23:30 JST +09:00");
        // Chile has no customary abbreviation: the tz database writes -04.
        let t = utc("2021-04-13T14:30:00Z").with_timezone(&zone("America/Santiago"));
        assert_eq!(t.format("%H:%M %Z").to_string(), "10:30 -04");
    }

    /// A version 1 TZif file (no footer) of one local time type: UTC+9
    /// under the abbreviation `abbreviation`, as a hand-made file may have
    /// it (`zic` writes a footer that no hostile abbreviation survives).
    fn tzif_v1(abbreviation: &str) -> Vec<u8> {
        let mut data = b"TZif\0".to_vec();
        data.extend([0; 15]);
        let chars = abbreviation.len() as u32 + 1;
        for count in [0, 0, 0, 0, 1, chars] {
            data.extend(u32::to_be_bytes(count));
        }
        data.extend(32_400_i32.to_be_bytes());
        data.extend([0, 0]);
        data.extend(abbreviation.as_bytes());
        data.push(0);
        data
    }

    #[test]
    fn an_abbreviation_of_other_characters_is_replaced_by_the_offset() {
        let at = utc("2021-04-13T14:30:00Z");
        let abbreviation = |text: &str| {
            let rules = Rules::tzif("test", &tzif_v1(text)).expect("TZif data");
            let zone = Zone::with_rules(&format!("test/{text}"), rules);
            zone.offset_at(at).abbreviation().to_string()
        };
        assert_eq!(abbreviation("JST"), "JST");
        assert_eq!(abbreviation("+09"), "+09");
        assert_eq!(abbreviation("\u{1b}]0;PWNED\u{7}"), "+09");
        assert_eq!(abbreviation("<img src=x>"), "+09");
        assert_eq!(abbreviation("J\u{202e}ST"), "+09");
        assert_eq!(abbreviation(""), "+09");
    }

    #[test]
    fn gaps_and_folds_reach_chrono() {
        // Chile left DST at 2021-04-04 03:00 UTC: 00:00 -03 became 23:00 -04
        // on the 3rd, so 23:30 happened twice; it entered DST at
        // 2021-09-05 04:00 UTC, skipping 00:00–01:00 local.
        let santiago = zone("America/Santiago");
        let fold = NaiveDate::from_ymd_opt(2021, 4, 3)
            .unwrap()
            .and_hms_opt(23, 30, 0)
            .unwrap();
        let MappedLocalTime::Ambiguous(a, b) = santiago.from_local_datetime(&fold) else {
            panic!("a fold");
        };
        assert_eq!(a.with_timezone(&Utc), utc("2021-04-04T02:30:00Z"));
        assert_eq!(b.with_timezone(&Utc), utc("2021-04-04T03:30:00Z"));
        let gap = NaiveDate::from_ymd_opt(2021, 9, 5)
            .unwrap()
            .and_hms_opt(0, 30, 0)
            .unwrap();
        assert_eq!(santiago.from_local_datetime(&gap), MappedLocalTime::None);
    }

    #[test]
    fn zones_are_interned_and_utc_always_exists() {
        assert_eq!(zone("asia/tokyo"), zone("Asia/Tokyo"));
        assert_eq!(zone("Asia/Tokyo").name(), "Asia/Tokyo");
        assert_eq!(Zone::utc().name(), "UTC");
        assert_eq!(
            Zone::utc().offset_at(utc("2021-04-13T00:00:00Z")).seconds(),
            0
        );
    }

    #[test]
    fn fixed_zones_know_it() {
        assert!(Zone::utc().is_fixed());
        assert!(zone("Etc/UTC").is_fixed());
        assert!(zone("Etc/GMT-5").is_fixed());
        assert!(Zone::fixed(5 * 3600 + 1800).is_fixed());
        // Japan has kept UTC+9 since 1951, but changed before.
        assert!(!zone("Asia/Tokyo").is_fixed());
        assert!(!zone("Europe/Berlin").is_fixed());
    }

    #[test]
    fn years_beyond_jiff_are_clamped_not_panicking() {
        let far = NaiveDate::from_ymd_opt(200_000, 1, 1)
            .unwrap()
            .and_time(chrono::NaiveTime::MIN);
        let _ = zone("Europe/Paris").offset_from_utc_datetime(&far);
        let _ = zone("Europe/Paris").from_local_datetime(&far);
    }
}
