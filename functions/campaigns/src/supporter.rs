//! What a supporter fills in on a campaign's page, checked once for both ways of
//! writing (the server's "Send now" and a `mailto:` link): who they are, where
//! they live, who they write to, and their edit of the message when the
//! campaign allows one.

use serde::Deserialize;
use shared::domain::{Email, Name, PostalCode};
use shared::error::FieldErrors;
use shared::{ApiError, ApiResult, AppState};
use uuid::Uuid;

use influence::letter;

use crate::lookup;
use crate::public::PublicCampaign;
use crate::representative::Representative;

/// The body of a send or a `mailto:` request.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupporterRequest {
    /// A Canadian postal code, however typed.
    pub postal_code: String,
    /// Required to send through the server, and for a `mailto:` link when the
    /// campaign collects supporters' details.
    #[serde(default)]
    pub supporter_name: String,
    /// Where replies go (`Reply-To`); required like the name.
    #[serde(default)]
    pub supporter_email: String,
    /// Some of the representatives the lookup answered; all of them when absent.
    #[serde(default)]
    pub representative_ids: Option<Vec<Uuid>>,
    /// The supporter's subject, when the campaign allows editing.
    #[serde(default)]
    pub subject: Option<String>,
    /// The supporter's body, when the campaign allows editing.
    #[serde(default)]
    pub body: Option<String>,
}

/// A checked request.
#[derive(Debug, Clone)]
pub struct Supporter {
    pub postal_code: PostalCode,
    pub name: String,
    /// `None` only for a `mailto:` link of a campaign that does not collect it.
    pub email: Option<Email>,
    /// The subject and body templates to send: the campaign's or the edit.
    pub subject: String,
    pub body: String,
}

impl SupporterRequest {
    /// Checks every field; with `identified`, a name and an email are required.
    pub fn check(
        self,
        campaign: &PublicCampaign,
        identified: bool,
    ) -> ApiResult<(Supporter, Option<Vec<Uuid>>)> {
        let mut errors = FieldErrors::new();
        let postal_code = errors.take("postal_code", PostalCode::parse(&self.postal_code));
        let (mut name, mut email) = (None, None);
        if identified || !self.supporter_name.trim().is_empty() {
            name = errors.take("supporter_name", Name::parse(&self.supporter_name));
        }
        if identified || !self.supporter_email.trim().is_empty() {
            email = errors.take("supporter_email", Email::parse(&self.supporter_email));
        }
        let subject = edit(
            &mut errors,
            "subject",
            self.subject,
            &campaign.email_subject,
            campaign,
        );
        let body = edit(
            &mut errors,
            "body",
            self.body,
            &campaign.email_body,
            campaign,
        );
        if errors.is_empty()
            && let Err(bad) = letter::check(&subject, &body)
        {
            let field = if bad.field == "email_subject" {
                "subject"
            } else {
                "body"
            };
            errors.add(field, bad.problem.to_string());
        }
        errors.finish()?;
        let supporter = Supporter {
            postal_code: postal_code.ok_or_else(|| ApiError::internal("checked above"))?,
            name: name.map(Name::into_string).unwrap_or_default(),
            email,
            subject,
            body,
        };
        Ok((supporter, self.representative_ids))
    }
}

/// The supporter's version of one template: the campaign's own when they did
/// not change it; otherwise their text with control characters stripped,
/// within the length limit, if the campaign allows editing.
fn edit(
    errors: &mut FieldErrors,
    field: &str,
    given: Option<String>,
    original: &str,
    campaign: &PublicCampaign,
) -> String {
    let Some(given) = given else {
        return original.to_string();
    };
    let mut text = letter::strip_controls(&given);
    if field == "subject" {
        text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    if text == original {
        return text;
    }
    let max = if field == "subject" {
        letter::MAX_SUBJECT
    } else {
        letter::MAX_BODY
    };
    if !campaign.allow_editing {
        errors.add(field, "This campaign's message cannot be edited");
    } else if text.is_empty() {
        errors.add(field, "Is required");
    } else if text.chars().count() > max {
        errors.add(field, format!("Must be at most {max} characters"));
    }
    text
}

/// The representatives a supporter writes to: those the lookup gives their
/// postal code, narrowed to `chosen` when given (each must be one of them), and
/// only those with an email address. 422 when none are left.
pub async fn recipients(
    state: &AppState,
    campaign: &PublicCampaign,
    supporter: &Supporter,
    chosen: Option<&[Uuid]>,
) -> ApiResult<Vec<Representative>> {
    let found = lookup::find(state, &supporter.postal_code, &campaign.target_levels).await?;
    let picked: Vec<Representative> = match chosen {
        None => found,
        Some(ids) => {
            if ids.is_empty() {
                return Err(ApiError::invalid_field(
                    "representative_ids",
                    "Choose at least one representative",
                ));
            }
            if let Some(stranger) = ids.iter().find(|id| !found.iter().any(|r| r.id == **id)) {
                return Err(ApiError::invalid_field(
                    "representative_ids",
                    format!("{stranger} does not represent this postal code for this campaign"),
                ));
            }
            found.into_iter().filter(|r| ids.contains(&r.id)).collect()
        }
    };
    let reachable: Vec<Representative> =
        picked.into_iter().filter(|r| !r.email.is_empty()).collect();
    if reachable.is_empty() {
        return Err(ApiError::invalid_field(
            "postal_code",
            "We found no representative with a public email address for this postal code",
        ));
    }
    Ok(reachable)
}
