//! What changed between two versions of a template: a line diff of each part.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use shared::auth::AuthUser;
use shared::http::{ApiPath, ApiQuery, Data, DataOf};
use shared::{ApiResult, AppState, db};
use similar::{ChangeTag, TextDiff};
use uuid::Uuid;

use super::model::{self, require_reader};

/// Which two versions to compare.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Between {
    /// The older version's number.
    from: i32,
    /// The newer version's number.
    to: i32,
}

/// A line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    Equal,
    Delete,
    Insert,
}

/// One line, as it was (`delete`), as it is (`insert`) or unchanged (`equal`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DiffLine {
    op: DiffOp,
    /// Without its line break.
    text: String,
    /// Its number in the older version (from 1), when it is there.
    old_line: Option<usize>,
    /// Its number in the newer version (from 1), when it is there.
    new_line: Option<usize>,
}

/// The diff of one part.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TemplateDiffPart {
    /// `subject`, `body_text` or `body_html`.
    field: String,
    changed: bool,
    lines: Vec<DiffLine>,
}

/// The differences between two versions.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TemplateDiff {
    from: i32,
    to: i32,
    parts: Vec<TemplateDiffPart>,
}

/// The line diff of `old` and `new`.
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| DiffLine {
            op: match change.tag() {
                ChangeTag::Equal => DiffOp::Equal,
                ChangeTag::Delete => DiffOp::Delete,
                ChangeTag::Insert => DiffOp::Insert,
            },
            text: change.value().trim_end_matches(['\n', '\r']).to_string(),
            old_line: change.old_index().map(|i| i + 1),
            new_line: change.new_index().map(|i| i + 1),
        })
        .collect()
}

/// The differences between two versions of a template, part by part.
#[utoipa::path(get, path = "/api/email-templates/{id}/diff", tag = "email-templates", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Template id"), Between),
    responses((status = 200, description = "The diff", body = DataOf<TemplateDiff>),
              (status = 403, description = "Not PAGES_ADMIN")))]
pub async fn get(
    user: AuthUser,
    State(state): State<AppState>,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(between): ApiQuery<Between>,
) -> ApiResult<Data<TemplateDiff>> {
    require_reader(&user)?;
    let client = db::client(&state.db).await?;
    let old = model::version(&client, id, Some(between.from)).await?;
    let new = model::version(&client, id, Some(between.to)).await?;
    let parts = [
        ("subject", &old.subject, &new.subject),
        ("body_text", &old.body_text, &new.body_text),
        ("body_html", &old.body_html, &new.body_html),
    ]
    .into_iter()
    .map(|(field, old, new)| TemplateDiffPart {
        field: field.to_string(),
        changed: old != new,
        lines: lines(old, new),
    })
    .collect();
    Ok(Data(TemplateDiff {
        from: between.from,
        to: between.to,
        parts,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_on_the_side_they_are_on() {
        let diff = lines("Hello\nold line\nBye", "Hello\nnew line\nBye\n");
        let ops: Vec<(&DiffOp, &str, Option<usize>, Option<usize>)> = diff
            .iter()
            .map(|l| (&l.op, l.text.as_str(), l.old_line, l.new_line))
            .collect();
        assert_eq!(
            ops,
            [
                (&DiffOp::Equal, "Hello", Some(1), Some(1)),
                (&DiffOp::Delete, "old line", Some(2), None),
                (&DiffOp::Delete, "Bye", Some(3), None),
                (&DiffOp::Insert, "new line", None, Some(2)),
                (&DiffOp::Insert, "Bye", None, Some(3)),
            ]
        );
    }

    #[test]
    fn equal_texts_have_only_equal_lines() {
        assert!(lines("a\nb", "a\nb").iter().all(|l| l.op == DiffOp::Equal));
        assert!(lines("", "").is_empty());
    }
}
