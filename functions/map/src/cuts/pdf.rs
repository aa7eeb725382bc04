//! A cut's walk sheet as a PDF: the same route as the printable page, on A4
//! pages a canvasser carries on a clipboard. Text is set in Helvetica, one of
//! the fonts every PDF reader has, so nothing is embedded and a sheet of a few
//! hundred doors stays a few kilobytes. Helvetica covers Latin-1 (French
//! street names and accented names print as typed); any other character
//! prints as `?`.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};

use super::walk::WalkSheet;

/// A4 portrait, in points.
const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 36.0;
const SIZE: f32 = 9.0;
const LEADING: f32 = 16.0;
/// Rows under the heading on each page.
const ROWS_PER_PAGE: usize = 44;
const FONT: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// A column: its heading, its left edge and how many characters fit.
struct Column {
    title: &'static str,
    x: f32,
    chars: usize,
}

const COLUMNS: [Column; 8] = [
    col("#", 0.0, 4),
    col("Address", 24.0, 30),
    col("Unit", 170.0, 6),
    col("Name", 204.0, 22),
    col("Support", 312.0, 7),
    col("Sign", 350.0, 4),
    col("Notes", 376.0, 20),
    col("Outcome", 470.0, 0),
];

const fn col(title: &'static str, x: f32, chars: usize) -> Column {
    Column { title, x, chars }
}

/// The sheet as a PDF document.
pub fn render(sheet: &WalkSheet) -> Vec<u8> {
    let rows: Vec<[String; 8]> = sheet
        .stops
        .iter()
        .map(|s| {
            [
                s.order.to_string(),
                s.address.clone(),
                s.unit.clone(),
                s.occupant_name.clone(),
                s.support_level.map(|l| l.to_string()).unwrap_or_default(),
                if s.lawn_sign { "yes" } else { "" }.to_owned(),
                s.notes.clone(),
                String::new(),
            ]
        })
        .collect();
    let pages: Vec<&[[String; 8]]> = if rows.is_empty() {
        vec![&[]]
    } else {
        rows.chunks(ROWS_PER_PAGE).collect()
    };

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let bold = Ref::new(4);
    let first_page = 5;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|n| Ref::new(first_page + 2 * n as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    pdf.type1_font(font)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));

    let heading = format!(
        "Walk sheet: {} - {} doors, about {:.1} km",
        sheet.cut_name,
        sheet.stops.len(),
        sheet.total_distance_m / 1000.0
    );
    for (n, (id, chunk)) in page_ids.iter().zip(&pages).enumerate() {
        let content_id = Ref::new(id.get() + 1);
        let mut page = pdf.page(*id);
        page.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1))
            .parent(tree)
            .contents(content_id);
        page.resources().fonts().pair(FONT, font).pair(BOLD, bold);
        page.finish();

        let mut content = Content::new();
        let mut y = PAGE.1 - MARGIN - 14.0;
        text(&mut content, BOLD, 13.0, MARGIN, y, &heading);
        y -= 14.0;
        let legend = format!(
            "Page {} of {}. Support: 1 strong ... 4 opposed. Outcome: not home, refused, moved, \
             already voted, spoke with, left literature, come back later.",
            n + 1,
            pages.len()
        );
        text(&mut content, FONT, 7.5, MARGIN, y, &legend);
        y -= LEADING + 4.0;
        for c in &COLUMNS {
            text(&mut content, BOLD, SIZE, MARGIN + c.x, y, c.title);
        }
        rule(&mut content, y - 4.0);
        for row in *chunk {
            y -= LEADING;
            for (c, value) in COLUMNS.iter().zip(row) {
                if c.chars > 0 {
                    text(
                        &mut content,
                        FONT,
                        SIZE,
                        MARGIN + c.x,
                        y,
                        &fit(value, c.chars),
                    );
                }
            }
            rule(&mut content, y - 4.0);
        }
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

/// One line of text at (`x`, `y`).
fn text(content: &mut Content, font: Name, size: f32, x: f32, y: f32, value: &str) {
    content
        .begin_text()
        .set_font(font, size)
        .next_line(x, y)
        .show(Str(&win_ansi(value)))
        .end_text();
}

/// A thin line across the page under a row, for writing between.
fn rule(content: &mut Content, y: f32) {
    content
        .set_line_width(0.3)
        .move_to(MARGIN, y)
        .line_to(PAGE.0 - MARGIN, y)
        .stroke();
}

/// `value` cut to `chars` characters, with an ellipsis when it was longer.
fn fit(value: &str, chars: usize) -> String {
    let value = value.trim();
    if value.chars().count() <= chars {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `value` in the WinAnsi encoding of the standard fonts: Latin-1 as is, the
/// ellipsis and typographic quotes at their WinAnsi codes, control characters
/// as spaces and anything else as `?`.
fn win_ansi(value: &str) -> Vec<u8> {
    value
        .chars()
        .map(|c| match c {
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            c if c.is_control() => b' ',
            c if (' '..='~').contains(&c) || ('\u{A0}'..='\u{FF}').contains(&c) => c as u8,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cuts::walk::Stop;
    use crate::locations::fields::Point;
    use uuid::Uuid;

    fn sheet(doors: usize) -> WalkSheet {
        let stops = (0..doors)
            .map(|n| Stop {
                order: n + 1,
                location_id: Uuid::nil(),
                address: format!("{} Rue Saint-Jérôme", n + 1),
                unit: String::new(),
                occupant_name: "Zoë Ødegård 王".into(),
                support_level: Some(2),
                lawn_sign: n % 2 == 0,
                notes: "Dog in the yard; knock at the side door please, not the front".into(),
                last_visit_outcome: None,
                point: Point { lng: 0.0, lat: 0.0 },
                distance_m: 0.0,
            })
            .collect();
        WalkSheet {
            cut_id: Uuid::nil(),
            cut_name: "Riverside".into(),
            start: Point { lng: 0.0, lat: 0.0 },
            stops,
            total_distance_m: 1234.0,
        }
    }

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    #[test]
    fn a_long_route_continues_on_further_pages() {
        let pdf = render(&sheet(ROWS_PER_PAGE * 2 + 1));
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(count(&pdf, b"/Type /Page\n"), 3);
        assert_eq!(count(&pdf, b"/Count 3"), 1);
        assert_eq!(count(&pdf, b"Page 3 of 3"), 1);
    }

    #[test]
    fn accented_names_print_as_typed_and_other_scripts_as_question_marks() {
        let pdf = render(&sheet(1));
        // A string with bytes past ASCII is written in hex: é is E9 and ô F4 in WinAnsi.
        let hex: String = win_ansi("1 Rue Saint-Jérôme")
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert!(hex.contains("E9") && hex.contains("F4"));
        assert_eq!(count(&pdf, format!("<{hex}>").as_bytes()), 1);
        assert_eq!(win_ansi("Zoë Ødegård 王"), b"Zo\xEB \xD8deg\xE5rd ?");
    }

    #[test]
    fn long_notes_are_cut_with_an_ellipsis() {
        assert_eq!(fit("  short ", 10), "short");
        assert_eq!(fit("a very long note indeed", 10), "a very lo…");
        assert_eq!(win_ansi("…"), [0x85]);
    }

    #[test]
    fn an_empty_cut_still_gives_one_page() {
        let pdf = render(&sheet(0));
        assert_eq!(count(&pdf, b"/Count 1"), 1);
    }
}
