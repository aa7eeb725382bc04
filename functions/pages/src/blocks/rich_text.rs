//! Rich text of landing pages: the small, safe subset of HTML an editor needs
//! (paragraphs, headings, emphasis, lists, quotes, links), cleaned by `ammonia`
//! on save. Scripts, styles, event handlers, frames, images, comments and
//! `javascript:` links are removed; links get `rel="noopener noreferrer nofollow"`.
//! So what the API stores and serves may be rendered as HTML by the SPA.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::Builder;

/// Longest rich text accepted, in characters, before cleaning.
pub const MAX_CHARS: usize = 20_000;

static CLEANER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "a",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
    ]
    .into();
    let mut builder = Builder::empty();
    builder
        .tags(tags)
        // Removed with what they hold, rather than leaving their text behind.
        .clean_content_tags(HashSet::from([
            "script", "style", "svg", "math", "iframe", "noscript", "template", "object", "embed",
            "textarea", "select",
        ]))
        .tag_attributes(HashMap::from([("a", HashSet::from(["href", "title"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true);
    builder
});

/// The safe subset of `html`.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_an_editor_writes() {
        let html = "<h2>Why</h2><p>We <strong>need</strong> <em>you</em>.</p><ul><li>One</li></ul>";
        assert_eq!(clean(html), html);
        assert_eq!(
            clean(r#"<a href="https://example.org/x?a=1&amp;b=2">go</a>"#),
            r#"<a href="https://example.org/x?a=1&amp;b=2" rel="noopener noreferrer nofollow">go</a>"#
        );
    }

    #[test]
    fn removes_whatever_could_run_or_restyle() {
        let cases = [
            ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
            (r#"<p onclick="steal()">hi</p>"#, "<p>hi</p>"),
            (
                r#"<a href="javascript:alert(1)">x</a>"#,
                r#"<a rel="noopener noreferrer nofollow">x</a>"#,
            ),
            (r#"<img src=x onerror=alert(1)>"#, ""),
            ("<iframe src=\"https://evil.test\"></iframe>", ""),
            (
                "<style>p{display:none}</style><p style=\"color:red\">x</p>",
                "<p>x</p>",
            ),
            ("<!-- hidden --><p>x</p>", "<p>x</p>"),
            ("<svg><script>alert(1)</script></svg>", ""),
        ];
        for (dirty, expected) in cases {
            assert_eq!(clean(dirty), expected, "{dirty}");
        }
    }

    #[test]
    fn template_syntax_is_just_text() {
        assert_eq!(clean("<p>{{ADMIN}}</p>"), "<p>{{ADMIN}}</p>");
    }
}
