//! What users ask of a household. Ids and the date "today" are chosen at the edge and
//! passed in, so that deciding stays pure and repeatable.

use berdaya_domain::id::{KkNumber, RankingRound, RegionCode, Sex};
use chrono::NaiveDate;
use uuid::Uuid;

use super::events::{HouseholdData, PersonData};
use super::{ExitReason, PkhComponent, Programme, Relationship, RemovalReason};

/// A person to add, already validated field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    /// Id chosen for the member.
    pub member_id: Uuid,
    /// Data subject chosen for the member's key.
    pub subject_id: Uuid,
    /// Sex.
    pub sex: Sex,
    /// Relationship to the head.
    pub relationship: Relationship,
    /// Personal data.
    pub person: PersonData,
}

/// The commands a household accepts.
#[derive(Debug, Clone)]
pub enum HouseholdCommand {
    /// Register a new household.
    Register {
        /// Id chosen for it.
        household_id: Uuid,
        /// Village.
        village: RegionCode,
        /// KK number.
        kk_number: KkNumber,
        /// When the KK took effect.
        kk_valid_from: NaiveDate,
        /// DTSEN decile, 1-10 (checked at the edge).
        decile: u8,
        /// Ranking round.
        ranking_round: RankingRound,
        /// The household's own data subject.
        subject_id: Uuid,
        /// Address and phone.
        data: HouseholdData,
        /// Members; exactly one head.
        members: Vec<NewMember>,
    },
    /// Add a member.
    AddMember {
        /// The member.
        member: NewMember,
        /// When they joined.
        joined_on: NaiveDate,
    },
    /// Remove a member.
    RemoveMember {
        /// Who.
        member_id: Uuid,
        /// Why.
        reason: RemovalReason,
        /// When.
        effective_date: NaiveDate,
        /// Note.
        note: String,
        /// New head, required when the head leaves.
        new_head: Option<Uuid>,
    },
    /// Record a new KK number.
    ChangeKkNumber {
        /// The new number.
        kk_number: KkNumber,
        /// When it took effect.
        valid_from: NaiveDate,
        /// Why.
        reason: String,
    },
    /// Move to another village.
    Move {
        /// Destination.
        to: RegionCode,
        /// New address (phone kept).
        address: String,
        /// When.
        moved_on: NaiveDate,
    },
    /// Record a new decile.
    UpdateDecile {
        /// New decile.
        decile: u8,
        /// Its round.
        ranking_round: RankingRound,
    },
    /// Enrol in a programme.
    Enrol {
        /// Which.
        programme: Programme,
        /// When.
        enrolled_on: NaiveDate,
        /// PKH components claimed.
        components: Vec<(Uuid, PkhComponent)>,
    },
    /// Re-assess PKH components.
    UpdatePkhComponents {
        /// The full new list.
        components: Vec<(Uuid, PkhComponent)>,
        /// When.
        effective_date: NaiveDate,
    },
    /// Leave a programme.
    Exit {
        /// Which.
        programme: Programme,
        /// Why.
        reason: ExitReason,
        /// When.
        exited_on: NaiveDate,
        /// Note.
        note: String,
    },
    /// Close the household.
    Close {
        /// Why.
        reason: String,
        /// When.
        closed_on: NaiveDate,
    },
    /// Erase personal data: one former member's, or the whole household's (which closes
    /// it first when it is still active).
    ErasePersonalData {
        /// The member, or `None` for everyone and the household's own data.
        member_id: Option<Uuid>,
        /// Why.
        reason: String,
        /// Today: the closing date when erasing an active household.
        on: NaiveDate,
    },
}
