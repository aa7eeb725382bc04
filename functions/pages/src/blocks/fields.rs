//! The checks of one block's fields, each problem named by its place in the
//! request (`blocks[2].title`, `blocks[1].items[0].quote`), so the editor can
//! show it beside the field.

use serde::de::DeserializeOwned;
use serde_json::Value;
use shared::domain::TextRule;
use shared::error::FieldErrors;

use super::links::{self, Rule};
use super::rich_text;

/// A block kind's own rules, run after its JSON shape was read.
pub trait Check {
    fn check(&mut self, fields: &mut Fields<'_>);
}

/// Collects the problems of the fields under one prefix.
pub struct Fields<'a> {
    prefix: String,
    errors: &'a mut FieldErrors,
}

impl<'a> Fields<'a> {
    pub fn new(prefix: String, errors: &'a mut FieldErrors) -> Self {
        Self { prefix, errors }
    }

    fn name(&self, field: &str) -> String {
        format!("{}.{field}", self.prefix)
    }

    /// Records a problem with `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        let name = self.name(field);
        self.errors.add(&name, message);
    }

    /// Reads `content` as `T` (a wrong or unknown field is named), then runs
    /// its checks.
    pub fn read<T: DeserializeOwned + Check>(&mut self, content: Value) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(content) {
            Ok(mut value) => {
                value.check(self);
                Some(value)
            }
            Err(e) => {
                let (field, message) = shared::http::shape_problem(&e);
                self.add(&field, message);
                None
            }
        }
    }

    /// Tidies a text field in place by its domain type.
    pub fn text<T: TextRule>(&mut self, field: &str, value: &mut String) {
        let name = self.name(field);
        self.errors.tidy::<T>(&name, value);
    }

    /// Like [`Fields::text`], for free text that must not be empty.
    pub fn required_text<T: TextRule>(&mut self, field: &str, value: &mut String) {
        self.text::<T>(field, value);
        if value.trim().is_empty() {
            self.add(field, "Is required");
        }
    }

    /// Checks a link that may be empty.
    pub fn link(&mut self, field: &str, value: &mut String, rule: Rule) {
        if value.trim().is_empty() {
            value.clear();
            return;
        }
        match links::check(value, rule) {
            Ok(link) => *value = link,
            Err(message) => self.add(field, message),
        }
    }

    /// Checks a link that must be there.
    pub fn required_link(&mut self, field: &str, value: &mut String, rule: Rule) {
        if value.trim().is_empty() {
            self.add(field, "Is required");
        } else {
            self.link(field, value, rule);
        }
    }

    /// Cleans rich text to its safe subset; it must have some text left.
    pub fn rich_text(&mut self, field: &str, value: &mut String) {
        if value.chars().count() > rich_text::MAX_CHARS {
            self.add(
                field,
                format!("Must be at most {} characters", rich_text::MAX_CHARS),
            );
            return;
        }
        *value = rich_text::clean(value);
        if value.trim().is_empty() {
            self.add(field, "Is required");
        }
    }

    /// Checks a list of 1 to `max` items, each under `field[i]`.
    pub fn items<T: Check>(&mut self, field: &str, items: &mut [T], max: usize) {
        if items.is_empty() || items.len() > max {
            self.add(field, format!("Must have 1 to {max} items"));
            return;
        }
        for (i, item) in items.iter_mut().enumerate() {
            let prefix = format!("{}.{field}[{i}]", self.prefix);
            item.check(&mut Fields::new(prefix, self.errors));
        }
    }
}
