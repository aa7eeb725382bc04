//! Templates people edit (emails, page texts): `{{UPPER_SNAKE}}` variables and
//! `{{#if VAR}}…{{else}}…{{/if}}` blocks, rendered by `handlebars` in strict mode.
//!
//! Templates are checked before they are saved: only those two forms are allowed (no
//! other helpers, partials, or `{{{triple}}}` expressions that would bypass
//! escaping), every variable must be one the template's category offers, and a
//! problem names its line and column. Values are inserted as they are, never parsed
//! again, so a supporter's name containing `{{` comes out literally; in HTML they
//! are escaped.

use std::collections::BTreeMap;

use handlebars::template::{Parameter, Template, TemplateElement};
use handlebars::{Handlebars, no_escape};

/// What is wrong with a template, and where (1-based; 0 when the parser does not say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (line {line}, column {column})")]
pub struct TemplateProblem {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// How values are written into the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// HTML bodies: `<`, `>`, `&` and both quotes become entities (enough for
    /// element content and quoted attribute values, which templates must use).
    Html,
    /// Plain-text bodies and subjects.
    None,
}

/// The variables a template uses, in order of first use (each once), or its first
/// problem.
pub fn variables(source: &str) -> Result<Vec<String>, TemplateProblem> {
    let template = Template::compile(source).map_err(|e| {
        let (line, column) = e.pos().unwrap_or((0, 0));
        TemplateProblem {
            message: format!("The template cannot be read: {}", e.reason()),
            line,
            column,
        }
    })?;
    let mut found = Vec::new();
    collect(&template, &mut found)?;
    Ok(found)
}

/// Checks a template against the variables its category offers; answers the ones it
/// uses.
pub fn check(source: &str, allowed: &[&str]) -> Result<Vec<String>, TemplateProblem> {
    let used = variables(source)?;
    if let Some(unknown) = used.iter().find(|v| !allowed.contains(&v.as_str())) {
        let (line, column) = position_of(source, unknown);
        return Err(TemplateProblem {
            message: format!(
                "{{{{{unknown}}}}} is not a variable of this template; use one of {}",
                allowed.join(", ")
            ),
            line,
            column,
        });
    }
    Ok(used)
}

/// Renders a checked template. Every variable the template uses must have a value
/// (an empty string counts as "not set" for `{{#if}}`).
pub fn render(
    source: &str,
    values: &BTreeMap<String, String>,
    escape: Escape,
) -> Result<String, TemplateProblem> {
    variables(source)?;
    let mut engine = Handlebars::new();
    engine.set_strict_mode(true);
    match escape {
        Escape::Html => engine.register_escape_fn(escape_html),
        Escape::None => engine.register_escape_fn(no_escape),
    }
    engine
        .render_template(source, values)
        .map_err(|e| TemplateProblem {
            message: format!("The template cannot be rendered: {}", e.reason()),
            line: e.line_no.unwrap_or(0),
            column: e.column_no.unwrap_or(0),
        })
}

/// Escapes text for HTML element content and quoted attribute values. Unlike
/// handlebars' default it leaves `=` and backticks alone, so a link keeps its
/// readable `?token=…` in the HTML source.
pub fn escape_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn collect(template: &Template, found: &mut Vec<String>) -> Result<(), TemplateProblem> {
    for (index, element) in template.elements.iter().enumerate() {
        let (line, column) = template.mapping.get(index).map_or((0, 0), |m| (m.0, m.1));
        let problem = |message: String| TemplateProblem {
            message,
            line,
            column,
        };
        match element {
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            TemplateElement::Expression(expression) => {
                if !expression.params.is_empty() || !expression.hash.is_empty() {
                    return Err(problem(
                        "Only {{VARIABLE}} and {{#if VARIABLE}} are allowed".into(),
                    ));
                }
                add(found, variable(&expression.name).map_err(problem)?);
            }
            TemplateElement::HelperBlock(block) => {
                let helper = block.name.as_name().unwrap_or_default();
                if helper != "if" || block.params.len() != 1 || !block.hash.is_empty() {
                    return Err(problem(format!(
                        "{{{{#{helper}}}}} is not allowed; only {{{{#if VARIABLE}}}} blocks are"
                    )));
                }
                add(found, variable(&block.params[0]).map_err(problem)?);
                for inner in [&block.template, &block.inverse].into_iter().flatten() {
                    collect(inner, found)?;
                }
            }
            TemplateElement::HtmlExpression(_) => {
                return Err(problem(
                    "{{{…}}} would insert a value without escaping; use {{VARIABLE}}".into(),
                ));
            }
            // Partials, decorators and whatever later versions add.
            _ => {
                return Err(problem("Partials and decorators are not allowed".into()));
            }
        }
    }
    Ok(())
}

/// A variable name: `UPPER_SNAKE`.
fn variable(parameter: &Parameter) -> Result<String, String> {
    let name = parameter.as_name().unwrap_or_default();
    let upper_snake = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if upper_snake {
        Ok(name.to_string())
    } else {
        Err(format!(
            "{name:?} is not a variable: variables are written in UPPER_SNAKE_CASE"
        ))
    }
}

fn add(found: &mut Vec<String>, name: String) {
    if !found.contains(&name) {
        found.push(name);
    }
}

/// Where `{{NAME` first appears (1-based line and column).
fn position_of(source: &str, name: &str) -> (usize, usize) {
    for (i, line) in source.lines().enumerate() {
        if let Some(at) = line
            .find(&format!("{{{{{name}"))
            .or_else(|| line.find(name))
        {
            return (i + 1, line[..at].chars().count() + 1);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn lists_the_variables_of_plain_text_and_if_blocks() {
        let source = "Dear {{REP_NAME}},\n{{#if SUPPORTER_NAME}}From {{SUPPORTER_NAME}}{{else}}A resident{{/if}} in {{POSTAL_CODE}}";
        assert_eq!(
            variables(source).unwrap(),
            ["REP_NAME", "SUPPORTER_NAME", "POSTAL_CODE"]
        );
    }

    #[test]
    fn refuses_unknown_variables_with_their_position() {
        let problem = check("Hello\n  {{NAME}} and {{SECRET}}", &["NAME"]).unwrap_err();
        assert!(problem.message.contains("{{SECRET}}"), "{problem}");
        assert_eq!((problem.line, problem.column), (2, 16));
    }

    #[test]
    fn refuses_what_is_not_a_variable_or_an_if_block() {
        for source in [
            "{{#if A}}open",
            "{{#if A}}x{{/unless}}",
            "{{{RAW}}}",
            "{{> partial}}",
            "{{#each LIST}}x{{/each}}",
            "{{lookup A B}}",
            "{{lower_case}}",
            "{{#if}}x{{/if}}",
            "{{A.B}}",
        ] {
            let problem = variables(source).unwrap_err();
            assert!(problem.line >= 1, "{source}: {problem:?}");
        }
    }

    #[test]
    fn values_are_escaped_in_html_and_never_parsed_again() {
        let source = "<p>{{NAME}}</p>{{#if NOTE}}<i>{{NOTE}}</i>{{/if}}";
        let html = render(
            source,
            &values(&[("NAME", "<script>{{ADMIN}}</script>"), ("NOTE", "")]),
            Escape::Html,
        )
        .unwrap();
        assert_eq!(html, "<p>&lt;script&gt;{{ADMIN}}&lt;/script&gt;</p>");
        let link = render(
            "<a href=\"{{URL}}\">go</a>",
            &values(&[("URL", "https://x.test/?a=1&b=\"2'")]),
            Escape::Html,
        )
        .unwrap();
        assert_eq!(
            link,
            "<a href=\"https://x.test/?a=1&amp;b=&quot;2&#39;\">go</a>"
        );
        let text = render("{{NAME}}", &values(&[("NAME", "Zoë & <co>")]), Escape::None).unwrap();
        assert_eq!(text, "Zoë & <co>");
    }

    #[test]
    fn a_missing_value_is_an_error_not_an_empty_string() {
        assert!(render("Hi {{NAME}}", &values(&[]), Escape::None).is_err());
    }
}
