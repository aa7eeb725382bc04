//! CSV imports of representatives and of postal code mappings. The admin sends
//! the file's text; every row is checked and every problem reported with its
//! line number. A dry run stops there; otherwise, when no row has a problem,
//! the import is applied in one transaction. A re-import replaces what the
//! previous imports said at the levels the file covers, and reports what it
//! added, changed and removed. Nothing is changed while any row is wrong.

pub mod postal_codes;
pub mod representatives;
mod table;

use serde::{Deserialize, Serialize};

/// The body of an import.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CsvImport {
    /// The CSV file's text (UTF-8, comma-separated, a header row first).
    pub csv: String,
    /// Check and report only; change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// What is wrong with one row (or with the header, line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ImportProblem {
    /// The line of the file, from 1 (the header).
    pub line: u64,
    /// The column, when the problem is one field's.
    pub column: Option<String>,
    /// `missing_column`, `unknown_column`, `duplicate_column`, `empty`,
    /// `too_many_rows`, `malformed`, `field_count`, `required`, `invalid_text`,
    /// `invalid_level`, `invalid_email`, `invalid_url`, `invalid_postal_code`,
    /// `duplicate_key`.
    pub code: &'static str,
    pub message: String,
}

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
    fn new(dry_run: bool) -> Self {
        Self {
            dry_run,
            ..Self::default()
        }
    }

    /// Records the file's problems, in line order.
    fn found(&mut self, rows: usize, mut errors: Vec<ImportProblem>) {
        errors.sort_by_key(|e| e.line);
        self.rows = rows;
        self.errors = errors;
    }
}
