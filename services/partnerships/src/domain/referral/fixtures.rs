//! Givens of the referral tests: household 10 of a Surabaya village referred for credit
//! to the bank (partner 100) under its signed PKS (in force 2026-02-01 to 2026-12-31).

use berdaya_domain::{Aggregate, Rupiah};
use uuid::Uuid;

use crate::domain::agreement::fixtures::{credit_id, signed_history};
use crate::domain::fixtures::*;
use crate::domain::referral::*;
use crate::domain::{
    Agreement, AgreementEvent, Referee, RefereeFacts, RefereeStanding, ReferralOutcome,
    ReferralPurpose,
};

pub(crate) fn referral_id() -> Uuid {
    id(500)
}

pub(crate) fn household() -> Uuid {
    id(10)
}

pub(crate) fn active_household() -> RefereeFacts {
    RefereeFacts {
        referee: Referee::Household(household()),
        standing: RefereeStanding::Active { village: village() },
    }
}

/// The bank's PKS after these extra events.
pub(crate) fn agreement_after(extra: Vec<AgreementEvent>) -> Agreement {
    let mut history = signed_history();
    history.extend(extra);
    Agreement::from_events(history.iter())
}

pub(crate) fn under_pks(extra: Vec<AgreementEvent>) -> UnderAgreement {
    UnderAgreement {
        agreement_id: id(200),
        agreement: Box::new(agreement_after(extra)),
        commitment_id: Some(credit_id()),
    }
}

pub(crate) fn make_on(on: &str) -> MakeReferral {
    MakeReferral {
        referral_id: referral_id(),
        referee: active_household(),
        partner: active_partner(100),
        purpose: ReferralPurpose::Credit,
        under: Some(under_pks(vec![])),
        need: "modal usaha warung".into(),
        referred_on: date(on),
        referred_by: "caseworker-ani".into(),
    }
}

pub(crate) fn make(command: MakeReferral) -> ReferralCommand {
    ReferralCommand::Make(command)
}

pub(crate) fn made() -> ReferralEvent {
    ReferralEvent::Made {
        referral_id: referral_id(),
        referee: Referee::Household(household()),
        village: village(),
        partner_id: id(100),
        purpose: ReferralPurpose::Credit,
        agreement_id: Some(id(200)),
        commitment_id: Some(credit_id()),
        need: "modal usaha warung".into(),
        referred_on: date("2026-03-02"),
        referred_by: "caseworker-ani".into(),
    }
}

pub(crate) fn accepted() -> ReferralEvent {
    ReferralEvent::Accepted {
        accepted_on: date("2026-03-05"),
        note: "survei usaha dijadwalkan".into(),
    }
}

pub(crate) fn declined() -> ReferralEvent {
    ReferralEvent::Declined {
        declined_on: date("2026-03-05"),
        reason: "usaha belum berjalan 6 bulan".into(),
    }
}

pub(crate) fn loan(amount: i64) -> ReferralOutcome {
    ReferralOutcome::LoanGranted {
        amount: Rupiah(amount),
        scheme: "KUR Mikro".into(),
    }
}
