//! Request validation: every field checked, every violation named, before any rule runs.

use berdaya_domain::FieldViolation;
use berdaya_domain::error::Violations;
use berdaya_domain::id::{KkNumber, Nik, RankingRound, RegionCode, parse_date};
use berdaya_platform::RegionDirectory;
use berdaya_proto::berdaya::households::v1 as pb;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::convert;
use crate::domain::{HouseholdData, NewMember, PersonData, PkhComponent};

/// Most members a household may have in one request.
pub const MAX_MEMBERS: usize = 30;
/// Longest name.
pub const MAX_NAME: usize = 200;
/// Longest address.
pub const MAX_ADDRESS: usize = 500;
/// Longest reason.
pub const MAX_REASON: usize = 500;
/// Longest note.
pub const MAX_NOTE: usize = 1000;

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

    /// A date (future allowed, within reason: up to a year ahead).
    pub fn date(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        match parse_date(text) {
            Ok(date)
                if date
                    .years_since(NaiveDate::from_ymd_opt(1900, 1, 1)?)
                    .is_none() =>
            {
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
        match RegionCode::parse_village(code) {
            Ok(code) => Some(code),
            Err(v) => {
                self.fail(field, v);
                None
            }
        }
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

    /// A KK number.
    pub fn kk(&mut self, field: &str, text: &str) -> Option<KkNumber> {
        KkNumber::parse(text).map_err(|v| self.fail(field, v)).ok()
    }

    /// A DTSEN decile, 1 to 10.
    pub fn decile(&mut self, field: &str, value: i32) -> Option<u8> {
        match u8::try_from(value) {
            Ok(d) if (1..=10).contains(&d) => Some(d),
            _ => {
                self.violations
                    .add(field, format!("must be a decile from 1 to 10, got {value}"));
                None
            }
        }
    }

    /// A DTSEN ranking round.
    pub fn round(&mut self, field: &str, text: &str) -> Option<RankingRound> {
        RankingRound::parse(text)
            .map_err(|v| self.fail(field, v))
            .ok()
    }

    /// A required enum value.
    pub fn required<T>(&mut self, field: &str, value: Option<T>, what: &str) -> Option<T> {
        if value.is_none() {
            self.violations
                .add(field, format!("is required: one of the {what} values"));
        }
        value
    }

    /// A new member, with fresh ids.
    pub fn member(&mut self, field: &str, member: &pb::NewMember) -> Option<NewMember> {
        let sex = self.required(&format!("{field}.sex"), convert::sex(member.sex), "Sex");
        let relationship = self.required(
            &format!("{field}.relationship"),
            convert::relationship(member.relationship),
            "Relationship",
        );
        let birth_date = self.past_date(&format!("{field}.birth_date"), &member.birth_date);
        let full_name = self.text(&format!("{field}.full_name"), &member.full_name, MAX_NAME);
        let phone = self.phone(&format!("{field}.phone"), &member.phone);
        let nik = match Nik::parse(&member.nik, birth_date, sex) {
            Ok(nik) => Some(nik),
            Err(v) => {
                self.fail(&format!("{field}.nik"), v);
                None
            }
        };
        Some(NewMember {
            member_id: Uuid::now_v7(),
            subject_id: Uuid::new_v4(),
            sex: sex?,
            relationship: relationship?,
            person: PersonData {
                nik: nik?.as_str().to_owned(),
                full_name: full_name?,
                birth_date: birth_date?,
                phone: phone?,
            },
        })
    }

    /// A list of new members for a new household.
    pub fn members(&mut self, members: &[pb::NewMember]) -> Option<Vec<NewMember>> {
        if members.is_empty() {
            self.violations
                .add("members", "at least one member (the head) is required");
            return None;
        }
        if members.len() > MAX_MEMBERS {
            self.violations
                .add("members", format!("at most {MAX_MEMBERS} members"));
            return None;
        }
        let parsed: Vec<Option<NewMember>> = members
            .iter()
            .enumerate()
            .map(|(i, m)| self.member(&format!("members[{i}]"), m))
            .collect();
        parsed.into_iter().collect()
    }

    /// Household address and phone.
    pub fn household_data(&mut self, address: &str, phone: &str) -> Option<HouseholdData> {
        let address = self.text("address", address, MAX_ADDRESS);
        let phone = self.phone("phone", phone);
        Some(HouseholdData {
            address: address?,
            phone: phone?,
        })
    }

    /// PKH component claims.
    pub fn components(
        &mut self,
        claims: &[pb::PkhComponentClaim],
    ) -> Option<Vec<(Uuid, PkhComponent)>> {
        if claims.len() > MAX_MEMBERS * 2 {
            self.violations.add("components", "too many components");
            return None;
        }
        let parsed: Vec<Option<(Uuid, PkhComponent)>> = claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let member = self.id(&format!("components[{i}].member_id"), &c.member_id);
                let component = self.required(
                    &format!("components[{i}].component"),
                    convert::component(c.component),
                    "PkhComponent",
                );
                Some((member?, component?))
            })
            .collect();
        parsed.into_iter().collect()
    }
}
