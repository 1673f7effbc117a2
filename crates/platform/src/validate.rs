//! Request validation shared by every service: every field checked, every violation
//! named, before any lookup, permission check or rule runs.
//!
//! [`Validator`] holds the context-free checks (ids, dates against [`today`] in WIB,
//! trimmed text, phone numbers, region codes against the embedded [`RegionDirectory`],
//! periods, enums, list sizes and paging). Each service adds its own checks (NIKs,
//! deciles, months, money) with an extension trait on it, and ends with
//! [`Validator::finish`], which answers `INVALID_ARGUMENT` naming every bad field.

use berdaya_domain::Rupiah;
use berdaya_domain::error::{FieldViolation, Violations, echo};
use berdaya_domain::id::{RegionCode, parse_date};
use chrono::NaiveDate;
use tonic::Status;
use uuid::Uuid;

use crate::grpc_error::domain_status;
use crate::regions::RegionDirectory;

/// Longest id of a person or organisation outside the service (see [`Validator::actor_id`]).
pub const MAX_ACTOR_ID: usize = 128;

/// Today's date in WIB (UTC+7), for "not in the future" checks.
pub fn today() -> NaiveDate {
    // Indonesian offices work in local dates; WIB (UTC+7) is the western and most
    // populous zone, and a day's difference at the edges only matters for "future"
    // checks.
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// True for a character that may stand in one-line text: not a control character, not a
/// Unicode format character (Cf: bidi controls, zero-width joiners and spaces, the BOM),
/// not a line or paragraph separator (Zl, Zp), not a noncharacter.
pub fn printable(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    let noncharacter = matches!(u32::from(c), 0xFDD0..=0xFDEF) || u32::from(c) & 0xFFFE == 0xFFFE;
    !c.is_control()
        && !noncharacter
        && !matches!(
            c.general_category(),
            GeneralCategory::Format
                | GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
        )
}

/// True for a character that shows nothing: format characters, and the fillers Unicode
/// draws as blank letters (Hangul fillers, the braille blank).
fn invisible(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c.general_category() == GeneralCategory::Format
        || matches!(
            c,
            '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}'
        )
}

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

    /// The date "not in the future" checks compare with.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// `INVALID_ARGUMENT` with every violation collected, if any.
    ///
    /// # Errors
    /// `INVALID_ARGUMENT` listing every recorded violation.
    pub fn finish(self) -> Result<(), Status> {
        self.violations.finish().map_err(|e| domain_status(&e))
    }

    /// Records `violation` under `field`.
    pub fn fail(&mut self, field: &str, violation: FieldViolation) {
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
                    .add(field, format!("{} is not an id (UUID)", echo(text)));
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
        self.each(field, texts, |v, field, text| v.id(field, text))
    }

    /// A date, not after today; an empty one is today (for fields the API documents
    /// as "empty means today": the date is then fixed in the recorded event).
    pub fn past_date_or_today(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        if text.trim().is_empty() {
            return Some(self.today);
        }
        self.past_date(field, text)
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

    /// The period `from..=to` of a query: any real dates, `to` not before `from`.
    pub fn period(&mut self, from: &str, to: &str) -> Option<(NaiveDate, NaiveDate)> {
        let mut parse = |field: &str, text: &str| match parse_date(text) {
            Ok(date) => Some(date),
            Err(v) => {
                self.fail(field, v);
                None
            }
        };
        let (from, to) = (parse("from", from), parse("to", to));
        let (from, to) = (from?, to?);
        if to < from {
            self.violations
                .add("to", format!("must not be before from ({from})"));
            return None;
        }
        Some((from, to))
    }

    /// Required text of 1 to `max` characters, trimmed. Text of only spaces and
    /// invisible characters is empty.
    pub fn text(&mut self, field: &str, text: &str, max: usize) -> Option<String> {
        let text = text.trim();
        if text.chars().all(|c| c.is_whitespace() || invisible(c)) {
            self.violations.add(field, "is required");
            return None;
        }
        self.optional_text(field, text, max)
    }

    /// Optional text of at most `max` characters, trimmed, on one line: no control
    /// characters, no Unicode format characters (bidi controls, zero-width), no
    /// noncharacters and no line or paragraph separators, so a name shows as it reads.
    pub fn optional_text(&mut self, field: &str, text: &str, max: usize) -> Option<String> {
        let text = text.trim();
        if text.chars().count() > max {
            self.violations
                .add(field, format!("must be at most {max} characters"));
            return None;
        }
        if let Some(bad) = text.chars().find(|c| !printable(*c)) {
            self.violations.add(
                field,
                format!(
                    "must not contain control, format or separator characters (found U+{:04X})",
                    u32::from(bad)
                ),
            );
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
        self.each(field, texts, |v, field, text| v.text(field, text, max))
    }

    /// Every item of a repeated field, checked by `check` under its name `field[i]`:
    /// all of them, so every bad item is named; `None` when any fails.
    pub fn each<T, R>(
        &mut self,
        field: &str,
        items: &[T],
        mut check: impl FnMut(&mut Self, &str, &T) -> Option<R>,
    ) -> Option<Vec<R>> {
        let parsed: Vec<Option<R>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| check(self, &format!("{field}[{i}]"), item))
            .collect();
        parsed.into_iter().collect()
    }

    /// An optional phone number: digits with an optional leading +, 8 to 16 digits.
    pub fn phone(&mut self, field: &str, text: &str) -> Option<Option<String>> {
        let text = text.trim();
        if text.is_empty() {
            return Some(None);
        }
        let digits = text.strip_prefix('+').unwrap_or(text);
        if !(8..=16).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            self.violations
                .add(field, "must be 8 to 16 digits, optionally starting with +");
            return None;
        }
        Some(Some(text.to_owned()))
    }

    /// The id of a person or organisation outside this service (facilitator, assessor):
    /// 1 to [`MAX_ACTOR_ID`] characters of letters, digits and `._@-`.
    pub fn actor_id(&mut self, field: &str, text: &str) -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            self.violations.add(field, "is required");
            return None;
        }
        if text.len() > MAX_ACTOR_ID
            || !text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '@' | '-'))
        {
            self.violations.add(
                field,
                format!("must be 1 to {MAX_ACTOR_ID} characters of letters, digits and ._@-"),
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

    /// A district (`35.78.01`) or village (`35.78.01.1001`) code that exists in the
    /// reference data.
    pub fn district_or_village(&mut self, field: &str, code: &str) -> Option<RegionCode> {
        if code.is_empty() {
            self.violations.add(
                field,
                "is required (a district like 35.78.01 or a village like 35.78.01.1001)",
            );
            return None;
        }
        if let Err(v) = self.regions.validate_prefix(code) {
            self.fail(field, v);
            return None;
        }
        match RegionCode::parse(code) {
            Ok(region) if region.depth() >= 3 => Some(region),
            Ok(_) => {
                self.violations.add(
                    field,
                    "must be a district (35.78.01) or village (35.78.01.1001) code",
                );
                None
            }
            Err(v) => {
                self.fail(field, v);
                None
            }
        }
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

    /// An optional enum: 0 gives `Some(None)`; a number `parsed` does not know is a
    /// violation.
    pub fn optional_enum<T>(
        &mut self,
        field: &str,
        value: i32,
        parsed: Option<T>,
        what: &str,
    ) -> Option<Option<T>> {
        match (value, parsed) {
            (0, _) => Some(None),
            (_, Some(p)) => Some(Some(p)),
            (_, None) => {
                self.violations
                    .add(field, format!("{value} is not a {what} value"));
                None
            }
        }
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

    /// A money field: whole rupiah from 0 to [`Rupiah::MAX`].
    pub fn money(&mut self, field: &str, value: i64) -> Option<Rupiah> {
        Rupiah::bounded(value, 0)
            .map_err(|v| self.fail(field, v))
            .ok()
    }

    /// A money field that must be more than zero: 1 to [`Rupiah::MAX`] rupiah.
    pub fn positive_money(&mut self, field: &str, value: i64) -> Option<Rupiah> {
        Rupiah::bounded(value, 1)
            .map_err(|v| self.fail(field, v))
            .ok()
    }

    /// The page size of a list request (`page.page_size`): at most `max`, 0 for
    /// `default`.
    pub fn page_size(&mut self, size: u32, max: u32, default: u32) -> u32 {
        if size > max {
            self.violations
                .add("page.page_size", format!("must be at most {max}"));
        }
        if size == 0 { default } else { size }
    }

    /// Where a list request resumes (`page.page_token`): empty gives `Some(None)`, a
    /// token `parse` does not recognise is a violation.
    pub fn page_token<T>(
        &mut self,
        token: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<Option<T>> {
        if token.is_empty() {
            return Some(None);
        }
        let after = parse(token);
        if after.is_none() {
            self.violations
                .add("page.page_token", "is not a token from a previous page");
        }
        after.map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validator() -> Validator<'static> {
        Validator::new(
            RegionDirectory::embedded(),
            NaiveDate::from_ymd_opt(2026, 3, 15).unwrap(),
        )
    }

    fn messages(v: Validator<'_>) -> Vec<String> {
        match v.violations.finish() {
            Ok(()) => Vec::new(),
            Err(berdaya_domain::DomainError::Invalid(list)) => {
                list.iter().map(ToString::to_string).collect()
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn an_empty_date_documented_as_today_is_today_and_a_bad_one_still_refused() {
        let mut v = validator();
        let today = NaiveDate::from_ymd_opt(2026, 3, 15);
        assert_eq!(v.past_date_or_today("a", ""), today);
        assert_eq!(v.past_date_or_today("b", "  "), today);
        assert_eq!(
            v.past_date_or_today("c", "2026-03-01"),
            NaiveDate::from_ymd_opt(2026, 3, 1)
        );
        assert_eq!(v.past_date_or_today("d", "2026-03-16"), None);
        assert_eq!(v.past_date_or_today("e", "15/03/2026"), None);
        let messages = messages(v);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("d: "), "{messages:?}");
        assert!(messages[1].starts_with("e: "), "{messages:?}");
    }

    #[test]
    fn ids_and_dates_name_every_bad_field() {
        let mut v = validator();
        assert_eq!(v.id("a", ""), None);
        assert_eq!(v.id("b", "x"), None);
        assert_eq!(v.optional_id("c", ""), Some(None));
        assert_eq!(v.past_date("d", "2026-03-16"), None);
        assert_eq!(v.date("e", "1899-12-31"), None);
        assert_eq!(v.date("f", "2027-03-17"), None);
        assert!(v.date("g", "2027-03-16").is_some());
        assert_eq!(v.period("2026-02-01", "2026-01-01"), None);
        assert_eq!(
            messages(v),
            [
                "a: is required",
                "b: \"x\" is not an id (UUID)",
                "d: 2026-03-16 is in the future",
                "e: must not be before 1900",
                "f: 2027-03-17 is more than a year ahead",
                "to: must not be before from (2026-02-01)",
            ]
        );
    }

    /// Issue 20 item 3: a 4 MiB id of control characters became 35 MB of error
    /// metadata. The echo is cut and the list of violations stops after a few.
    #[test]
    fn bad_input_is_echoed_bounded() {
        let mut v = validator();
        let huge = "\u{1}".repeat(4 * 1024 * 1024);
        assert_eq!(v.id("a", &huge), None);
        for i in 0..1000 {
            v.id(&format!("ids[{i}]"), "x");
        }
        let status = v.finish().unwrap_err();
        assert!(
            status.message().len() < 8 * 1024,
            "{}",
            status.message().len()
        );
        assert!(status.message().starts_with("a: \"\\u{1}"));
        assert!(
            status
                .message()
                .contains("... (4194304 characters) is not an id")
        );
        assert!(
            status.message().ends_with("981 more violations not listed"),
            "{}",
            &status.message()[status.message().len() - 80..]
        );
    }

    /// Issue 20 item 8: bidi controls, zero-width and other format characters,
    /// noncharacters and line separators were accepted in names, and a name of only
    /// invisible characters passed "is required".
    #[test]
    fn names_are_refused_with_invisible_or_reordering_characters() {
        let mut v = validator();
        assert_eq!(v.text("a", "\u{200B}\u{2060}\u{3164}", 50), None);
        for (field, text) in [
            ("b", "Budi\u{202E}otnaS"),
            ("c", "Bu\u{200D}di"),
            ("d", "Budi\u{2028}Santoso"),
            ("e", "Budi\u{FFFE}"),
            ("f", "Budi\u{FDD0}"),
            ("g", "Budi\u{FEFF}"),
            ("h", "Budi\nSantoso"),
        ] {
            assert_eq!(v.text(field, text, 50), None, "{text:?}");
        }
        assert_eq!(
            v.text("i", "Siti Aminah bin Abdul", 50).as_deref(),
            Some("Siti Aminah bin Abdul")
        );
        assert_eq!(
            v.text("j", "Ñoño Çelik 李", 50).as_deref(),
            Some("Ñoño Çelik 李")
        );
        let found = messages(v);
        assert_eq!(found[0], "a: is required");
        assert_eq!(
            found[1],
            "b: must not contain control, format or separator characters (found U+202E)"
        );
        assert_eq!(found.len(), 8);
    }

    #[test]
    fn text_phone_and_lists() {
        let mut v = validator();
        assert_eq!(v.text("a", "  hi  ", 5).as_deref(), Some("hi"));
        assert_eq!(v.text("b", "   ", 5), None);
        assert_eq!(v.optional_text("c", "123456", 5), None);
        assert_eq!(v.optional_text("d", "a\u{7}b", 5), None);
        assert_eq!(
            v.phone("e", "+62812345678"),
            Some(Some("+62812345678".into()))
        );
        assert_eq!(v.phone("f", "12-34"), None);
        assert_eq!(v.ids("g", &["x".into(), String::new()], 5), None);
        assert_eq!(v.texts("h", &["a".into(), "b".into()], 5, 1), None);
        assert_eq!(v.page_size(0, 10, 3), 3);
        assert_eq!(v.page_token("", |_| Some(1)), Some(None));
        assert_eq!(v.page_token("t", |_| None::<u8>), None);
        assert_eq!(
            messages(v),
            [
                "b: is required",
                "c: must be at most 5 characters",
                "d: must not contain control, format or separator characters (found U+0007)",
                "f: must be 8 to 16 digits, optionally starting with +",
                "g[0]: \"x\" is not an id (UUID)",
                "g[1]: is required",
                "h: at most 1 entries, got 2",
                "page.page_token: is not a token from a previous page",
            ]
        );
    }
}
