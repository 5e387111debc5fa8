//! The verification report: readable text (only mismatches in detail), JSON, JUnit XML.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::compare::{Finding, FindingKind};
use crate::probes::ProbeOutcome;

/// Wall time of each phase.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    #[serde(serialize_with = "millis", rename = "start_ms")]
    pub start: Duration,
    #[serde(serialize_with = "millis", rename = "migrate_ms")]
    pub migrate: Duration,
    #[serde(serialize_with = "millis", rename = "introspect_ms")]
    pub introspect: Duration,
    #[serde(serialize_with = "millis", rename = "compare_ms")]
    pub compare: Duration,
    #[serde(serialize_with = "millis", rename = "probes_ms")]
    pub probes: Duration,
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 1e6).round() / 1e3)
}

impl Timings {
    pub fn total(&self) -> Duration {
        self.start + self.migrate + self.introspect + self.compare + self.probes
    }

    pub fn line(&self) -> String {
        let s = |d: Duration| format!("{:.3} s", d.as_secs_f64());
        format!(
            "start {}, migrate {}, introspect {}, compare {}, probes {} (total {})",
            s(self.start),
            s(self.migrate),
            s(self.introspect),
            s(self.compare),
            s(self.probes),
            s(self.total())
        )
    }
}

/// Everything one verification found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyReport {
    /// Where the database was (never with a password).
    pub server: String,
    pub database: String,
    /// Migrations this run applied.
    pub migrations_applied: Vec<String>,
    /// Declared tables.
    pub tables: Vec<String>,
    pub catalog_checks: usize,
    pub findings: Vec<Finding>,
    pub probes: Vec<ProbeOutcome>,
    /// Why the behaviour probes did not run, when they did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probes_skipped: Option<String>,
    pub timings: Timings,
}

impl VerifyReport {
    /// Catalog findings plus failed probes, as findings.
    pub fn all_findings(&self) -> Vec<Finding> {
        let mut all = self.findings.clone();
        all.extend(self.probes.iter().filter(|p| !p.passed).map(|p| Finding {
            table: p.table.clone(),
            object: p.object.clone(),
            kind: FindingKind::Behaviour,
            expected: format!("{}: {}", p.action, p.expected),
            found: p.observed.clone(),
        }));
        all
    }

    pub fn is_ok(&self) -> bool {
        self.findings.is_empty() && self.probes.iter().all(|p| p.passed)
    }

    /// Findings grouped by table, in table-name order.
    fn by_table(&self) -> BTreeMap<String, Vec<Finding>> {
        let mut map: BTreeMap<String, Vec<Finding>> = BTreeMap::new();
        for finding in self.all_findings() {
            map.entry(finding.table.clone()).or_default().push(finding);
        }
        map
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "schema-verify: database {} on {}\n",
            self.database, self.server
        ));
        if !self.migrations_applied.is_empty() {
            out.push_str(&format!(
                "applied {} migration(s): {}\n",
                self.migrations_applied.len(),
                self.migrations_applied.join(", ")
            ));
        }
        let by_table = self.by_table();
        for (table, findings) in &by_table {
            out.push_str(&format!("\n{table}: {} mismatch(es)\n", findings.len()));
            for f in findings {
                let object = match f.kind {
                    FindingKind::MissingTable
                    | FindingKind::UndeclaredTable
                    | FindingKind::MissingView
                    | FindingKind::UndeclaredView
                    | FindingKind::ViewKind
                    | FindingKind::MissingSequence
                    | FindingKind::UndeclaredSequence
                    | FindingKind::SequenceOptions => String::new(),
                    _ => format!(" {}", f.object),
                };
                out.push_str(&format!("  {}{object}\n", kind_label(f.kind)));
                out.push_str(&format!("    expected: {}\n", f.expected));
                out.push_str(&format!("    found:    {}\n", f.found));
            }
        }
        let matching = self
            .tables
            .iter()
            .filter(|t| !by_table.contains_key(*t))
            .count();
        out.push_str(&format!(
            "\n{matching} of {} declared tables match.\n",
            self.tables.len()
        ));
        match &self.probes_skipped {
            Some(why) => out.push_str(&format!("behaviour probes skipped: {why}\n")),
            None => {
                out.push_str(&format!(
                    "behaviour: {} probes (foreign key actions, duplicate keys, NULLs), {} failed\n",
                    self.probes.len(),
                    self.probes.iter().filter(|p| !p.passed).count()
                ));
                for probe in &self.probes {
                    if let Some(why) = &probe.skipped {
                        out.push_str(&format!(
                            "  skipped: {}.{}: {}: {why}\n",
                            probe.table, probe.object, probe.action
                        ));
                    }
                }
            }
        }
        out.push_str(&format!("time: {}\n", self.timings.line()));
        let mismatches = self.all_findings().len();
        if mismatches == 0 {
            out.push_str(&format!(
                "OK: the database is the declared schema ({} tables, {} catalog checks, {} behaviour probes)\n",
                self.tables.len(),
                self.catalog_checks,
                self.probes.len()
            ));
        } else {
            out.push_str(&format!(
                "FAILED: {mismatches} mismatch(es) in {} table(s) ({} catalog checks, {} behaviour probes)\n",
                by_table.len(),
                self.catalog_checks,
                self.probes.len()
            ));
        }
        out
    }

    /// The report as JSON, with `"ok"` first (timings in milliseconds).
    pub fn to_json(&self) -> String {
        let mut value = serde_json::Map::new();
        value.insert("ok".into(), self.is_ok().into());
        if let serde_json::Value::Object(fields) =
            serde_json::to_value(self).expect("the report is plain data")
        {
            value.extend(fields);
        }
        serde_json::to_string_pretty(&value).expect("the report is plain data")
    }

    /// JUnit XML: a `catalog` suite with one case per table, a `behaviour` suite with one case per
    /// probe.
    pub fn to_junit(&self) -> String {
        use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
        let by_table = self.by_table();
        let mut catalog = TestSuite::new("catalog");
        let mut names: Vec<&String> = self.tables.iter().collect();
        for table in by_table.keys() {
            if !names.contains(&table) {
                names.push(table);
            }
        }
        for table in names {
            let catalog_findings: Vec<&Finding> = by_table
                .get(table)
                .map(|f| {
                    f.iter()
                        .filter(|f| f.kind != FindingKind::Behaviour)
                        .collect()
                })
                .unwrap_or_default();
            let status = if catalog_findings.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(format!("{} mismatch(es)", catalog_findings.len()));
                status.set_description(
                    catalog_findings
                        .iter()
                        .map(|f| f.message())
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
                status
            };
            let mut case = TestCase::new(table.as_str(), status);
            case.set_classname("catalog");
            catalog.add_test_case(case);
        }
        let mut behaviour = TestSuite::new("behaviour");
        for probe in &self.probes {
            let status = if let Some(why) = &probe.skipped {
                let mut status = TestCaseStatus::skipped();
                status.set_message(why.as_str());
                status
            } else if probe.passed {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(format!(
                    "expected {}, observed {}",
                    probe.expected, probe.observed
                ));
                status
            };
            let mut case = TestCase::new(
                format!("{}.{}: {}", probe.table, probe.object, probe.action),
                status,
            );
            case.set_classname(format!("behaviour.{}", probe.table));
            behaviour.add_test_case(case);
        }
        let mut report = Report::new("schema-verify");
        report.add_test_suite(catalog).add_test_suite(behaviour);
        report.to_string().expect("JUnit XML from plain strings")
    }
}

fn kind_label(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::MissingTable => "table missing",
        FindingKind::UndeclaredTable => "table not declared",
        FindingKind::MissingColumn => "column missing:",
        FindingKind::UndeclaredColumn => "column not declared:",
        FindingKind::ColumnType => "type of column",
        FindingKind::Nullability => "nullability of column",
        FindingKind::ColumnDefault => "default of column",
        FindingKind::Generated => "generated expression of column",
        FindingKind::Identity => "identity of column",
        FindingKind::PrimaryKey => "primary key",
        FindingKind::MissingUnique => "unique constraint missing:",
        FindingKind::UndeclaredUnique => "unique constraint not declared:",
        FindingKind::Unique => "unique constraint",
        FindingKind::MissingForeignKey => "foreign key missing:",
        FindingKind::UndeclaredForeignKey => "foreign key not declared:",
        FindingKind::ForeignKey => "foreign key",
        FindingKind::MissingIndex => "index missing:",
        FindingKind::UndeclaredIndex => "index not declared:",
        FindingKind::Index => "index",
        FindingKind::UndeclaredCheck => "check constraint not declared:",
        FindingKind::MissingCheck => "check constraint missing:",
        FindingKind::Check => "check constraint",
        FindingKind::MissingEnum => "missing:",
        FindingKind::UndeclaredEnum => "not declared:",
        FindingKind::EnumValues => "values of",
        FindingKind::Behaviour => "behaviour of",
        FindingKind::MissingExtension => "extension missing:",
        FindingKind::MissingView => "view missing",
        FindingKind::UndeclaredView => "view not declared",
        FindingKind::ViewKind => "kind of view",
        FindingKind::ViewColumnOrder => "position of view column",
        FindingKind::MissingSequence => "sequence missing",
        FindingKind::UndeclaredSequence => "sequence not declared",
        FindingKind::SequenceOptions => "options of sequence",
    }
}
