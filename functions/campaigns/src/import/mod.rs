//! CSV imports of representatives and of postal code mappings. The admin sends
//! the file's text; every row is checked and every problem reported with its
//! line number. A dry run stops there; otherwise, when no row has a problem,
//! the import is applied in one transaction. A re-import replaces what the
//! previous imports said at the levels the file covers, and reports what it
//! added, changed and removed. Nothing is changed while any row is wrong.

pub mod postal_codes;
pub mod representatives;

use serde::Serialize;
pub use shared::csv_table::{CsvImport, ImportProblem};

/// What an import found, and did.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Whether the import changed anything: never on a dry run, never with errors.
    pub applied: bool,
    /// Data rows in the file.
    pub rows: usize,
    /// Every problem, in line order.
    pub errors: Vec<ImportProblem>,
    /// What the import adds, changes and removes (or would, on a dry run).
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

impl ImportReport {
    /// Reads the request's file with `read` (which answers the number of data
    /// rows and what the good ones hold), keeping its problems in line order.
    fn read<T>(
        input: &CsvImport,
        read: impl FnOnce(&str, &mut Vec<ImportProblem>) -> (usize, T),
    ) -> (Self, T) {
        let mut errors = Vec::new();
        let (rows, good) = read(&input.csv, &mut errors);
        errors.sort_by_key(|e| e.line);
        let report = Self {
            dry_run: input.dry_run,
            rows,
            errors,
            ..Self::default()
        };
        (report, good)
    }
}

/// The levels of government a file covers, each once: a re-import replaces
/// what earlier imports said at these levels only.
fn levels<'a>(of: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    of.collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}
