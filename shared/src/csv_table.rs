//! Reading an import's CSV text into rows of named fields, with the problems of
//! the file itself (its header, its shape) reported by line. The checks of each
//! field's value belong to the import that knows the column. Every CSV import
//! (representatives, postal codes, the map's locations) reads through here.
//!
//! A file's header names the import's columns itself ([`read`]), or an admin
//! maps the file's own headers onto them ([`read_mapped`]: the wizard's
//! "column mapping"; headers mapped to nothing are ignored).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::domain::TextRule;

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
    /// or an import's own code for a field (`invalid_level`, `invalid_email`,
    /// `invalid_url`, `invalid_postal_code`, `duplicate_key`, `invalid_number`, ...).
    pub code: &'static str,
    pub message: String,
}

/// The most data rows one import takes.
pub const MAX_ROWS: usize = 50_000;

/// The columns an import knows.
pub struct Columns {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

/// A file's data rows, each with its line number.
pub struct Table {
    index: HashMap<String, usize>,
    /// The rows of the right shape.
    pub rows: Vec<Row>,
    /// Every data row of the file, those of the wrong shape included.
    pub count: usize,
}

/// One data row.
pub struct Row {
    pub line: u64,
    fields: csv::StringRecord,
}

impl Table {
    /// The value of `column` in `row` (empty when the file has no such column).
    pub fn get<'a>(&self, row: &'a Row, column: &str) -> &'a str {
        self.index
            .get(column)
            .and_then(|&i| row.fields.get(i))
            .unwrap_or("")
    }
}

fn error(
    line: u64,
    column: Option<&str>,
    code: &'static str,
    message: impl Into<String>,
) -> ImportProblem {
    ImportProblem {
        line,
        column: column.map(str::to_string),
        code,
        message: message.into(),
    }
}

/// Reads `text`: the header must name every required column once and nothing
/// unknown (case and surrounding spaces do not matter); every row must have
/// the header's number of fields. Rows with the wrong shape are reported and
/// left out; a wrong header stops the reading.
pub fn read(text: &str, columns: &Columns, errors: &mut Vec<ImportProblem>) -> Option<Table> {
    read_with(text, columns, None, errors)
}

/// Reads `text` whose header is the file's own: `mapping` says which of the
/// file's columns (by its header, any case) holds each of the import's
/// columns; the file's other columns are ignored. A required column must be
/// mapped, and a mapping must name a column of the file.
pub fn read_mapped(
    text: &str,
    columns: &Columns,
    mapping: &HashMap<String, String>,
    errors: &mut Vec<ImportProblem>,
) -> Option<Table> {
    let mut by_header = HashMap::new();
    for (column, header) in mapping {
        let column = column.trim().to_lowercase();
        if !columns.required.contains(&column.as_str())
            && !columns.optional.contains(&column.as_str())
        {
            errors.push(error(
                1,
                Some(&column),
                "unknown_column",
                format!(
                    "Unknown column {column:?}; the columns are {}",
                    columns.known().join(", ")
                ),
            ));
        } else if !header.trim().is_empty() {
            by_header.insert(header.trim().to_lowercase(), column);
        }
    }
    read_with(text, columns, Some(&by_header), errors)
}

impl Columns {
    fn known(&self) -> Vec<&'static str> {
        self.required.iter().chain(self.optional).copied().collect()
    }
}

fn read_with(
    text: &str,
    columns: &Columns,
    mapping: Option<&HashMap<String, String>>,
    errors: &mut Vec<ImportProblem>,
) -> Option<Table> {
    // Spreadsheets often save a byte-order mark first.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header
            .iter()
            .map(|name| name.trim().to_lowercase())
            .map(|name| match mapping {
                // A header mapped to nothing is left out (an empty name).
                Some(mapping) => mapping.get(&name).cloned().unwrap_or_default(),
                None => name,
            })
            .collect(),
        Err(e) => {
            errors.push(error(
                1,
                None,
                "malformed",
                format!("The header cannot be read: {e}"),
            ));
            return None;
        }
    };
    let mut index = HashMap::new();
    let before = errors.len();
    for (i, name) in header.iter().enumerate() {
        if mapping.is_some() && name.is_empty() {
            continue;
        }
        if !columns.required.contains(&name.as_str()) && !columns.optional.contains(&name.as_str())
        {
            let known = columns.known();
            errors.push(error(
                1,
                Some(name),
                "unknown_column",
                format!(
                    "Unknown column {name:?}; the columns are {}",
                    known.join(", ")
                ),
            ));
        } else if index.insert(name.clone(), i).is_some() {
            errors.push(error(
                1,
                Some(name),
                "duplicate_column",
                format!("The column {name:?} appears twice"),
            ));
        }
    }
    for name in columns.required {
        if !index.contains_key(*name) {
            let message = match mapping {
                Some(_) => {
                    format!("The column {name:?} is required: map a column of the file to it")
                }
                None => format!("The column {name:?} is required"),
            };
            errors.push(error(1, Some(name), "missing_column", message));
        }
    }
    if errors.len() > before {
        return None;
    }
    // A record's position is where the previous one ended, before the blank
    // lines the reader skips (and does not count): its line is found from the
    // first byte after those.
    let breaks: Vec<usize> = text.match_indices('\n').map(|(at, _)| at).collect();
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(0, |p| {
            let from = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            let rest = text.get(from..).unwrap_or_default();
            let blank = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
            (breaks.partition_point(|&at| at < from + blank) + 1) as u64
        })
    };
    let mut rows = Vec::new();
    let mut count = 0;
    for record in reader.records() {
        count += 1;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = line_at(e.position());
                errors.push(error(
                    line,
                    None,
                    "malformed",
                    format!("This line cannot be read: {e}"),
                ));
                continue;
            }
        };
        let line = line_at(record.position());
        // A blank line between rows is not a row.
        if record.iter().all(str::is_empty) {
            count -= 1;
            continue;
        }
        if count > MAX_ROWS {
            errors.push(error(
                line,
                None,
                "too_many_rows",
                format!("At most {MAX_ROWS} rows per import; split the file"),
            ));
            return None;
        }
        if record.len() != header.len() {
            errors.push(error(
                line,
                None,
                "field_count",
                format!(
                    "This row has {} fields; the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        rows.push(Row {
            line,
            fields: record,
        });
    }
    if count == 0 {
        errors.push(error(1, None, "empty", "The file has a header but no rows"));
    }
    Some(Table { index, rows, count })
}

/// Checks one text field of a row against its type `T`: `required` when empty
/// and required, `invalid_text` for any other problem.
pub fn text<T: TextRule>(
    table: &Table,
    row: &Row,
    column: &str,
    errors: &mut Vec<ImportProblem>,
) -> Option<String> {
    let raw = table.get(row, column);
    match T::check(raw) {
        Ok(value) => Some(value.into_text()),
        Err(message) => {
            let code = if raw.trim().is_empty() {
                "required"
            } else {
                "invalid_text"
            };
            errors.push(error(row.line, Some(column), code, message));
            None
        }
    }
}

/// Records a problem with one field of a row.
pub fn field_error(
    row: &Row,
    column: &str,
    code: &'static str,
    message: impl Into<String>,
) -> ImportProblem {
    error(row.line, Some(column), code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: Columns = Columns {
        required: &["name", "level"],
        optional: &["email"],
    };

    fn codes(errors: &[ImportProblem]) -> Vec<(u64, &str)> {
        errors.iter().map(|e| (e.line, e.code)).collect()
    }

    #[test]
    fn rows_keep_their_line_numbers_and_fields_by_name() {
        let mut errors = Vec::new();
        let text = "\u{feff}Name , LEVEL,email\nAda,federal,\n\n\"Grace\nHopper\",municipal,g@example.org\nBob,provincial\n";
        let table = read(text, &COLUMNS, &mut errors).unwrap();
        assert_eq!(codes(&errors), [(6, "field_count")]);
        let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4]);
        assert_eq!(table.get(&table.rows[1], "name"), "Grace\nHopper");
        assert_eq!(table.get(&table.rows[1], "email"), "g@example.org");
    }

    #[test]
    fn a_wrong_header_stops_the_reading() {
        let mut errors = Vec::new();
        assert!(read("name,name,colour\nx,y,z\n", &COLUMNS, &mut errors).is_none());
        assert_eq!(
            codes(&errors),
            [
                (1, "duplicate_column"),
                (1, "unknown_column"),
                (1, "missing_column")
            ]
        );
    }

    #[test]
    fn a_mapping_names_the_files_own_columns_and_ignores_the_rest() {
        let mut errors = Vec::new();
        let mapping = HashMap::from([
            ("name".to_string(), "Full Name".to_string()),
            ("level".to_string(), "tier".to_string()),
        ]);
        let text = "Full Name,Tier,Shoe size\nAda,federal,38\n";
        let table = read_mapped(text, &COLUMNS, &mapping, &mut errors).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(table.get(&table.rows[0], "name"), "Ada");
        assert_eq!(table.get(&table.rows[0], "level"), "federal");
        assert_eq!(table.get(&table.rows[0], "email"), "");

        let mut errors = Vec::new();
        let mapping = HashMap::from([("name".to_string(), "Full Name".to_string())]);
        assert!(read_mapped(text, &COLUMNS, &mapping, &mut errors).is_none());
        assert_eq!(codes(&errors), [(1, "missing_column")]);
    }

    #[test]
    fn an_empty_file_is_reported() {
        let mut errors = Vec::new();
        read("name,level\n", &COLUMNS, &mut errors);
        assert_eq!(codes(&errors), [(1, "empty")]);
    }
}
