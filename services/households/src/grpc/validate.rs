//! Request validation of the households context: the checks of its own (KK numbers,
//! NIKs of new members, deciles, ranking rounds, PKH components) on top of the shared
//! [`Validator`].

use berdaya_domain::id::{KkNumber, Nik, RankingRound};
pub(crate) use berdaya_platform::Validator;
use berdaya_proto::berdaya::households::v1 as pb;
use uuid::Uuid;

use crate::convert;
use crate::domain::{HouseholdData, NewMember, PersonData, PkhComponent};

/// Most members a household may have in one request.
pub(crate) const MAX_MEMBERS: usize = 30;
/// Longest name.
pub(crate) const MAX_NAME: usize = 200;
/// Longest address.
pub(crate) const MAX_ADDRESS: usize = 500;
/// Longest reason.
pub(crate) const MAX_REASON: usize = 500;
/// Longest note.
pub(crate) const MAX_NOTE: usize = 1000;

/// The households context's own checks.
pub(crate) trait HouseholdChecks {
    /// A KK number.
    fn kk(&mut self, field: &str, text: &str) -> Option<KkNumber>;
    /// A DTSEN decile, 1 to 10.
    fn decile(&mut self, field: &str, value: i32) -> Option<u8>;
    /// A DTSEN ranking round.
    fn round(&mut self, field: &str, text: &str) -> Option<RankingRound>;
    /// A new member, with fresh ids.
    fn member(&mut self, field: &str, member: &pb::NewMember) -> Option<NewMember>;
    /// A list of new members for a new household.
    fn members(&mut self, members: &[pb::NewMember]) -> Option<Vec<NewMember>>;
    /// Household address and phone.
    fn household_data(&mut self, address: &str, phone: &str) -> Option<HouseholdData>;
    /// PKH component claims.
    fn components(&mut self, claims: &[pb::PkhComponentClaim])
    -> Option<Vec<(Uuid, PkhComponent)>>;
}

impl HouseholdChecks for Validator<'_> {
    fn kk(&mut self, field: &str, text: &str) -> Option<KkNumber> {
        KkNumber::parse(text).map_err(|v| self.fail(field, v)).ok()
    }

    fn decile(&mut self, field: &str, value: i32) -> Option<u8> {
        match u8::try_from(value) {
            Ok(d) if (1..=10).contains(&d) => Some(d),
            _ => {
                self.violations
                    .add(field, format!("must be a decile from 1 to 10, got {value}"));
                None
            }
        }
    }

    fn round(&mut self, field: &str, text: &str) -> Option<RankingRound> {
        RankingRound::parse(text)
            .map_err(|v| self.fail(field, v))
            .ok()
    }

    fn member(&mut self, field: &str, member: &pb::NewMember) -> Option<NewMember> {
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

    fn members(&mut self, members: &[pb::NewMember]) -> Option<Vec<NewMember>> {
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
        self.each("members", members, |v, field, m| v.member(field, m))
    }

    fn household_data(&mut self, address: &str, phone: &str) -> Option<HouseholdData> {
        let address = self.text("address", address, MAX_ADDRESS);
        let phone = self.phone("phone", phone);
        Some(HouseholdData {
            address: address?,
            phone: phone?,
        })
    }

    fn components(
        &mut self,
        claims: &[pb::PkhComponentClaim],
    ) -> Option<Vec<(Uuid, PkhComponent)>> {
        if claims.len() > MAX_MEMBERS * 2 {
            self.violations.add("components", "too many components");
            return None;
        }
        self.each("components", claims, |v, field, c| {
            let member = v.id(&format!("{field}.member_id"), &c.member_id);
            let component = v.required(
                &format!("{field}.component"),
                convert::component(c.component),
                "PkhComponent",
            );
            Some((member?, component?))
        })
    }
}
