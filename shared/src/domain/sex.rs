//! Sex at birth, as the WHO growth standards need it.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// The value stored in the database and sent in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    /// Reads the stored value; anything else is a bug on our side, not the client's.
    pub fn from_db(raw: &str) -> Result<Self, ApiError> {
        match raw {
            "male" => Ok(Sex::Male),
            "female" => Ok(Sex::Female),
            other => Err(ApiError::internal(format!("unknown sex {other:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_database_agree() {
        for sex in [Sex::Male, Sex::Female] {
            let json = serde_json::to_value(sex).unwrap();
            assert_eq!(json, sex.as_str());
            assert_eq!(Sex::from_db(sex.as_str()).unwrap(), sex);
        }
        assert!(serde_json::from_str::<Sex>("\"F\"").is_err());
        assert!(Sex::from_db("unknown").is_err());
    }
}
