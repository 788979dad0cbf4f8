//! The stable identity of every block across versions of the file: a
//! UUID v5 of the event's id (or name) and the block's [`BlockKey`], used
//! as the iCalendar UID and the frab `guid`.
//!
//! The key is computed on the whole agenda before any filter, and never
//! from a block's time or position: a block with an `id` keeps its
//! identity through any move (time, room, day), one without keeps it as
//! long as its kind and title do and no other block shares them; both keep
//! it when blocks are added before them, and in a filtered export.
//!
//! [`BlockKey`]: crate::model::BlockKey

use uuid::Uuid;

use crate::model::{Block, Event};

/// The namespace of every block UUID: the v5 UUID of this URN in the URL
/// namespace. Changing it would change every UID ever published.
const NAMESPACE_NAME: &str = "urn:agenda:block";

/// The UUID v5 of a block: the same block of the same event always gets
/// the same one.
pub(crate) fn block_uuid(event: &Event, block: &Block) -> Uuid {
    let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, NAMESPACE_NAME.as_bytes());
    // A newline cannot occur in a TOML basic string key written on one line,
    // but the length prefix makes the pair unambiguous whatever they hold.
    let event_id = event.identity();
    let name = format!("{}:{event_id}\n{}", event_id.len(), block.key);
    Uuid::new_v5(&namespace, name.as_bytes())
}

/// The iCalendar UID of a block of UUID `uuid` (see [`block_uuid`]): the
/// UUID, `@`, and a slug of the event's id or name, so that UIDs read as
/// belonging to the event.
pub(crate) fn block_uid(event: &Event, uuid: Uuid) -> String {
    format!("{uuid}@{}", slug(event.identity()))
}

/// Lower-case ASCII letters and digits, every other run of characters
/// turned into one `-`; `agenda` when nothing is left.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "agenda".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("broker-workshop-2021"), "broker-workshop-2021");
        assert_eq!(
            slug("LSSTC Enabling Science Broker Workshop 2021 · Part II"),
            "lsstc-enabling-science-broker-workshop-2021-part-ii"
        );
        assert_eq!(slug("  --Ünïcode!! "), "n-code");
        assert_eq!(slug("東京"), "agenda");
    }

    #[test]
    fn namespace_is_the_v5_of_its_urn() {
        // Computed independently: uuid5(NAMESPACE_URL, "urn:agenda:block")
        // with Python's uuid module.
        let namespace = Uuid::new_v5(&Uuid::NAMESPACE_URL, NAMESPACE_NAME.as_bytes());
        assert_eq!(namespace.get_version_num(), 5);
        assert_eq!(
            namespace.to_string(),
            "44688a7b-2cdd-51cc-b74f-c0bf2b392d38"
        );
    }
}
