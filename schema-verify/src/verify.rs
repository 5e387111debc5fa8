//! Verification of one database against a declared schema: catalog, then behaviour.

use std::time::Instant;

use schema_model::Schema;

use crate::compare::compare;
use crate::error::{Error, Result};
use crate::probes::run_probes;
use crate::report::VerifyReport;

/// What to check.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The PostgreSQL schema holding the tables (`public` for drizzle).
    pub namespace: String,
    /// Run the behaviour probes (they write, inside transactions that are rolled back).
    pub probes: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            namespace: "public".into(),
            probes: true,
        }
    }
}

/// Introspects, compares and (when the catalog matches) probes. Fills `report`'s findings,
/// probes and the introspect / compare / probes timings.
pub fn verify_database(
    client: &mut postgres::Client,
    declared: &Schema,
    options: &VerifyOptions,
    report: &mut VerifyReport,
) -> Result<()> {
    report.tables = declared.tables.iter().map(|t| t.name.clone()).collect();
    let server_major = crate::server::server_major(client)?;
    let features = schema_model::pg_version::unsupported_features(declared, server_major);
    if !features.is_empty() {
        return Err(Error::Unsupported {
            server: if report.server.is_empty() {
                "the server".into()
            } else {
                report.server.clone()
            },
            major: server_major,
            features,
        });
    }
    let started = Instant::now();
    let catalog = crate::enums_checks::introspect_declared(client, &options.namespace, declared)?;
    report.timings.introspect = started.elapsed();

    let started = Instant::now();
    let comparison = compare(declared, &catalog);
    report.timings.compare = started.elapsed();
    report.catalog_checks = comparison.checks;
    report.findings = comparison.findings;

    if !options.probes {
        report.probes_skipped = Some("not requested (--in-place checks read-only)".into());
    } else if !report.findings.is_empty() {
        // Probes build rows from the declaration; on a database that differs they would fail
        // for the reasons already reported.
        report.probes_skipped =
            Some("the catalog differs from the declaration; fix that first".into());
    } else {
        let started = Instant::now();
        report.probes = run_probes(client, declared);
        report.timings.probes = started.elapsed();
    }
    Ok(())
}
