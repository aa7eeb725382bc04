//! The blocks a landing page is built from, in order. Each arrives as a JSON
//! object with a `type` and that kind's fields, and is read by its kind's own
//! schema ([`kinds`]); every problem is named by its place in the request
//! (`blocks[2].title`), an unknown kind at `blocks[2].type`. Rich text is cleaned
//! ([`rich_text`]) and links checked ([`links`]) before anything is stored.

mod fields;
pub mod kinds;
pub mod links;
pub mod rich_text;

use serde::Serialize;
use serde_json::{Map, Value};
use shared::ApiError;
use shared::error::FieldErrors;

use fields::Fields;
use kinds::*;

/// Most blocks on one page.
pub const MAX_BLOCKS: usize = 50;

/// The kinds, as written in `type`.
pub const KINDS: [&str; 8] = [
    "hero",
    "text",
    "features",
    "call_to_action",
    "testimonials",
    "contact_form",
    "video",
    "campaign_embed",
];

/// One block of a page.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PageBlock {
    Hero(HeroBlock),
    Text(TextBlock),
    Features(FeaturesBlock),
    CallToAction(CallToActionBlock),
    Testimonials(TestimonialsBlock),
    ContactForm(ContactFormBlock),
    Video(VideoBlock),
    CampaignEmbed(CampaignEmbedBlock),
}

impl PageBlock {
    /// Reads block `index` of a request; its problems go to `errors`.
    fn parse(index: usize, value: Value, errors: &mut FieldErrors) -> Option<Self> {
        let prefix = format!("blocks[{index}]");
        let Value::Object(mut content) = value else {
            errors.add(&prefix, "Must be an object with a type");
            return None;
        };
        let kind = match content.remove("type") {
            Some(Value::String(kind)) => kind,
            _ => {
                let message = format!("Is required: one of {}", KINDS.join(", "));
                errors.add(&format!("{prefix}.type"), message);
                return None;
            }
        };
        let mut fields = Fields::new(prefix.clone(), errors);
        let content = Value::Object(content);
        match kind.as_str() {
            "hero" => fields.read(content).map(PageBlock::Hero),
            "text" => fields.read(content).map(PageBlock::Text),
            "features" => fields.read(content).map(PageBlock::Features),
            "call_to_action" => fields.read(content).map(PageBlock::CallToAction),
            "testimonials" => fields.read(content).map(PageBlock::Testimonials),
            "contact_form" => fields.read(content).map(PageBlock::ContactForm),
            "video" => fields.read(content).map(PageBlock::Video),
            "campaign_embed" => fields.read(content).map(PageBlock::CampaignEmbed),
            other => {
                let message = format!(
                    "{other:?} is not a kind of block: use one of {}",
                    KINDS.join(", ")
                );
                errors.add(&format!("{prefix}.type"), message);
                None
            }
        }
    }

    /// The block as stored: its kind and its fields without `type`.
    pub fn to_stored(&self) -> Result<(String, Value), ApiError> {
        let mut value = serde_json::to_value(self).map_err(ApiError::internal)?;
        let kind = value
            .as_object_mut()
            .and_then(|map| map.remove("type"))
            .and_then(|kind| kind.as_str().map(str::to_string))
            .ok_or_else(|| ApiError::internal("a block serialised without its type"))?;
        Ok((kind, value))
    }

    /// A stored block (`kind`, `data`) back.
    pub fn from_stored(kind: &str, data: Value) -> Result<Self, ApiError> {
        let mut content = match data {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        content.insert("type".into(), Value::String(kind.to_string()));
        let mut errors = FieldErrors::new();
        // Stored blocks were checked on save; a block that no longer passes (a
        // rule tightened since) is an error of ours, not the reader's.
        let block = Self::parse(0, Value::Object(content), &mut errors);
        match (block, errors.finish()) {
            (Some(block), Ok(())) => Ok(block),
            (_, Err(e)) => Err(ApiError::internal(format!("stored {kind} block: {e}"))),
            (None, Ok(())) => Err(ApiError::internal(format!("stored {kind} block"))),
        }
    }

    /// The block as the public sees it: a contact form's recipient stays private.
    pub fn public(self) -> Self {
        match self {
            PageBlock::ContactForm(form) => PageBlock::ContactForm(ContactFormBlock {
                recipient_email: String::new(),
                ..form
            }),
            other => other,
        }
    }
}

/// Reads the blocks of a request, recording every problem in `errors`.
pub fn parse(raw: Vec<Value>, errors: &mut FieldErrors) -> Vec<PageBlock> {
    if raw.len() > MAX_BLOCKS {
        errors.add("blocks", format!("A page has at most {MAX_BLOCKS} blocks"));
        return Vec::new();
    }
    raw.into_iter()
        .enumerate()
        .filter_map(|(i, value)| PageBlock::parse(i, value, errors))
        .collect()
}

/// Reads the blocks of a page as [`Page`](crate::pages) queries aggregate them:
/// `[{"kind", "data"}, …]` in order.
pub fn from_json(stored: Value) -> Result<Vec<PageBlock>, ApiError> {
    let Value::Array(items) = stored else {
        return Ok(Vec::new());
    };
    items
        .into_iter()
        .map(|mut item| {
            let kind = item["kind"].as_str().unwrap_or_default().to_string();
            PageBlock::from_stored(&kind, item["data"].take())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(blocks: Value) -> Value {
        let mut errors = FieldErrors::new();
        let raw = serde_json::from_value(blocks).unwrap();
        parse(raw, &mut errors);
        errors
            .finish()
            .map_or_else(|e| e.details().clone(), |()| json!({}))
    }

    #[test]
    fn every_kind_reads_and_round_trips_through_storage() {
        let blocks = json!([
            {"type": "hero", "title": " Save the park ", "button_label": "Join", "button_url": "/p/join"},
            {"type": "text", "html": "<p>Hi <script>x</script></p>"},
            {"type": "features", "items": [{"title": "Shade"}]},
            {"type": "call_to_action", "heading": "Act", "button_label": "Go", "button_url": "https://x.org"},
            {"type": "testimonials", "items": [{"quote": "Great", "author": "Ada"}]},
            {"type": "contact_form", "recipient_email": "team@example.org"},
            {"type": "video", "url": "https://youtu.be/x"},
            {"type": "campaign_embed", "campaign_slug": "save-the-park"},
        ]);
        let mut errors = FieldErrors::new();
        let parsed = parse(serde_json::from_value(blocks).unwrap(), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(parsed.len(), KINDS.len());
        for (block, kind) in parsed.iter().zip(KINDS) {
            let (stored_kind, data) = block.to_stored().unwrap();
            assert_eq!(stored_kind, kind);
            assert_eq!(&PageBlock::from_stored(kind, data).unwrap(), block);
        }
        let PageBlock::Hero(hero) = &parsed[0] else {
            panic!()
        };
        assert_eq!(hero.title, "Save the park");
        let PageBlock::Text(text) = &parsed[1] else {
            panic!()
        };
        assert_eq!(text.html, "<p>Hi </p>");
    }

    #[test]
    fn problems_name_the_block_and_the_field() {
        let details = problems(json!([
            {"type": "hero", "title": "ok"},
            {"type": "hero", "title": ""},
            {"type": "marquee"},
            {"title": "no type"},
            {"type": "hero", "title": "x", "colour": "red"},
            {"type": "testimonials", "items": [{"quote": "", "author": "Ada"}]},
            {"type": "call_to_action", "heading": "x", "button_label": "Go", "button_url": "javascript:alert(1)"},
            {"type": "features"},
            {"type": "video", "url": "http://insecure.test/v.mp4"},
            {"type": "hero", "title": 5},
            "text",
        ]));
        for field in [
            "blocks[1].title",
            "blocks[2].type",
            "blocks[3].type",
            "blocks[4].colour",
            "blocks[5].items[0].quote",
            "blocks[6].button_url",
            "blocks[7].items",
            "blocks[8].url",
            "blocks[9].title",
            "blocks[10]",
        ] {
            assert!(details[field].is_string(), "{field}: {details}");
        }
        assert!(details.get("blocks[0].title").is_none(), "{details}");
        assert_eq!(details.as_object().unwrap().len(), 10, "{details}");
    }

    #[test]
    fn a_button_needs_both_label_and_link_and_lists_are_bounded() {
        let details = problems(json!([
            {"type": "hero", "title": "x", "button_label": "Go"},
            {"type": "features", "items": vec![json!({"title": "x"}); MAX_ITEMS + 1]},
            {"type": "contact_form", "recipient_email": "not an address"},
            {"type": "campaign_embed", "campaign_slug": "Not A Slug"},
        ]));
        for field in [
            "blocks[0].button_url",
            "blocks[1].items",
            "blocks[2].recipient_email",
            "blocks[3].campaign_slug",
        ] {
            assert!(details[field].is_string(), "{field}: {details}");
        }
        let many = Value::Array(vec![
            json!({"type": "video", "url": "https://x.org"});
            MAX_BLOCKS + 1
        ]);
        assert!(problems(many)["blocks"].is_string());
    }

    #[test]
    fn the_public_never_sees_a_contact_forms_recipient() {
        let form = PageBlock::ContactForm(ContactFormBlock {
            heading: String::new(),
            intro: String::new(),
            recipient_email: "team@example.org".into(),
            button_label: String::new(),
        });
        let PageBlock::ContactForm(public) = form.public() else {
            panic!()
        };
        assert_eq!(public.recipient_email, "");
    }
}
