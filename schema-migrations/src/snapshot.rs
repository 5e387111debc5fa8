//! Our snapshot of the schema after each migration: the model's JSON inside an envelope that
//! names the format and its version, so a later reader knows what it holds.

use schema_model::Schema;
use serde::{Deserialize, Serialize};

/// The format name every snapshot carries.
pub const FORMAT: &str = "schema-as-code/snapshot";
/// The version this crate writes. Version 0 is the bare `Schema` JSON of layout 0; version 2
/// adds `imported` (written only on the snapshots of an imported history, so a folder without
/// one stays at version 1 and older tools keep reading it).
pub const VERSION: u32 = 2;
/// The version of a snapshot without `imported`.
const VERSION_WITHOUT_IMPORTED: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u32,
    /// A hand-written migration (`gen --custom`): its SQL is the user's, and `gen` keeps its
    /// checksum and this snapshot up to date with it.
    #[serde(skip_serializing_if = "is_false")]
    custom: bool,
    /// A migration of an imported drizzle-kit history (`import`): its SQL is byte for byte the
    /// one drizzle's migrator recorded, it has no down file, and this snapshot is what the
    /// import read and confirmed it builds.
    #[serde(skip_serializing_if = "is_false")]
    imported: bool,
    schema: &'a Schema,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The envelope without the schema: read alone when a snapshot does not read, so that one of
/// another format or of a newer version is named as such (serde skips the schema unparsed).
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    #[serde(default)]
    version: u32,
    #[serde(default)]
    custom: bool,
    #[serde(default)]
    imported: bool,
}

/// [`Header`] and the schema of either version, read in one pass: inside the envelope, or layout
/// 0's bare `Schema` (which had tables and nothing else). Spelled out: `#[serde(flatten)]` would
/// first buffer the whole document.
#[derive(Deserialize)]
struct Whole {
    format: Option<String>,
    #[serde(default)]
    version: u32,
    #[serde(default)]
    custom: bool,
    #[serde(default)]
    imported: bool,
    schema: Option<Schema>,
    tables: Option<Vec<schema_model::TableDef>>,
}

/// What a snapshot file holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub schema: Schema,
    /// Written for a custom (hand-written) migration.
    pub custom: bool,
    /// Written for a migration of an imported history.
    pub imported: bool,
}

/// A snapshot file's text (pretty JSON, trailing newline).
pub fn to_json(schema: &Schema, custom: bool) -> String {
    envelope_json(schema, custom, false)
}

/// The snapshot of a migration of an imported history.
pub fn imported_json(schema: &Schema) -> String {
    envelope_json(schema, false, true)
}

fn envelope_json(schema: &Schema, custom: bool, imported: bool) -> String {
    let mut json = pretty_json(schema, &Envelope::of(schema, custom, imported));
    json.push('\n');
    json
}

impl<'a> Envelope<'a> {
    fn of(schema: &'a Schema, custom: bool, imported: bool) -> Self {
        Envelope {
            format: FORMAT,
            version: if imported {
                VERSION
            } else {
                VERSION_WITHOUT_IMPORTED
            },
            custom,
            imported,
            schema,
        }
    }
}

/// Whether `text` is, byte for byte, the snapshot [`to_json`] writes for `schema`: compared
/// while it is serialized, so neither a second copy of the document nor its schema read back
/// is made (megabytes, and tens of thousands of allocations, at thousands of tables). Stops at
/// the first difference.
pub fn is_json_of(text: &str, schema: &Schema) -> bool {
    let Some(body) = text.strip_suffix('\n') else {
        return false;
    };
    let mut rest = SameAs {
        expected: body.as_bytes(),
    };
    write_pretty(&mut rest, &Envelope::of(schema, false, false)).is_ok() && rest.expected.is_empty()
}

/// A writer that takes only what `expected` holds next, in order, and fails at anything else.
struct SameAs<'t> {
    expected: &'t [u8],
}

impl std::io::Write for SameAs<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match self.expected.strip_prefix(bytes) {
            Some(rest) => {
                self.expected = rest;
                Ok(bytes.len())
            }
            None => Err(std::io::ErrorKind::InvalidData.into()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `value` as pretty JSON, written into a buffer sized for `schema` up front: a snapshot is
/// megabytes at thousands of tables, and a buffer grown by doubling copies it again and again
/// (and faults in fresh pages each time). A generous guess costs nothing: pages never written
/// are never touched.
pub(crate) fn pretty_json(schema: &Schema, value: &impl serde::Serialize) -> String {
    let columns: usize = schema.tables.iter().map(|t| t.columns.len()).sum();
    let mut buffer = Vec::with_capacity(4096 + 1024 * (schema.tables.len() + columns));
    write_pretty(&mut buffer, value).expect("a snapshot serializes");
    String::from_utf8(buffer).expect("serde_json writes UTF-8")
}

/// `value` as a snapshot lays JSON out, into `writer`: the one place that picks the layout, so
/// what [`is_json_of`] compares is what [`pretty_json`] writes.
fn write_pretty(
    writer: &mut impl std::io::Write,
    value: &impl serde::Serialize,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        writer,
        Pretty::default(),
    ))
}

/// serde_json's `PrettyFormatter` (two spaces), byte for byte, writing each line break and its
/// indentation as one slice: `PrettyFormatter` writes the indentation two bytes at a time, and
/// at thousands of tables those small writes were a third of serializing a snapshot.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break and the indentation of `depth`.
    fn line<W: ?Sized + std::io::Write>(writer: &mut W, depth: usize) -> std::io::Result<()> {
        const LINE: &[u8] = b"\n                                                                ";
        let mut width = 2 * depth;
        let first = width.min(LINE.len() - 1);
        writer.write_all(&LINE[..1 + first])?;
        width -= first;
        while width > 0 {
            let more = width.min(LINE.len() - 1);
            writer.write_all(&LINE[1..1 + more])?;
            width -= more;
        }
        Ok(())
    }

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// `]` or `}`, on a line of its own unless the container is empty.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            Pretty::line(writer, self.depth)?;
        }
        writer.write_all(bracket)
    }

    /// Before an element or a key: a comma after the previous one, then a new line.
    fn next<W: ?Sized + std::io::Write>(&self, writer: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        Pretty::line(writer, self.depth)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Reads a snapshot of any version this crate knows (1 and 2, and layout 0's bare schema), in
/// one pass over the schema: no intermediate JSON tree.
pub fn from_json(text: &str) -> Result<Snapshot, String> {
    // One pass over the text (a snapshot is megabytes at thousands of tables); only a text that
    // does not read is read again, for its header first: a snapshot of another format or a
    // newer version is named as such rather than by the first field this version does not know.
    let Ok(whole) = serde_json::from_str::<Whole>(text) else {
        header(text)?;
        return Err(field_error(text));
    };
    let header = checked(Header {
        format: whole.format,
        version: whole.version,
        custom: whole.custom,
        imported: whole.imported,
    })?;
    let schema = match (header.format.is_some(), whole.schema, whole.tables) {
        (true, Some(schema), _) => schema,
        (false, None, Some(tables)) => Schema {
            tables,
            ..Schema::default()
        },
        (true, None, _) => return Err("missing field `schema`".into()),
        (false, _, _) => return Err("missing field `tables`".into()),
    };
    Ok(Snapshot {
        schema,
        custom: header.custom,
        imported: header.imported,
    })
}

/// Why `text` is no snapshot, naming the field at fault (`schema.tables[0].indexes[1].method`):
/// the text read again with the path tracked, which only a failed read pays for.
fn field_error(text: &str) -> String {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Whole>(&mut deserializer) {
        Ok(_) => "not a schema snapshot".into(),
        Err(e) if e.path().iter().next().is_none() => e.into_inner().to_string(),
        Err(e) => format!("at `{}`: {}", e.path(), e.inner()),
    }
}

/// Whether a snapshot is a custom migration's and whether it is an imported one's, read
/// without the schema.
pub fn flags(text: &str) -> Option<(bool, bool)> {
    // The envelope's fields come before the schema, which is not read (layout 0's bare schema
    // starts with its tables and has neither flag).
    let fields = crate::leading::leading_fields(
        text,
        &["format", "version", "custom", "imported"],
        &["schema", "tables"],
    )?;
    let header = Header::deserialize(serde_json::Value::Object(fields)).ok()?;
    checked(header).ok().map(|h| (h.custom, h.imported))
}

fn header(text: &str) -> Result<Header, String> {
    let header: Header = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    checked(header)
}

/// The header, when this crate reads its format and version.
fn checked(header: Header) -> Result<Header, String> {
    if let Some(format) = &header.format {
        if format != FORMAT {
            return Err(format!("its format is {format:?}, not {FORMAT:?}"));
        }
        if header.version > VERSION {
            return Err(format!(
                "it is snapshot version {}, newer than this tool reads ({VERSION}); update the toolkit",
                header.version
            ));
        }
    }
    Ok(header)
}

/// Whether `text` is layout 0's bare snapshot (our model, not drizzle-kit's format).
pub fn is_legacy(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Shape {
        format: Option<serde::de::IgnoredAny>,
        #[serde(rename = "prevId")]
        prev_id: Option<serde::de::IgnoredAny>,
        tables: Option<Vec<serde::de::IgnoredAny>>,
    }
    serde_json::from_str::<Shape>(text)
        .is_ok_and(|s| s.format.is_none() && s.prev_id.is_none() && s.tables.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_are_laid_out_as_serde_json_pretty_prints() {
        // Deeper than one slice of indentation, empty and nested containers, strings to escape.
        let mut deep = serde_json::json!({ "leaf": [1, "two \"quoted\"\n", null, [], {}] });
        for i in 0..40 {
            deep = serde_json::json!({ format!("level{i}"): [deep, { "n": i }], "empty": [] });
        }
        let schema = Schema::default();
        assert_eq!(
            pretty_json(&schema, &deep),
            serde_json::to_string_pretty(&deep).unwrap()
        );
    }

    #[test]
    fn round_trips_and_reads_the_bare_version_0() {
        let schema = Schema::default();
        assert_eq!(from_json(&to_json(&schema, false)).unwrap().schema, schema);
        assert!(from_json(&to_json(&schema, true)).unwrap().custom);
        assert!(!to_json(&schema, false).contains("custom"));
        assert!(to_json(&schema, false).contains("\"version\": 1"));
        let imported = from_json(&imported_json(&schema)).unwrap();
        assert!(imported.imported && !imported.custom);
        assert!(imported_json(&schema).contains("\"version\": 2"));
        assert_eq!(from_json(r#"{"tables":[]}"#).unwrap().schema, schema);
        assert!(is_legacy(r#"{"tables":[]}"#));
        assert!(!is_legacy(&to_json(&schema, false)));
        assert!(!is_legacy(r#"{"id":"x","prevId":"y","tables":{}}"#));
    }

    #[test]
    fn a_snapshot_is_recognised_as_the_schemas_own_only_byte_for_byte() {
        let schema = crate::drizzle_snapshot::tests::sample();
        let text = to_json(&schema, false);
        assert!(is_json_of(&text, &schema));
        assert!(is_json_of(
            &to_json(&Schema::default(), false),
            &Schema::default()
        ));
        // Another schema, a custom or imported migration's snapshot, a cut or extended text.
        let mut other = schema.clone();
        other.tables[0].columns.pop();
        assert!(!is_json_of(&text, &other));
        assert!(!is_json_of(&to_json(&other, false), &schema));
        assert!(!is_json_of(&to_json(&schema, true), &schema));
        assert!(!is_json_of(&imported_json(&schema), &schema));
        assert!(!is_json_of(text.trim_end(), &schema));
        assert!(!is_json_of(&text[..text.len() / 2], &schema));
        assert!(!is_json_of(&format!("{text}\n"), &schema));
        assert!(!is_json_of(&text.replacen("  ", "   ", 1), &schema));
    }

    #[test]
    fn unknown_formats_and_newer_versions_are_refused() {
        assert!(
            from_json(r#"{"format":"x","version":1,"schema":{"tables":[]}}"#)
                .unwrap_err()
                .contains("format")
        );
        assert!(from_json(&format!(
            r#"{{"format":"{FORMAT}","version":9,"schema":{{"tables":[]}}}}"#
        ))
        .unwrap_err()
        .contains("newer"));
        assert!(from_json("nope").unwrap_err().contains("not JSON"));
        // A newer version's schema this version cannot read is named by its version, not by
        // the field; a field at fault in a snapshot of this version is named by its path.
        assert!(from_json(&format!(
            r#"{{"format":"{FORMAT}","version":9,"schema":{{"tables":[{{"name":1}}]}}}}"#
        ))
        .unwrap_err()
        .contains("newer"));
        assert_eq!(
            from_json(&format!(
                r#"{{"format":"{FORMAT}","version":1,"schema":{{"tables":[{{"name":1}}]}}}}"#
            ))
            .unwrap_err(),
            "at `schema.tables[0].name`: invalid type: integer `1`, expected a string at line 1 column 77"
        );
    }
}
