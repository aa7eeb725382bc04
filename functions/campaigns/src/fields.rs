//! What an admin (or a submitting user) writes about a campaign, the patch that
//! changes it, and the rules both pass before they are saved.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shared::ApiResult;
use shared::domain::{Line, Text, Title};
use shared::error::FieldErrors;

use influence::Level;
use influence::letter;

use crate::campaign::Campaign;

/// A campaign's own fields: the body of a creation, and what a patch applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignFields {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// A template (`{{SUPPORTER_NAME}}`, `{{#if …}}`), at most 200 characters.
    pub email_subject: String,
    /// A template, at most 10,000 characters.
    pub email_body: String,
    #[serde(default)]
    pub call_to_action: String,
    /// At least one.
    pub target_levels: Vec<Level>,
    /// Supporters may have the server send their email (never for a submitted
    /// campaign).
    #[serde(default)]
    pub allow_server_send: bool,
    #[serde(default = "yes")]
    pub allow_mailto: bool,
    /// Supporters give their name and email even for a `mailto:` link.
    #[serde(default = "yes")]
    pub collect_supporter_info: bool,
    /// Supporters may edit the subject and body before sending.
    #[serde(default)]
    pub allow_editing: bool,
    #[serde(default = "yes")]
    pub show_email_count: bool,
    #[serde(default)]
    pub show_response_wall: bool,
    #[serde(default)]
    pub featured: bool,
}

fn yes() -> bool {
    true
}

/// The body of `PATCH /api/campaigns/{id}`: the fields it names replace the
/// current ones.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignPatch {
    title: Option<String>,
    description: Option<String>,
    email_subject: Option<String>,
    email_body: Option<String>,
    call_to_action: Option<String>,
    target_levels: Option<Vec<Level>>,
    allow_server_send: Option<bool>,
    allow_mailto: Option<bool>,
    collect_supporter_info: Option<bool>,
    allow_editing: Option<bool>,
    show_email_count: Option<bool>,
    show_response_wall: Option<bool>,
    featured: Option<bool>,
    /// The `updated_at` last seen (or send `If-Match`): 409 `STALE` if it changed since.
    updated_at: Option<DateTime<Utc>>,
}

shared::patch!(CampaignPatch => CampaignFields {
    title, description, email_subject, email_body, call_to_action, target_levels,
    allow_server_send, allow_mailto, collect_supporter_info, allow_editing,
    show_email_count, show_response_wall, featured,
});

impl CampaignFields {
    /// The fields of a campaign as it stands.
    pub fn of(campaign: &Campaign) -> Self {
        Self {
            title: campaign.title.clone(),
            description: campaign.description.clone(),
            email_subject: campaign.email_subject.clone(),
            email_body: campaign.email_body.clone(),
            call_to_action: campaign.call_to_action.clone(),
            target_levels: campaign.target_levels.clone(),
            allow_server_send: campaign.allow_server_send,
            allow_mailto: campaign.allow_mailto,
            collect_supporter_info: campaign.collect_supporter_info,
            allow_editing: campaign.allow_editing,
            show_email_count: campaign.show_email_count,
            show_response_wall: campaign.show_response_wall,
            featured: campaign.featured,
        }
    }

    /// Tidies and checks every field, reporting every problem at once. A
    /// submitted campaign (`submitted`) may not send through the server.
    pub fn check(&mut self, submitted: bool) -> ApiResult<()> {
        let mut errors = FieldErrors::new();
        errors.tidy::<Title>("title", &mut self.title);
        errors.tidy::<Text<5000>>("description", &mut self.description);
        errors.tidy::<Line<{ letter::MAX_SUBJECT }>>("email_subject", &mut self.email_subject);
        errors.tidy::<Text<{ letter::MAX_BODY }>>("email_body", &mut self.email_body);
        if self.email_body.is_empty() {
            errors.add("email_body", "Is required");
        }
        errors.tidy::<Text<500>>("call_to_action", &mut self.call_to_action);
        self.email_body = letter::strip_controls(&self.email_body);
        self.target_levels.sort();
        self.target_levels.dedup();
        if self.target_levels.is_empty() {
            errors.add("target_levels", "Choose at least one level of government");
        }
        if submitted && self.allow_server_send {
            errors.add(
                "allow_server_send",
                "A submitted campaign cannot send through the server",
            );
        }
        if errors.is_empty()
            && let Err(bad) = letter::check(&self.email_subject, &self.email_body)
        {
            errors.add(bad.field, bad.problem.to_string());
        }
        errors.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> CampaignFields {
        CampaignFields {
            title: "  Save the park ".into(),
            description: String::new(),
            email_subject: "Please save {{REPRESENTATIVE_DISTRICT}}'s park".into(),
            email_body: "Dear {{REPRESENTATIVE_NAME}},\r\n\r\nSave it.\n{{SUPPORTER_NAME}}".into(),
            call_to_action: String::new(),
            target_levels: vec![Level::Municipal, Level::Federal, Level::Municipal],
            allow_server_send: true,
            allow_mailto: true,
            collect_supporter_info: true,
            allow_editing: false,
            show_email_count: true,
            show_response_wall: false,
            featured: false,
        }
    }

    #[test]
    fn good_fields_are_tidied() {
        let mut good = fields();
        good.check(false).unwrap();
        assert_eq!(good.title, "Save the park");
        assert_eq!(good.target_levels, [Level::Federal, Level::Municipal]);
        assert_eq!(
            good.email_body,
            "Dear {{REPRESENTATIVE_NAME}},\n\nSave it.\n{{SUPPORTER_NAME}}"
        );
    }

    #[test]
    fn every_problem_is_named() {
        let mut bad = fields();
        bad.title = " ".into();
        bad.target_levels.clear();
        let err = bad.check(true).unwrap_err();
        let details = err.details();
        for field in ["title", "target_levels", "allow_server_send"] {
            assert!(details[field].is_string(), "{field}: {details}");
        }
        let mut unknown = fields();
        unknown.email_body = "Dear {{MAYOR}}".into();
        let err = unknown.check(false).unwrap_err();
        assert!(
            err.details()["email_body"]
                .as_str()
                .unwrap()
                .contains("line 1, column 6")
        );
    }
}
