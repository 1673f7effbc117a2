//! The personal data of household events: each person's and the household's own,
//! sealed per data subject.

use berdaya_eventstore::RecordedEvent;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::aggregate_store::CodecError;
use berdaya_platform::codec::fields::{corrupt, date, optional, text_date, uuid};
use berdaya_platform::codec::sealing::{open, seal};
use berdaya_platform::keyring::KeyRing;
use berdaya_proto::berdaya::common::v1::SealedPersonalData;
use berdaya_proto::berdaya::households::v1 as pb;

use crate::convert;
use crate::domain::{HouseholdData, MemberFacts, PersonData};

pub(super) fn person_pb(person: &PersonData) -> pb::PersonPersonalData {
    pb::PersonPersonalData {
        nik: person.nik.clone(),
        full_name: person.full_name.clone(),
        birth_date: text_date(person.birth_date),
        phone: person.phone.clone().unwrap_or_default(),
    }
}

pub(super) fn household_pb(data: &HouseholdData) -> pb::HouseholdPersonalData {
    pb::HouseholdPersonalData {
        address: data.address.clone(),
        phone: data.phone.clone().unwrap_or_default(),
    }
}

pub(super) fn member_record(
    member: &MemberFacts,
    keys: &mut KeyRing,
    vault: &Vault,
    field: &str,
) -> Result<pb::MemberRecord, CodecError> {
    Ok(pb::MemberRecord {
        member_id: member.member_id.to_string(),
        subject_id: member.subject_id.to_string(),
        sex: convert::sex_pb(member.sex) as i32,
        relationship: convert::relationship_pb(member.relationship) as i32,
        personal: match &member.person {
            Some(person) => Some(seal(
                member.subject_id,
                &person_pb(person),
                keys,
                vault,
                field,
            )?),
            None => None,
        },
    })
}

pub(super) fn member_facts(
    record: &pb::MemberRecord,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<MemberFacts, CodecError> {
    let person = match open::<pb::PersonPersonalData>(&record.personal, keys, recorded)? {
        Some(p) => Some(PersonData {
            birth_date: date(&p.birth_date, recorded)?,
            nik: p.nik,
            full_name: p.full_name,
            phone: optional(p.phone),
        }),
        None => None,
    };
    Ok(MemberFacts {
        member_id: uuid(&record.member_id, recorded)?,
        subject_id: uuid(&record.subject_id, recorded)?,
        sex: convert::sex(record.sex).ok_or_else(|| corrupt(recorded, "sex"))?,
        relationship: convert::relationship(record.relationship)
            .ok_or_else(|| corrupt(recorded, "relationship"))?,
        person,
    })
}

pub(super) fn household_data(
    sealed: &Option<SealedPersonalData>,
    keys: &KeyRing,
    recorded: &RecordedEvent,
) -> Result<Option<HouseholdData>, CodecError> {
    Ok(
        open::<pb::HouseholdPersonalData>(sealed, keys, recorded)?.map(|d| HouseholdData {
            address: d.address,
            phone: optional(d.phone),
        }),
    )
}
