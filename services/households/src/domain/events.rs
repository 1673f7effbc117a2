//! What happened to a household: the facts its history is made of.

use berdaya_domain::Rupiah;
use berdaya_domain::id::{KkNumber, RankingRound, RegionCode, Sex};
use chrono::NaiveDate;
use uuid::Uuid;

use super::{ExitReason, PkhComponent, Programme, Relationship, RemovalReason};

/// Personal data of one person. `None` where it is held means it was erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonData {
    /// NIK, 16 digits (validated at the edge).
    pub nik: String,
    /// Full name.
    pub full_name: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Phone, if given.
    pub phone: Option<String>,
}

/// Personal data of the household itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdData {
    /// Street address.
    pub address: String,
    /// Contact phone, if given.
    pub phone: Option<String>,
}

/// A member as events record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberFacts {
    /// Stable member id.
    pub member_id: Uuid,
    /// The data subject whose key seals the personal data.
    pub subject_id: Uuid,
    /// Sex.
    pub sex: Sex,
    /// Relationship to the head.
    pub relationship: Relationship,
    /// Personal data; `None` once erased.
    pub person: Option<PersonData>,
}

/// One component counted (or not) toward a PKH entitlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentAssignment {
    /// The member.
    pub member_id: Uuid,
    /// The condition.
    pub component: PkhComponent,
    /// Whether it counts toward the entitlement (at most four members count).
    pub counted: bool,
    /// The configured annual amount of the component.
    pub annual_amount: Rupiah,
}

/// The events of a household.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdEvent {
    /// Entered in the registry.
    Registered {
        /// Stable id.
        household_id: Uuid,
        /// Village.
        village: RegionCode,
        /// KK number, sealed with the household's key; `None` once erased.
        kk_number: Option<KkNumber>,
        /// When the KK number took effect.
        kk_valid_from: NaiveDate,
        /// DTSEN decile.
        decile: u8,
        /// Ranking round of the decile.
        ranking_round: RankingRound,
        /// The household's own data subject.
        subject_id: Uuid,
        /// Address and phone; `None` once erased.
        data: Option<HouseholdData>,
        /// Members at registration.
        members: Vec<MemberFacts>,
    },
    /// A person joined.
    MemberAdded {
        /// The new member.
        member: MemberFacts,
        /// When.
        joined_on: NaiveDate,
    },
    /// A person left.
    MemberRemoved {
        /// Who.
        member_id: Uuid,
        /// The member's data subject, whose key seals the note (nil in events recorded
        /// before notes were sealed).
        subject_id: Uuid,
        /// Why.
        reason: RemovalReason,
        /// When.
        effective_date: NaiveDate,
        /// Free-text note (it may name a certificate or an address: personal data of the
        /// member); `None` once erased.
        note: Option<String>,
        /// The new head, when the head left.
        new_head: Option<Uuid>,
    },
    /// A new family card was issued.
    KkNumberChanged {
        /// The household's data subject, whose key seals both numbers (nil in events
        /// recorded before KK numbers were sealed).
        subject_id: Uuid,
        /// The new number; `None` once erased.
        kk_number: Option<KkNumber>,
        /// When it took effect.
        valid_from: NaiveDate,
        /// The number it replaces; `None` once erased.
        previous: Option<KkNumber>,
        /// Why.
        reason: String,
    },
    /// The household moved.
    Moved {
        /// From.
        from: RegionCode,
        /// To.
        to: RegionCode,
        /// When.
        moved_on: NaiveDate,
        /// The household's data subject, whose key seals the address.
        subject_id: Uuid,
        /// The new address; `None` once erased.
        data: Option<HouseholdData>,
    },
    /// A new DTSEN ranking.
    DecileUpdated {
        /// New decile.
        decile: u8,
        /// New round.
        ranking_round: RankingRound,
        /// Decile before.
        previous_decile: u8,
        /// Round before.
        previous_round: RankingRound,
    },
    /// Enrolled in a programme.
    ProgrammeEnrolled {
        /// Which.
        programme: Programme,
        /// Decile the decision used.
        decile: u8,
        /// Its round.
        ranking_round: RankingRound,
        /// When.
        enrolled_on: NaiveDate,
        /// PKH components.
        components: Vec<ComponentAssignment>,
        /// PKH annual entitlement.
        annual_entitlement: Rupiah,
        /// The highest eligible decile applied.
        eligible_decile_max: u8,
    },
    /// PKH components re-assessed.
    PkhComponentsUpdated {
        /// The full new list.
        components: Vec<ComponentAssignment>,
        /// The new entitlement.
        annual_entitlement: Rupiah,
        /// When.
        effective_date: NaiveDate,
    },
    /// Left a programme.
    ProgrammeExited {
        /// Which.
        programme: Programme,
        /// Why.
        reason: ExitReason,
        /// When.
        exited_on: NaiveDate,
        /// Note.
        note: String,
    },
    /// Personal data erased by destroying keys.
    PersonalDataErased {
        /// Whose keys.
        subject_ids: Vec<Uuid>,
        /// Why.
        reason: String,
    },
    /// The household no longer exists as a unit.
    Closed {
        /// Why.
        reason: String,
        /// When.
        closed_on: NaiveDate,
    },
}
