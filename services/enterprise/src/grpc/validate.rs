//! Request validation: every field checked, every violation named, before any lookup,
//! permission check or rule. Money signs are the domain's to check (its rules name the
//! fields too), so that they hold whoever sends the command.

use berdaya_domain::FieldViolation;
use berdaya_domain::error::Violations;
use berdaya_domain::id::{RegionCode, parse_date};
use berdaya_platform::RegionDirectory;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::Month;

/// Longest name, sector, topic, host business or trade.
pub const MAX_NAME: usize = 200;
/// Longest reason or condition.
pub const MAX_REASON: usize = 500;
/// Longest note.
pub const MAX_NOTE: usize = 1000;
/// Longest summary, evidence or meeting notes.
pub const MAX_LONG_TEXT: usize = 2000;
/// Longest facilitator, assessor or provider id.
pub const MAX_ID: usize = 128;
/// Most conditions on a grant.
pub const MAX_CONDITIONS: usize = 20;
/// Most households listed in one request (attendees, recipients).
pub const MAX_LISTED: usize = 200;

/// Field-by-field validation with the date of today, for "not in the future" checks.
#[derive(Debug)]
pub struct Validator<'a> {
    /// Collected violations.
    pub violations: Violations,
    regions: &'a RegionDirectory,
    today: NaiveDate,
}

impl<'a> Validator<'a> {
    /// A validator against the region reference data.
    pub fn new(regions: &'a RegionDirectory, today: NaiveDate) -> Self {
        Self {
            violations: Violations::new(),
            regions,
            today,
        }
    }

    fn fail(&mut self, field: &str, violation: FieldViolation) {
        self.violations.push(violation.under(field));
    }

    /// A required id (UUID).
    pub fn id(&mut self, field: &str, text: &str) -> Option<Uuid> {
        if text.is_empty() {
            self.violations.add(field, "is required");
            return None;
        }
        match Uuid::parse_str(text) {
            Ok(id) => Some(id),
            Err(_) => {
                self.violations
                    .add(field, format!("{text:?} is not an id (UUID)"));
                None
            }
        }
    }

    /// An optional id: empty gives `Some(None)`.
    pub fn optional_id(&mut self, field: &str, text: &str) -> Option<Option<Uuid>> {
        if text.is_empty() {
            Some(None)
        } else {
            self.id(field, text).map(Some)
        }
    }

    /// A list of ids, named `field[i]`, at most `max`.
    pub fn ids(&mut self, field: &str, texts: &[String], max: usize) -> Option<Vec<Uuid>> {
        if texts.len() > max {
            self.violations
                .add(field, format!("at most {max} entries, got {}", texts.len()));
            return None;
        }
        let parsed: Vec<Option<Uuid>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| self.id(&format!("{field}[{i}]"), t))
            .collect();
        parsed.into_iter().collect()
    }

    /// A date, not after today.
    pub fn past_date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        let date = self.date(field, text)?;
        if date > self.today {
            self.violations
                .add(field, format!("{date} is in the future"));
            return None;
        }
        Some(date)
    }

    /// A date from 1900 to a year ahead.
    pub fn date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        match parse_date(text) {
            Ok(date) if date < NaiveDate::from_ymd_opt(1900, 1, 1)? => {
                self.violations.add(field, "must not be before 1900");
                None
            }
            Ok(date) if (date - self.today).num_days() > 366 => {
                self.violations
                    .add(field, format!("{date} is more than a year ahead"));
                None
            }
            Ok(date) => Some(date),
            Err(v) => {
                self.fail(field, v);
                None
            }
        }
    }

    /// A month (`YYYY-MM`), not after the current one.
    pub fn past_month(&mut self, field: &str, text: &str) -> Option<Month> {
        match Month::parse(text) {
            Ok(month) if month > Month::of(self.today) => {
                self.violations
                    .add(field, format!("{month} is in the future"));
                None
            }
            Ok(month) => Some(month),
            Err(v) => {
                self.fail(field, v);
                None
            }
        }
    }

    /// Required text of 1 to `max` characters, trimmed.
    pub fn text(&mut self, field: &str, text: &str, max: usize) -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            self.violations.add(field, "is required");
            return None;
        }
        self.optional_text(field, text, max)
    }

    /// Optional text of at most `max` characters, trimmed.
    pub fn optional_text(&mut self, field: &str, text: &str, max: usize) -> Option<String> {
        let text = text.trim();
        if text.chars().count() > max {
            self.violations
                .add(field, format!("must be at most {max} characters"));
            return None;
        }
        if text.chars().any(char::is_control) {
            self.violations
                .add(field, "must not contain control characters");
            return None;
        }
        Some(text.to_owned())
    }

    /// A list of texts, each 1 to `max` characters, at most `count` of them.
    pub fn texts(
        &mut self,
        field: &str,
        texts: &[String],
        max: usize,
        count: usize,
    ) -> Option<Vec<String>> {
        if texts.len() > count {
            self.violations.add(
                field,
                format!("at most {count} entries, got {}", texts.len()),
            );
            return None;
        }
        let parsed: Vec<Option<String>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| self.text(&format!("{field}[{i}]"), t, max))
            .collect();
        parsed.into_iter().collect()
    }

    /// The id of a person or organisation outside this service (facilitator, assessor):
    /// 1 to 128 characters of letters, digits and `._@-`.
    pub fn actor_id(&mut self, field: &str, text: &str) -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            self.violations.add(field, "is required");
            return None;
        }
        if text.len() > MAX_ID
            || !text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '@' | '-'))
        {
            self.violations.add(
                field,
                format!("must be 1 to {MAX_ID} characters of letters, digits and ._@-"),
            );
            return None;
        }
        Some(text.to_owned())
    }

    /// An optional [`Validator::actor_id`]: empty gives `Some(None)`.
    pub fn optional_actor_id(&mut self, field: &str, text: &str) -> Option<Option<String>> {
        if text.trim().is_empty() {
            Some(None)
        } else {
            self.actor_id(field, text).map(Some)
        }
    }

    /// A village code that exists in the reference data.
    pub fn village(&mut self, field: &str, code: &str) -> Option<RegionCode> {
        if code.is_empty() {
            self.violations
                .add(field, "is required (a village code like 35.78.01.1001)");
            return None;
        }
        if let Err(v) = self.regions.validate_village(code) {
            self.fail(field, v);
            return None;
        }
        RegionCode::parse_village(code)
            .map_err(|v| self.fail(field, v))
            .ok()
    }

    /// A region prefix that exists, or empty for the whole country.
    pub fn region_prefix(&mut self, field: &str, prefix: &str) -> Option<String> {
        if !prefix.is_empty()
            && let Err(v) = self.regions.validate_prefix(prefix)
        {
            self.fail(field, v);
            return None;
        }
        Some(prefix.to_owned())
    }

    /// A required enum value.
    pub fn required<T>(&mut self, field: &str, value: Option<T>, what: &str) -> Option<T> {
        if value.is_none() {
            self.violations
                .add(field, format!("is required: one of the {what} values"));
        }
        value
    }

    /// A number from `min` to `max`.
    pub fn within(&mut self, field: &str, value: i32, min: i32, max: i32) -> Option<u32> {
        if (min..=max).contains(&value) {
            u32::try_from(value).ok()
        } else {
            self.violations
                .add(field, format!("must be {min} to {max}, got {value}"));
            None
        }
    }
}
