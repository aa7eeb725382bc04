//! The one place that says which variables an email template may use: the
//! categories with the variables each offers (and a sample value of each, for
//! previews and test emails), and the built-in templates the code sends by key
//! with the subset of their category's variables each is given.
//!
//! A built-in template is checked against its own list, since its sender fills
//! exactly those; a template an admin adds is checked against its category's, and
//! whoever sends it fills every variable of the category. Adding a built-in
//! template is one entry in [`BUILT_IN`] plus its seeded first version in a
//! migration.

use serde::{Deserialize, Serialize};

/// What a template is for, which decides the variables it may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = TemplateCategory)]
pub enum Category {
    /// Campaign emails to representatives.
    Influence,
    /// Canvassing and volunteer shifts.
    Map,
    /// The platform's own emails: accounts, invitations, contact messages.
    System,
    /// Payments and tickets.
    Payment,
}

/// A variable a template may use, with what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = TemplateVariable)]
pub struct Variable {
    /// `UPPER_SNAKE`, as written between `{{ }}`.
    pub name: &'static str,
    pub description: &'static str,
    /// The value previews and test emails use.
    pub sample: &'static str,
}

const fn var(name: &'static str, description: &'static str, sample: &'static str) -> Variable {
    Variable {
        name,
        description,
        sample,
    }
}

const INFLUENCE: &[Variable] = &[
    var(
        "CAMPAIGN_TITLE",
        "The campaign's title",
        "Save Riverside Park",
    ),
    var(
        "CAMPAIGN_URL",
        "The campaign's public page",
        "https://example.org/campaigns/save-riverside-park",
    ),
    var(
        "REPRESENTATIVE_NAME",
        "The representative's name",
        "Alex Sample",
    ),
    var(
        "REPRESENTATIVE_OFFICE",
        "The representative's elected office",
        "MP",
    ),
    var(
        "REPRESENTATIVE_DISTRICT",
        "The representative's district",
        "Riverside Centre",
    ),
    var(
        "SUPPORTER_NAME",
        "The supporter's name (may be empty)",
        "Sam Supporter",
    ),
    var(
        "SUPPORTER_EMAIL",
        "The supporter's email address (may be empty)",
        "sam@example.org",
    ),
    var(
        "SUPPORTER_POSTAL_CODE",
        "The supporter's postal code",
        "K1A 0B1",
    ),
    var(
        "SUBJECT",
        "The email's subject as the supporter sends it",
        "Please protect Riverside Park",
    ),
    var(
        "MESSAGE",
        "The supporter's message, as sent",
        "Dear Alex Sample,\n\nPlease vote to protect Riverside Park.\n\nSam Supporter",
    ),
    var(
        "RESPONSE_TEXT",
        "A response a supporter posted on the campaign's wall",
        "Thank you for writing. I will raise the park at the next council meeting.",
    ),
    var(
        "VERIFY_URL",
        "The link that confirms the response is the representative's",
        "https://example.org/responses/verify?token=sample",
    ),
    var(
        "REPORT_URL",
        "The link that reports the response as not the representative's",
        "https://example.org/responses/verify?token=sample&action=report",
    ),
    var("EXPIRES_IN", "How long the links work", "30 days"),
];

const MAP: &[Variable] = &[
    var("VOLUNTEER_NAME", "The volunteer's name", "Sam Volunteer"),
    var("SHIFT_TITLE", "The shift's title", "Saturday canvass"),
    var("SHIFT_DATE", "The shift's date", "2026-06-13"),
    var(
        "SHIFT_TIME",
        "The shift's start and end time",
        "10:00–13:00",
    ),
    var(
        "SHIFT_LOCATION",
        "Where volunteers meet",
        "Riverside Community Centre",
    ),
    var(
        "CANCEL_URL",
        "The link that cancels the sign-up",
        "https://example.org/shifts/cancel?token=sample",
    ),
];

const SYSTEM: &[Variable] = &[
    var("USERNAME", "The account's username", "sam"),
    var(
        "EXPIRES_IN",
        "How long the link works (\"30 minutes\", \"7 days\")",
        "30 minutes",
    ),
    var(
        "RESET_URL",
        "The link that chooses a new password",
        "https://example.org/reset-password?token=sample",
    ),
    var("INVITED_BY", "Who sent the invitation", "Alex Admin"),
    var(
        "REGISTER_URL",
        "The link that creates the account",
        "https://example.org/register?invite=sample",
    ),
    var("FAMILY_NAME", "The family's name", "The Samples"),
    var(
        "READ_ONLY",
        "Set when the invitation only lets the member see",
        "",
    ),
    var(
        "INVITE_URL",
        "The link that accepts the invitation",
        "https://example.org/invite?token=sample",
    ),
    var(
        "CONFIRM_URL",
        "The link that confirms the address",
        "https://example.org/verify-email?token=sample",
    ),
    var(
        "NEW_EMAIL",
        "The address the account asked to move to",
        "new@example.org",
    ),
    var("LOGIN_URL", "The sign-in page", "https://example.org/login"),
    var("PAGE_TITLE", "The landing page's title", "Join us"),
    var(
        "PAGE_URL",
        "The landing page's public address",
        "https://example.org/p/join-us",
    ),
    var("CONTACT_NAME", "The name the visitor gave", "Sam Visitor"),
    var(
        "CONTACT_EMAIL",
        "The address the visitor gave",
        "visitor@example.org",
    ),
    var("MESSAGE", "The visitor's message", "Hello! How can I help?"),
];

const PAYMENT: &[Variable] = &[
    var("PAYER_NAME", "The payer's name", "Sam Payer"),
    var("AMOUNT", "The amount paid, with its currency", "$25.00 CAD"),
    var(
        "EVENT_TITLE",
        "What was paid for",
        "Spring fundraiser dinner",
    ),
    var(
        "RECEIPT_URL",
        "The link to the receipt",
        "https://example.org/receipts/sample",
    ),
];

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Influence,
        Category::Map,
        Category::System,
        Category::Payment,
    ];

    /// The name stored in `email_templates.category`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Influence => "influence",
            Category::Map => "map",
            Category::System => "system",
            Category::Payment => "payment",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == raw)
    }

    /// Every variable a template of this category may use.
    pub fn variables(self) -> &'static [Variable] {
        match self {
            Category::Influence => INFLUENCE,
            Category::Map => MAP,
            Category::System => SYSTEM,
            Category::Payment => PAYMENT,
        }
    }

    /// The names of [`Category::variables`].
    pub fn variable_names(self) -> Vec<&'static str> {
        self.variables().iter().map(|v| v.name).collect()
    }
}

/// A template the code sends by its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltIn {
    pub key: &'static str,
    pub category: Category,
    /// The variables its sender fills: a subset of its category's.
    pub variables: &'static [&'static str],
}

const fn built_in(
    key: &'static str,
    category: Category,
    variables: &'static [&'static str],
) -> BuiltIn {
    BuiltIn {
        key,
        category,
        variables,
    }
}

/// Every built-in template (each seeded by a migration).
pub const BUILT_IN: &[BuiltIn] = &[
    built_in(
        "password_reset",
        Category::System,
        &["USERNAME", "RESET_URL", "EXPIRES_IN"],
    ),
    built_in("password_changed", Category::System, &["USERNAME"]),
    built_in(
        "registration_invite",
        Category::System,
        &["INVITED_BY", "REGISTER_URL", "EXPIRES_IN"],
    ),
    built_in(
        "family_invite",
        Category::System,
        &[
            "INVITED_BY",
            "FAMILY_NAME",
            "READ_ONLY",
            "INVITE_URL",
            "EXPIRES_IN",
        ],
    ),
    built_in(
        "confirm_registration",
        Category::System,
        &["USERNAME", "CONFIRM_URL", "EXPIRES_IN"],
    ),
    built_in(
        "verify_email",
        Category::System,
        &["USERNAME", "CONFIRM_URL", "EXPIRES_IN"],
    ),
    built_in(
        "confirm_new_email",
        Category::System,
        &["USERNAME", "CONFIRM_URL", "EXPIRES_IN"],
    ),
    built_in(
        "email_change_requested",
        Category::System,
        &["USERNAME", "NEW_EMAIL"],
    ),
    built_in(
        "account_exists",
        Category::System,
        &["USERNAME", "LOGIN_URL", "RESET_URL"],
    ),
    built_in(
        "contact_message",
        Category::System,
        &[
            "PAGE_TITLE",
            "PAGE_URL",
            "CONTACT_NAME",
            "CONTACT_EMAIL",
            "MESSAGE",
        ],
    ),
    built_in(
        "campaign_email",
        Category::Influence,
        &[
            "CAMPAIGN_TITLE",
            "CAMPAIGN_URL",
            "REPRESENTATIVE_NAME",
            "REPRESENTATIVE_OFFICE",
            "REPRESENTATIVE_DISTRICT",
            "SUPPORTER_NAME",
            "SUPPORTER_EMAIL",
            "SUPPORTER_POSTAL_CODE",
            "SUBJECT",
            "MESSAGE",
        ],
    ),
    built_in(
        "response_verification",
        Category::Influence,
        &[
            "REPRESENTATIVE_NAME",
            "CAMPAIGN_TITLE",
            "RESPONSE_TEXT",
            "VERIFY_URL",
            "REPORT_URL",
            "EXPIRES_IN",
        ],
    ),
    built_in("shift_confirmation", Category::Map, SHIFT_EMAIL),
    built_in("shift_waitlisted", Category::Map, SHIFT_EMAIL),
    built_in("shift_promoted", Category::Map, SHIFT_EMAIL),
    built_in("shift_day_before", Category::Map, SHIFT_EMAIL),
    built_in(
        "shift_cancelled",
        Category::Map,
        &[
            "VOLUNTEER_NAME",
            "SHIFT_TITLE",
            "SHIFT_DATE",
            "SHIFT_TIME",
            "SHIFT_LOCATION",
        ],
    ),
];

/// What every email about a volunteer's shift is given.
const SHIFT_EMAIL: &[&str] = &[
    "VOLUNTEER_NAME",
    "SHIFT_TITLE",
    "SHIFT_DATE",
    "SHIFT_TIME",
    "SHIFT_LOCATION",
    "CANCEL_URL",
];

/// The built-in template `key`, if it is one.
pub fn built_in_named(key: &str) -> Option<&'static BuiltIn> {
    BUILT_IN.iter().find(|b| b.key == key)
}

/// The variables template `key` of `category` may use: a built-in's own, or the
/// category's for a template an admin added.
pub fn allowed(key: &str, category: Category) -> Vec<&'static Variable> {
    let all = category.variables().iter();
    match built_in_named(key) {
        Some(b) => all.filter(|v| b.variables.contains(&v.name)).collect(),
        None => all.collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_uses_only_variables_of_its_category() {
        for b in BUILT_IN {
            let names = b.category.variable_names();
            for v in b.variables {
                assert!(names.contains(v), "{} uses {v}", b.key);
            }
            assert_eq!(
                allowed(b.key, b.category).len(),
                b.variables.len(),
                "{}",
                b.key
            );
        }
    }

    #[test]
    fn variable_names_are_upper_snake_and_unique_per_category() {
        for category in Category::ALL {
            let names = category.variable_names();
            for (i, name) in names.iter().enumerate() {
                assert!(
                    name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                    "{name}"
                );
                assert!(!names[..i].contains(name), "{name} twice");
            }
            assert_eq!(Category::parse(category.as_str()), Some(category));
        }
    }

    #[test]
    fn the_influence_category_offers_the_campaign_variables() {
        let names = Category::Influence.variable_names();
        for needed in [
            "REPRESENTATIVE_NAME",
            "SUPPORTER_NAME",
            "SUPPORTER_EMAIL",
            "SUPPORTER_POSTAL_CODE",
            "CAMPAIGN_TITLE",
            "MESSAGE",
        ] {
            assert!(names.contains(&needed), "{needed}");
        }
    }

    #[test]
    fn a_template_an_admin_added_may_use_its_whole_category() {
        assert_eq!(allowed("spring_newsletter", Category::Map).len(), MAP.len());
        assert_eq!(allowed("password_changed", Category::System).len(), 1);
    }
}
