//! The first fields of a snapshot, read without the rest of it.
//!
//! Every snapshot starts with a few small fields (drizzle-kit's `id` and `prevId`, our envelope's
//! `format`, `version`, `custom`, `imported`) before the schema, which is megabytes at thousands
//! of tables. `gen` reads those fields of every snapshot of the history on each run: skipping the
//! schema still meant scanning it, so reading stops where the wanted fields end.

use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The fields named in `wanted` of the JSON object `text`, read up to the first key in `stop`
/// (its value is not read) or until every wanted field is read; to the end of the object
/// otherwise. `None` when `text` is no JSON object as far as it is read.
pub(crate) fn leading_fields(
    text: &str,
    wanted: &[&str],
    stop: &[&str],
) -> Option<Map<String, Value>> {
    let mut read = Read {
        wanted,
        stop,
        fields: Map::new(),
        stopped: false,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let whole = deserializer.deserialize_map(&mut read);
    // Stopping early leaves the object unfinished, which serde_json reports as an error: the
    // fields read before it stand. Otherwise the whole object must have been valid.
    (read.stopped || whole.is_ok()).then_some(read.fields)
}

struct Read<'w> {
    wanted: &'w [&'w str],
    stop: &'w [&'w str],
    fields: Map<String, Value>,
    stopped: bool,
}

impl<'de> Visitor<'de> for &mut Read<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if self.stop.contains(&key.as_ref()) {
                self.stopped = true;
                return Ok(());
            }
            if self.wanted.contains(&key.as_ref()) {
                let value: Value = map.next_value()?;
                self.fields.insert(key.into_owned(), value);
                if self.fields.len() == self.wanted.len() {
                    self.stopped = true;
                    return Ok(());
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_at_the_stop_key_or_when_every_wanted_field_is_read() {
        let text = r#"{"id": "a", "other": [1, {"x": 2}], "prevId": "b", "tables": {"t": 1}}"#;
        let fields = leading_fields(text, &["id", "prevId"], &[]).unwrap();
        assert_eq!(fields["id"], "a");
        assert_eq!(fields["prevId"], "b");
        // What follows the last wanted field or the stop key is not read: a broken tail is not
        // seen (the checksums vouch for the file, not this reader).
        let broken = r#"{"id": "a", "prevId": "b", "tables": {"#;
        assert_eq!(
            leading_fields(broken, &["id", "prevId"], &[])
                .unwrap()
                .len(),
            2
        );
        let envelope = r#"{"format": "f", "version": 2, "schema": {"tables": ["#;
        let fields = leading_fields(envelope, &["format", "version", "custom"], &["schema"]);
        assert_eq!(fields.unwrap().len(), 2);
    }

    #[test]
    fn reads_to_the_end_when_nothing_stops_it_and_then_needs_valid_json() {
        let fields = leading_fields(r#"{"version": 1}"#, &["version", "custom"], &["schema"]);
        assert_eq!(fields.unwrap().len(), 1);
        assert!(leading_fields(r#"{"version": 1"#, &["version", "custom"], &["schema"]).is_none());
        assert!(leading_fields("[1]", &["id"], &[]).is_none());
        assert!(leading_fields("not json", &["id"], &[]).is_none());
        // A wanted field that is broken before the stop point makes the object unreadable.
        assert!(leading_fields(r#"{"id": tru"#, &["id"], &[]).is_none());
    }
}
