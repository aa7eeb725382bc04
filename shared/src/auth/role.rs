//! The platform's roles.

use serde::{Deserialize, Serialize};

/// A user's role. `SUPER_ADMIN` passes every role check; each module admin governs
/// one Changemaker module; `TEMP` is a limited account from a public shift sign-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    SuperAdmin,
    InfluenceAdmin,
    MapAdmin,
    MediaAdmin,
    PagesAdmin,
    PaymentsAdmin,
    SmsAdmin,
    PeopleAdmin,
    SocialAdmin,
    User,
    Temp,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::SuperAdmin,
        Role::InfluenceAdmin,
        Role::MapAdmin,
        Role::MediaAdmin,
        Role::PagesAdmin,
        Role::PaymentsAdmin,
        Role::SmsAdmin,
        Role::PeopleAdmin,
        Role::SocialAdmin,
        Role::User,
        Role::Temp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SuperAdmin => "SUPER_ADMIN",
            Role::InfluenceAdmin => "INFLUENCE_ADMIN",
            Role::MapAdmin => "MAP_ADMIN",
            Role::MediaAdmin => "MEDIA_ADMIN",
            Role::PagesAdmin => "PAGES_ADMIN",
            Role::PaymentsAdmin => "PAYMENTS_ADMIN",
            Role::SmsAdmin => "SMS_ADMIN",
            Role::PeopleAdmin => "PEOPLE_ADMIN",
            Role::SocialAdmin => "SOCIAL_ADMIN",
            Role::User => "USER",
            Role::Temp => "TEMP",
        }
    }

    /// Whether someone with this role may act where `required` is needed.
    pub fn satisfies(self, required: Role) -> bool {
        self == Role::SuperAdmin || self == required
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of the eleven.
#[derive(Debug, thiserror::Error)]
#[error("unknown role {0:?}")]
pub struct UnknownRole(String);

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_text_and_json() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert!("ADMIN".parse::<Role>().is_err());
        assert!("super_admin".parse::<Role>().is_err());
    }

    #[test]
    fn super_admin_passes_every_check_and_others_only_their_own() {
        for required in Role::ALL {
            assert!(Role::SuperAdmin.satisfies(required));
        }
        assert!(Role::MapAdmin.satisfies(Role::MapAdmin));
        assert!(!Role::MapAdmin.satisfies(Role::MediaAdmin));
        assert!(!Role::User.satisfies(Role::SuperAdmin));
        assert!(!Role::Temp.satisfies(Role::User));
    }
}
