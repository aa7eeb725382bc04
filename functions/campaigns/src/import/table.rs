//! Reading an import's CSV text into rows of named fields, with the problems of
//! the file itself (its header, its shape) reported by line. The checks of each
//! field's value belong to the import that knows the column.

use std::collections::HashMap;

use shared::domain::TextRule;

use super::ImportProblem;

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
        if !columns.required.contains(&name.as_str()) && !columns.optional.contains(&name.as_str())
        {
            let known: Vec<&str> = columns
                .required
                .iter()
                .chain(columns.optional)
                .copied()
                .collect();
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
            errors.push(error(
                1,
                Some(name),
                "missing_column",
                format!("The column {name:?} is required"),
            ));
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
    fn an_empty_file_is_reported() {
        let mut errors = Vec::new();
        read("name,level\n", &COLUMNS, &mut errors);
        assert_eq!(codes(&errors), [(1, "empty")]);
    }
}
