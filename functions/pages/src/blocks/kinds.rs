//! The eight kinds of block and each one's schema: its fields (unknown ones
//! refused) and their rules. Optional fields default to empty.

use serde::{Deserialize, Serialize};
use shared::domain::{Email, Line, Name, Text, Title};

use super::fields::{Check, Fields};
use super::links::Rule;

/// A heading or a short label that may be empty.
type OptionalTitle = Line<200, 0>;
/// A button's label.
type ButtonLabel = Line<60>;
/// A paragraph or a caption.
type Paragraph = Text<1000>;

/// Most items in a list block (features, testimonials).
pub const MAX_ITEMS: usize = 12;

/// The page's opening: a title, a line under it, an image and a button.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HeroBlock {
    pub title: String,
    #[serde(default)]
    pub subtitle: String,
    /// `https://…` or a path on this site; empty for none.
    #[serde(default)]
    pub image_url: String,
    /// Both or neither of `button_label` and `button_url`.
    #[serde(default)]
    pub button_label: String,
    #[serde(default)]
    pub button_url: String,
}

impl Check for HeroBlock {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.text::<Title>("title", &mut self.title);
        f.text::<Paragraph>("subtitle", &mut self.subtitle);
        f.link("image_url", &mut self.image_url, Rule::WebOrPath);
        f.text::<Line<60, 0>>("button_label", &mut self.button_label);
        f.link("button_url", &mut self.button_url, Rule::WebOrPath);
        match (self.button_label.is_empty(), self.button_url.is_empty()) {
            (false, true) => f.add("button_url", "A button needs a link"),
            (true, false) => f.add("button_label", "A button needs a label"),
            _ => {}
        }
    }
}

/// Rich text under an optional heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBlock {
    #[serde(default)]
    pub heading: String,
    /// A safe subset of HTML (paragraphs, headings, emphasis, lists, quotes,
    /// links), cleaned on save: render it as HTML.
    pub html: String,
}

impl Check for TextBlock {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.text::<OptionalTitle>("heading", &mut self.heading);
        f.rich_text("html", &mut self.html);
    }
}

/// One feature of a features block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureItem {
    pub title: String,
    #[serde(default)]
    pub body: String,
}

impl Check for FeatureItem {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.text::<Line<120>>("title", &mut self.title);
        f.text::<Paragraph>("body", &mut self.body);
    }
}

/// A grid of features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeaturesBlock {
    #[serde(default)]
    pub heading: String,
    pub items: Vec<FeatureItem>,
}

impl Check for FeaturesBlock {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.text::<OptionalTitle>("heading", &mut self.heading);
        f.items("items", &mut self.items, MAX_ITEMS);
    }
}

/// A heading, a paragraph and one button.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallToActionBlock {
    pub heading: String,
    #[serde(default)]
    pub body: String,
    pub button_label: String,
    pub button_url: String,
}

impl Check for CallToActionBlock {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.text::<Title>("heading", &mut self.heading);
        f.text::<Paragraph>("body", &mut self.body);
        f.text::<ButtonLabel>("button_label", &mut self.button_label);
        f.required_link("button_url", &mut self.button_url, Rule::WebOrPath);
    }
}

/// One quote of a testimonials block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestimonialItem {
    pub quote: String,
    pub author: String,
    /// Who the author is ("Volunteer, Ward 3"); may be empty.
    #[serde(default)]
    pub role: String,
}

impl Check for TestimonialItem {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.required_text::<Paragraph>("quote", &mut self.quote);
        f.text::<Name>("author", &mut self.author);
        f.text::<Line<100, 0>>("role", &mut self.role);
    }
}

/// Quotes from people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestimonialsBlock {
    #[serde(default)]
    pub heading: String,
    pub items: Vec<TestimonialItem>,
}

impl Check for TestimonialsBlock {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.text::<OptionalTitle>("heading", &mut self.heading);
        f.items("items", &mut self.items, MAX_ITEMS);
    }
}

/// A form visitors send a message with (name, email, message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactFormBlock {
    #[serde(default)]
    pub heading: String,
    #[serde(default)]
    pub intro: String,
    /// Who gets the messages; empty: the page's author. Never shown publicly
    /// (the public page answers it empty).
    #[serde(default)]
    pub recipient_email: String,
    /// The send button's label; empty: "Send".
    #[serde(default)]
    pub button_label: String,
}

impl Check for ContactFormBlock {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.text::<OptionalTitle>("heading", &mut self.heading);
        f.text::<Paragraph>("intro", &mut self.intro);
        f.text::<Line<60, 0>>("button_label", &mut self.button_label);
        let recipient = self.recipient_email.trim();
        if !recipient.is_empty() {
            match Email::parse(recipient) {
                Ok(email) => self.recipient_email = email.as_str().to_string(),
                Err(message) => f.add("recipient_email", message),
            }
        }
    }
}

/// A video: YouTube and Vimeo links are embedded, other `https://` links play
/// as a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VideoBlock {
    #[serde(default)]
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub caption: String,
}

impl Check for VideoBlock {
    fn check(&mut self, f: &mut Fields<'_>) {
        f.text::<OptionalTitle>("title", &mut self.title);
        f.required_link("url", &mut self.url, Rule::Https);
        f.text::<Paragraph>("caption", &mut self.caption);
    }
}

/// A campaign shown inside the page, by its slug (the campaigns module renders
/// it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignEmbedBlock {
    pub campaign_slug: String,
}

impl Check for CampaignEmbedBlock {
    fn check(&mut self, f: &mut Fields<'_>) {
        let slug = self.campaign_slug.trim().to_string();
        if shared::slug::is_valid(&slug) {
            self.campaign_slug = slug;
        } else {
            f.add(
                "campaign_slug",
                "Must be a campaign's slug: lower-case letters, digits and dashes",
            );
        }
    }
}
