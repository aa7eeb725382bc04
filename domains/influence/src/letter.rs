//! A campaign's message as a supporter sends it. The campaign's subject and body
//! are templates (`shared::templates`: `{{UPPER_SNAKE}}` variables and
//! `{{#if VAR}}` blocks) filled in once per representative. A supporter may edit
//! them when the campaign allows it; the edit is checked like the campaign's own
//! text, so a supporter can use the same variables and nothing else. Values are
//! never parsed again: a name containing `{{` comes out as typed, and the HTML
//! alternative escapes every character of the text.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use shared::templates::{self, Escape, TemplateProblem};

/// The variables a campaign's subject and body may use.
pub const VARIABLES: &[&str] = &[
    "REPRESENTATIVE_NAME",
    "REPRESENTATIVE_TITLE",
    "REPRESENTATIVE_DISTRICT",
    "SUPPORTER_NAME",
    "SUPPORTER_EMAIL",
    "POSTAL_CODE",
    "CAMPAIGN_TITLE",
];

/// Longest subject, in characters.
pub const MAX_SUBJECT: usize = 200;
/// Longest body, in characters.
pub const MAX_BODY: usize = 10_000;

/// What the variables stand for in one letter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values<'a> {
    pub representative_name: &'a str,
    /// The office held (`MP`, `Councillor`).
    pub representative_title: &'a str,
    pub representative_district: &'a str,
    pub supporter_name: &'a str,
    pub supporter_email: &'a str,
    pub postal_code: &'a str,
    pub campaign_title: &'a str,
}

impl Values<'_> {
    fn map(&self) -> BTreeMap<String, String> {
        [
            ("REPRESENTATIVE_NAME", self.representative_name),
            ("REPRESENTATIVE_TITLE", self.representative_title),
            ("REPRESENTATIVE_DISTRICT", self.representative_district),
            ("SUPPORTER_NAME", self.supporter_name),
            ("SUPPORTER_EMAIL", self.supporter_email),
            ("POSTAL_CODE", self.postal_code),
            ("CAMPAIGN_TITLE", self.campaign_title),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
    }
}

/// A rendered letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// One line.
    pub subject: String,
    /// The plain text, as written.
    pub text: String,
    /// The same text, escaped, in paragraphs.
    pub html: String,
}

/// Which of the two templates a problem is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `email_subject` or `email_body`, the names of the campaign's fields.
    pub field: &'static str,
    pub problem: TemplateProblem,
}

/// Checks a subject and a body: readable templates that use only [`VARIABLES`].
pub fn check(subject: &str, body: &str) -> Result<(), Problem> {
    for (field, source) in [("email_subject", subject), ("email_body", body)] {
        templates::check(source, VARIABLES).map_err(|problem| Problem { field, problem })?;
    }
    Ok(())
}

/// Renders a checked subject and body for one representative.
pub fn render(subject: &str, body: &str, values: &Values<'_>) -> Result<Letter, TemplateProblem> {
    let map = values.map();
    let subject = templates::render(subject, &map, Escape::None)?;
    let text = templates::render(body, &map, Escape::None)?;
    Ok(Letter {
        subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
        html: html(&text),
        text,
    })
}

/// The text as HTML: each blank-line-separated paragraph a `<p>`, single line
/// breaks kept, every character escaped.
fn html(text: &str) -> String {
    let mut out = String::from("<!doctype html><html><body>");
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let lines: Vec<String> = paragraph.lines().map(handlebars::html_escape).collect();
        out.push_str("<p>");
        out.push_str(&lines.join("<br>"));
        out.push_str("</p>");
    }
    out.push_str("</body></html>");
    out
}

/// A supporter's text as it is kept: Windows and old Mac line ends become
/// `\n`, and every other control character but the tab is dropped.
pub fn strip_controls(raw: &str) -> String {
    raw.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .trim()
        .to_string()
}

/// Names as a sentence says them: `A`, `A and B`, `A, B and C`.
pub fn names<S: AsRef<str>>(names: &[S]) -> String {
    match names {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// What a `mailto:` URL leaves as it is (RFC 3986's unreserved characters);
/// everything else is percent-encoded as UTF-8.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// An address keeps its `@` readable.
const ADDRESS: &AsciiSet = &UNRESERVED.remove(b'@');

/// A `mailto:` link to every recipient, with the subject and body filled in
/// (RFC 6068: line breaks as `%0D%0A`).
pub fn mailto(recipients: &[&str], subject: &str, body: &str) -> String {
    let to: Vec<String> = recipients
        .iter()
        .map(|address| utf8_percent_encode(address, ADDRESS).to_string())
        .collect();
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!(
        "mailto:{}?subject={}&body={}",
        to.join(","),
        utf8_percent_encode(subject, UNRESERVED),
        utf8_percent_encode(&body, UNRESERVED)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(supporter: &'a str) -> Values<'a> {
        Values {
            representative_name: "Avery Lee",
            representative_title: "MP",
            representative_district: "Riverside",
            supporter_name: supporter,
            supporter_email: "sam@example.org",
            postal_code: "K1A 0B1",
            campaign_title: "Save the park",
        }
    }

    #[test]
    fn letters_are_filled_in_per_representative() {
        let letter = render(
            "{{CAMPAIGN_TITLE}}: a letter from {{POSTAL_CODE}}",
            "Dear {{REPRESENTATIVE_TITLE}} {{REPRESENTATIVE_NAME}},\n\nPlease act.\nThanks,\n{{SUPPORTER_NAME}}",
            &values("Sam"),
        )
        .unwrap();
        assert_eq!(letter.subject, "Save the park: a letter from K1A 0B1");
        assert_eq!(
            letter.text,
            "Dear MP Avery Lee,\n\nPlease act.\nThanks,\nSam"
        );
        assert_eq!(
            letter.html,
            "<!doctype html><html><body><p>Dear MP Avery Lee,</p><p>Please act.<br>Thanks,<br>Sam</p></body></html>"
        );
    }

    #[test]
    fn a_supporters_braces_and_markup_come_out_literally() {
        let letter = render(
            "{{SUPPORTER_NAME}}",
            "From {{SUPPORTER_NAME}} & friends",
            &values("{{REPRESENTATIVE_NAME}} <b>x</b>"),
        )
        .unwrap();
        assert_eq!(
            letter.text,
            "From {{REPRESENTATIVE_NAME}} <b>x</b> & friends"
        );
        assert_eq!(letter.subject, "{{REPRESENTATIVE_NAME}} <b>x</b>");
        assert!(
            letter
                .html
                .contains("From {{REPRESENTATIVE_NAME}} &lt;b&gt;x&lt;/b&gt; &amp; friends")
        );
    }

    #[test]
    fn only_the_campaign_variables_pass() {
        assert!(check("Hi {{SUPPORTER_NAME}}", "{{#if SUPPORTER_NAME}}x{{/if}}").is_ok());
        let problem = check("Hi", "Dear {{SECRET}}").unwrap_err();
        assert_eq!(problem.field, "email_body");
        assert_eq!((problem.problem.line, problem.problem.column), (1, 6));
        assert_eq!(check("{{#if A}}", "x").unwrap_err().field, "email_subject");
        assert!(check("x", "{{{SUPPORTER_NAME}}}").is_err());
    }

    #[test]
    fn control_characters_go_and_line_ends_settle() {
        assert_eq!(
            strip_controls(" a\r\nb\rc\u{7}\u{0}\td\u{1b}[31m "),
            "a\nb\nc\td[31m"
        );
    }

    #[test]
    fn names_read_as_a_sentence() {
        assert_eq!(names::<&str>(&[]), "");
        assert_eq!(names(&["A"]), "A");
        assert_eq!(names(&["A", "B"]), "A and B");
        assert_eq!(names(&["A", "B", "C"]), "A, B and C");
    }

    #[test]
    fn mailto_links_encode_everything_but_the_plain() {
        let link = mailto(
            &["avery@example.org", "o'neil+mp@example.org"],
            "Parks & trees? 100%",
            "Dear all,\nZoë wrote #1",
        );
        assert_eq!(
            link,
            "mailto:avery@example.org,o%27neil%2Bmp@example.org\
             ?subject=Parks%20%26%20trees%3F%20100%25\
             &body=Dear%20all%2C%0D%0AZo%C3%AB%20wrote%20%231"
        );
    }
}
