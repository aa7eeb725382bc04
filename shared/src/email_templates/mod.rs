//! Email templates kept in PostgreSQL (`email_templates`, `email_template_versions`):
//! what every email of the platform says. A sender asks for a template by key and
//! gives its variables:
//!
//! ```ignore
//! let values = email_templates::values([("USERNAME", "sam"), ("RESET_URL", &url), ("EXPIRES_IN", "30 minutes")]);
//! let email = email_templates::render(&client, "password_reset", &values).await?;
//! ```
//!
//! The current version of a template is its highest. Each has a subject, a plain
//! text body and an HTML body written with `shared::templates` (`{{UPPER_SNAKE}}`,
//! `{{#if VAR}}…{{else}}…{{/if}}`, strict: a variable without a value is an error).
//! The subject and text are rendered as they are, the HTML with every value
//! escaped, inside the [`LAYOUT`] all emails share; an empty HTML body is made
//! from the text. Which variables a template may use is [`catalog`]'s business.

pub mod catalog;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db::GenericClient;
use crate::error::ApiError;
use crate::templates::{self, Escape, TemplateProblem, escape_html};

pub use catalog::{BUILT_IN, BuiltIn, Category, Variable, allowed, built_in_named};

/// Variable values by name.
pub type Values = BTreeMap<String, String>;

/// Builds [`Values`] from `(name, value)` pairs.
pub fn values<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Values {
    pairs
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The sample value of each variable, for previews and test emails.
pub fn samples(variables: &[&Variable]) -> Values {
    values(variables.iter().map(|v| (v.name, v.sample)))
}

/// The HTML every email's body goes between: what comes before it, and after.
pub const LAYOUT: (&str, &str) = (
    "<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.5;color:#222\">",
    "</body></html>",
);

/// A template's three parts, as an admin writes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = TemplateSource)]
pub struct Source {
    pub subject: String,
    pub body_text: String,
    /// May be empty (or left out): the HTML part is then made from the text.
    #[serde(default)]
    pub body_html: String,
}

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = RenderedEmail)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A problem in one part of a template (`subject`, `body_text` or `body_html`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct SourceProblem {
    pub field: &'static str,
    pub problem: TemplateProblem,
}

impl Source {
    /// Each part with its field name and how values are written into it.
    fn parts(&self) -> [(&'static str, &str, Escape); 3] {
        [
            ("subject", &self.subject, Escape::None),
            ("body_text", &self.body_text, Escape::None),
            ("body_html", &self.body_html, Escape::Html),
        ]
    }

    /// Checks every part against the `allowed` variables; answers the variables
    /// used, in order of first use, each once. The first problem found is
    /// answered with its part, line and column.
    pub fn check(&self, allowed: &[&str]) -> Result<Vec<String>, SourceProblem> {
        let mut used: Vec<String> = Vec::new();
        for (field, source, _) in self.parts() {
            let found = templates::check(source, allowed)
                .map_err(|problem| SourceProblem { field, problem })?;
            for name in found {
                if !used.contains(&name) {
                    used.push(name);
                }
            }
        }
        Ok(used)
    }

    /// Renders the three parts with `values`; the HTML is wrapped in [`LAYOUT`].
    pub fn render(&self, values: &Values) -> Result<Rendered, SourceProblem> {
        let [subject, text, html] = self.parts().map(|(field, source, escape)| {
            templates::render(source, values, escape)
                .map_err(|problem| SourceProblem { field, problem })
        });
        let text = text?;
        let html = html?;
        let body = if html.trim().is_empty() {
            html_from_text(&text)
        } else {
            html
        };
        Ok(Rendered {
            // A subject is one line whatever a value held.
            subject: subject?.replace(['\r', '\n'], " ").trim().to_string(),
            html: format!("{}{body}{}", LAYOUT.0, LAYOUT.1),
            text,
        })
    }
}

/// Paragraphs of escaped text: a blank line starts a paragraph, a line break
/// stays one.
fn html_from_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape_html(p).replace('\n', "<br>")))
        .collect()
}

/// Why a stored template could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("there is no email template {0:?}")]
    Missing(String),
    #[error("email template {key:?}: {problem}")]
    Template { key: String, problem: SourceProblem },
    #[error(transparent)]
    Database(#[from] ApiError),
}

/// The current version of template `key`, if the template exists.
pub async fn current(client: &impl GenericClient, key: &str) -> Result<Option<Source>, ApiError> {
    let row = client
        .query_opt(
            "select v.subject, v.body_text, v.body_html
             from email_templates t
             join email_template_versions v on v.template_id = t.id
             where t.key = $1
             order by v.version desc
             limit 1",
            &[&key],
        )
        .await?;
    Ok(row.map(|r| Source {
        subject: r.get(0),
        body_text: r.get(1),
        body_html: r.get(2),
    }))
}

/// Renders the current version of template `key` with `values`. The values are
/// inserted as they are, never read as template text, so a `{{` in one comes out
/// literally (and HTML in one comes out escaped in the HTML part).
pub async fn render(
    client: &impl GenericClient,
    key: &str,
    values: &Values,
) -> Result<Rendered, RenderError> {
    let source = current(client, key)
        .await?
        .ok_or_else(|| RenderError::Missing(key.to_string()))?;
    source
        .render(values)
        .map_err(|problem| RenderError::Template {
            key: key.to_string(),
            problem,
        })
}

/// Renders version `version_id` of a template with the sample value of each
/// variable it may use, for a test email; `None` when the version is gone.
pub async fn render_sample(
    client: &impl GenericClient,
    version_id: Uuid,
) -> Result<Option<Rendered>, RenderError> {
    let Some(row) = client
        .query_opt(
            "select t.key, t.category, v.subject, v.body_text, v.body_html
             from email_template_versions v
             join email_templates t on t.id = v.template_id
             where v.id = $1",
            &[&version_id],
        )
        .await
        .map_err(ApiError::from)?
    else {
        return Ok(None);
    };
    let key: String = row.get(0);
    let category: String = row.get(1);
    let category = Category::parse(&category)
        .ok_or_else(|| ApiError::internal(format!("unknown template category {category:?}")))?;
    let source = Source {
        subject: row.get(2),
        body_text: row.get(3),
        body_html: row.get(4),
    };
    let values = samples(&allowed(&key, category));
    source
        .render(&values)
        .map(Some)
        .map_err(|problem| RenderError::Template { key, problem })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(subject: &str, text: &str, html: &str) -> Source {
        Source {
            subject: subject.into(),
            body_text: text.into(),
            body_html: html.into(),
        }
    }

    #[test]
    fn checks_every_part_and_names_the_part_of_a_problem() {
        let ok = source(
            "Hi {{NAME}}",
            "{{NAME}}: {{LINK}}",
            "<a href=\"{{LINK}}\">go</a>",
        );
        assert_eq!(ok.check(&["NAME", "LINK"]).unwrap(), ["NAME", "LINK"]);
        let bad = source("Hi", "Fine", "<p>\n{{#if NAME}}open</p>");
        let problem = bad.check(&["NAME"]).unwrap_err();
        assert_eq!(problem.field, "body_html");
        assert!(problem.problem.line >= 1, "{problem}");
        let unknown = source("Hi {{SECRET}}", "", "")
            .check(&["NAME"])
            .unwrap_err();
        assert_eq!((unknown.field, unknown.problem.column), ("subject", 4));
    }

    #[test]
    fn renders_values_literally_escaped_in_html_only() {
        let template = source("For {{NAME}}", "Dear {{NAME}}", "<p>Dear {{NAME}}</p>");
        let email = template
            .render(&values([("NAME", "<b>{{ADMIN}}</b>\nBcc: x")]))
            .unwrap();
        assert_eq!(email.subject, "For <b>{{ADMIN}}</b> Bcc: x");
        assert_eq!(email.text, "Dear <b>{{ADMIN}}</b>\nBcc: x");
        assert!(email.html.starts_with(LAYOUT.0) && email.html.ends_with(LAYOUT.1));
        assert!(
            email
                .html
                .contains("<p>Dear &lt;b&gt;{{ADMIN}}&lt;/b&gt;\nBcc: x</p>")
        );
    }

    #[test]
    fn an_empty_html_body_is_made_from_the_text() {
        let email = source("S", "One\nline & <two>\n\n\nThree", "")
            .render(&Values::new())
            .unwrap();
        assert_eq!(
            email.html,
            format!(
                "{}<p>One<br>line &amp; &lt;two&gt;</p><p>Three</p>{}",
                LAYOUT.0, LAYOUT.1
            )
        );
    }

    #[test]
    fn samples_fill_every_variable_a_template_may_use() {
        for b in BUILT_IN {
            let values = samples(&allowed(b.key, b.category));
            let names: Vec<&str> = values.keys().map(String::as_str).collect();
            let mut expected = b.variables.to_vec();
            expected.sort_unstable();
            assert_eq!(names, expected, "{}", b.key);
        }
    }
}
