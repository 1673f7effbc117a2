//! Strategy 4, social partnerships (Kemitraan Sosial): active partners by kind,
//! agreements in force, signed, expired and terminated, referrals made, accepted,
//! declined and completed by purpose, credit obtained through referrals, households
//! reached through partners, and commitment targets against what was achieved.
//!
//! An agreement's expiry is never recorded: it is expired from the day after its end
//! date. The projection therefore places the expiry (and the end of its time in force)
//! in the month of that day when the agreement is signed, and moves or withdraws it when
//! a renewal, an amendment or a termination changes the end. Agreement facts are dated
//! by the agreement's own dates, and every other fact by the month of its own date
//! (registered, suspended, contributed, referred, completed, ...). A partner's level
//! (active partners) never changes before the month it was registered ([`not_before`]).

use std::collections::BTreeMap;

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::common::{decode, enum_name, load, money, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, business_month, month_of_day as month, not_before};

/// Active partners by kind (stock).
pub const PARTNERS: &str = "partnerships.partners_active";
/// Agreements in force by kind (stock).
pub const IN_FORCE: &str = "partnerships.agreements_in_force";
/// Agreements signed by kind (flow).
pub const SIGNED: &str = "partnerships.agreements_signed";
/// Agreements that expired, by kind, in the month of the first expired day (flow).
pub const EXPIRED: &str = "partnerships.agreements_expired";
/// Agreements terminated early, by kind (flow).
pub const TERMINATED: &str = "partnerships.agreements_terminated";
/// Referrals made, by purpose (flow).
pub const MADE: &str = "partnerships.referrals_made";
/// Referrals accepted, by purpose (flow).
pub const ACCEPTED: &str = "partnerships.referrals_accepted";
/// Referrals declined, by purpose (flow).
pub const DECLINED: &str = "partnerships.referrals_declined";
/// Referrals completed, by purpose (flow).
pub const COMPLETED: &str = "partnerships.referrals_completed";
/// Credit obtained through referrals (flow, rupiah).
pub const CREDIT: &str = "partnerships.credit_obtained";
/// Households reached through partners: with a referral completed in the month.
pub const REACHED: &str = "partnerships.households_reached";
/// Commitment targets of signed agreements, by unit (stock).
pub const TARGETS: &str = "partnerships.commitment_targets";
/// Achieved toward commitments (contributions and completed referrals), by unit (flow).
pub const ACHIEVED: &str = "partnerships.commitment_achieved";

static INDICATORS: [Indicator; 13] = [
    Indicator {
        id: PARTNERS,
        strategy: 4,
        unit: "mitra / partners",
        kind: Kind::Stock,
        dimension: "kind",
    },
    Indicator {
        id: IN_FORCE,
        strategy: 4,
        unit: "perjanjian / agreements",
        kind: Kind::Stock,
        dimension: "kind",
    },
    Indicator {
        id: SIGNED,
        strategy: 4,
        unit: "perjanjian / agreements",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: EXPIRED,
        strategy: 4,
        unit: "perjanjian / agreements",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: TERMINATED,
        strategy: 4,
        unit: "perjanjian / agreements",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: MADE,
        strategy: 4,
        unit: "rujukan / referrals",
        kind: Kind::Flow,
        dimension: "purpose",
    },
    Indicator {
        id: ACCEPTED,
        strategy: 4,
        unit: "rujukan / referrals",
        kind: Kind::Flow,
        dimension: "purpose",
    },
    Indicator {
        id: DECLINED,
        strategy: 4,
        unit: "rujukan / referrals",
        kind: Kind::Flow,
        dimension: "purpose",
    },
    Indicator {
        id: COMPLETED,
        strategy: 4,
        unit: "rujukan / referrals",
        kind: Kind::Flow,
        dimension: "purpose",
    },
    Indicator {
        id: CREDIT,
        strategy: 4,
        unit: "rupiah",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: REACHED,
        strategy: 4,
        unit: "keluarga / households",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: TARGETS,
        strategy: 4,
        unit: "rupiah atau jumlah / rupiah or count",
        kind: Kind::Stock,
        dimension: "unit",
    },
    Indicator {
        id: ACHIEVED,
        strategy: 4,
        unit: "rupiah atau jumlah / rupiah or count",
        kind: Kind::Flow,
        dimension: "unit",
    },
];

/// What an agreement has put into the facts so far, so a change replaces it exactly.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Placed {
    /// The month it entered force and the month it left (only when the first is before
    /// the second: otherwise it was never in force at a month's end).
    in_force: Option<(String, String)>,
    /// The month of its first expired day.
    expired: Option<String>,
    /// The month it was terminated.
    terminated: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    /// Where the stream's facts go: a partner's first region served, an agreement's
    /// region, a referral's village.
    region: String,
    /// A partner's or agreement's kind, a referral's purpose.
    dimension: String,
    /// A partner: active now.
    active: bool,
    /// A partner: the month it was registered (empty in states written before business
    /// dates).
    #[serde(default)]
    since: String,
    /// An agreement's dates.
    signed_on: Option<NaiveDate>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    terminated_on: Option<NaiveDate>,
    placed: Placed,
    /// An agreement's commitments of its current terms: id → (unit, target).
    commitments: BTreeMap<String, (String, i64)>,
    /// A referral: its household (none for a KUBE group) and commitment.
    household: Option<String>,
    commitment: bool,
}

fn date(event: &EventEnvelope, field: &str, text: &str) -> Result<NaiveDate, ProjectionError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| ProjectionError::new(event, format!("{field} {text:?}: {e}")))
}

/// A quantity's unit and figure.
fn quantity(
    event: &EventEnvelope,
    q: Option<&pb::Quantity>,
) -> Result<(String, i64), ProjectionError> {
    use pb::quantity::Value;
    match q.and_then(|q| q.value) {
        Some(Value::Amount(amount)) => Ok(("AMOUNT".to_owned(), money(event, "amount", amount)?)),
        Some(Value::Count(count)) => Ok(("COUNT".to_owned(), count)),
        None => Err(ProjectionError::new(event, "quantity missing")),
    }
}

impl State {
    /// Where the agreement's dates place it now.
    fn placement(&self) -> Placed {
        let (Some(signed_on), Some(start), Some(end)) =
            (self.signed_on, self.start_date, self.end_date)
        else {
            return Placed::default();
        };
        let first_expired = end.checked_add_days(Days::new(1));
        let early_end = self
            .terminated_on
            .filter(|t| first_expired.is_none_or(|f| *t < f));
        let out = early_end.or(first_expired).map(month);
        let entered = month(signed_on.max(start));
        Placed {
            in_force: out
                .clone()
                .filter(|out| entered < *out)
                .map(|out| (entered, out)),
            expired: if early_end.is_some() {
                None
            } else {
                first_expired.map(month)
            },
            terminated: early_end.map(month),
        }
    }

    /// Replaces what the agreement put into the facts with where it stands now.
    fn place(&mut self, out: &mut Output) {
        let now = self.placement();
        let before = std::mem::replace(&mut self.placed, now.clone());
        let (region, kind) = (self.region.clone(), self.dimension.clone());
        for (placed, sign) in [(before, -1), (now, 1)] {
            if let Some((entered, left)) = &placed.in_force {
                out.add(&region, entered, IN_FORCE, kind.clone(), sign);
                out.add(&region, left, IN_FORCE, kind.clone(), -sign);
            }
            if let Some(m) = &placed.expired {
                out.add(&region, m, EXPIRED, kind.clone(), sign);
            }
            if let Some(m) = &placed.terminated {
                out.add(&region, m, TERMINATED, kind.clone(), sign);
            }
        }
    }

    /// Replaces the commitment targets with `next`, in `month`.
    fn targets(&mut self, next: BTreeMap<String, (String, i64)>, month: &str, out: &mut Output) {
        if self.signed_on.is_some() {
            for (unit, target) in self.commitments.values() {
                out.add(&self.region, month, TARGETS, unit.clone(), -target);
            }
            for (unit, target) in next.values() {
                out.add(&self.region, month, TARGETS, unit.clone(), *target);
            }
        }
        self.commitments = next;
    }
}

fn commitments(
    event: &EventEnvelope,
    list: &[pb::Commitment],
) -> Result<BTreeMap<String, (String, i64)>, ProjectionError> {
    list.iter()
        .map(|c| Ok((c.commitment_id.clone(), quantity(event, c.target.as_ref())?)))
        .collect()
}

/// The partnerships module.
#[derive(Debug)]
pub struct Partnerships;

impl Partnerships {
    fn partner(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        let on =
            |date: &str, s: &State| not_before(business_month(date, event.recorded_at), &s.since);
        match short_name(event) {
            "PartnerRegistered" => {
                let e: pb::PartnerRegistered = decode(event)?;
                s.region = e.regions_served.first().cloned().unwrap_or_default();
                s.dimension = enum_name(e.kind().as_str_name(), "PARTNER_KIND_");
                s.active = true;
                s.since = business_month(&e.registered_on, event.recorded_at);
                out.add(&s.region, &s.since, PARTNERS, s.dimension.clone(), 1);
            }
            "PartnerProfileUpdated" => {
                let e: pb::PartnerProfileUpdated = decode(event)?;
                let region = e.regions_served.first().cloned().unwrap_or_default();
                if s.active && region != s.region {
                    let month = on(&e.updated_on, s);
                    out.add(&s.region, &month, PARTNERS, s.dimension.clone(), -1);
                    out.add(&region, &month, PARTNERS, s.dimension.clone(), 1);
                }
                s.region = region;
            }
            "PartnerSuspended" if s.active => {
                let e: pb::PartnerSuspended = decode(event)?;
                s.active = false;
                out.add(
                    &s.region,
                    &on(&e.suspended_on, s),
                    PARTNERS,
                    s.dimension.clone(),
                    -1,
                );
            }
            "PartnerRetired" if s.active => {
                let e: pb::PartnerRetired = decode(event)?;
                s.active = false;
                out.add(
                    &s.region,
                    &on(&e.retired_on, s),
                    PARTNERS,
                    s.dimension.clone(),
                    -1,
                );
            }
            "PartnerReinstated" if !s.active => {
                let e: pb::PartnerReinstated = decode(event)?;
                s.active = true;
                out.add(
                    &s.region,
                    &on(&e.reinstated_on, s),
                    PARTNERS,
                    s.dimension.clone(),
                    1,
                );
            }
            _ => {}
        }
        Ok(())
    }

    fn agreement(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        match short_name(event) {
            "AgreementDrafted" => {
                let e: pb::AgreementDrafted = decode(event)?;
                s.region.clone_from(&e.region_code);
                s.dimension = enum_name(e.kind().as_str_name(), "AGREEMENT_KIND_");
                let terms = e.terms.unwrap_or_default();
                s.start_date = Some(date(event, "start_date", &terms.start_date)?);
                s.end_date = Some(date(event, "end_date", &terms.end_date)?);
                s.commitments = commitments(event, &terms.commitments)?;
            }
            "AgreementDraftRevised" => {
                let e: pb::AgreementDraftRevised = decode(event)?;
                let terms = e.terms.unwrap_or_default();
                s.start_date = Some(date(event, "start_date", &terms.start_date)?);
                s.end_date = Some(date(event, "end_date", &terms.end_date)?);
                s.commitments = commitments(event, &terms.commitments)?;
            }
            "AgreementSigned" => {
                let e: pb::AgreementSigned = decode(event)?;
                let signed_on = date(event, "signed_on", &e.signed_on)?;
                s.signed_on = Some(signed_on);
                out.add(
                    &s.region,
                    &self::month(signed_on),
                    SIGNED,
                    s.dimension.clone(),
                    1,
                );
                let targets = std::mem::take(&mut s.commitments);
                s.targets(targets, &self::month(signed_on), out);
                s.place(out);
            }
            "AgreementAmended" => {
                let e: pb::AgreementAmended = decode(event)?;
                let changes = e.changes.unwrap_or_default();
                if !changes.end_date.is_empty() {
                    s.end_date = Some(date(event, "end_date", &changes.end_date)?);
                }
                let mut next = s.commitments.clone();
                for id in &changes.withdrawn_commitment_ids {
                    next.remove(id);
                }
                for revision in &changes.revised_targets {
                    if next.contains_key(&revision.commitment_id) {
                        next.insert(
                            revision.commitment_id.clone(),
                            quantity(event, revision.target.as_ref())?,
                        );
                    }
                }
                next.extend(commitments(event, &changes.added_commitments)?);
                // Not before the signing, where the targets it replaces were placed.
                let signed = s.signed_on.map(month).unwrap_or_default();
                let amended = not_before(business_month(&e.amended_on, event.recorded_at), &signed);
                s.targets(next, &amended, out);
                s.place(out);
            }
            "AgreementRenewed" => {
                let e: pb::AgreementRenewed = decode(event)?;
                s.end_date = Some(date(event, "end_date", &e.end_date)?);
                s.place(out);
            }
            "AgreementTerminated" => {
                let e: pb::AgreementTerminated = decode(event)?;
                s.terminated_on = Some(date(event, "terminated_on", &e.terminated_on)?);
                s.place(out);
            }
            "AgreementContributionRecorded" => {
                let e: pb::AgreementContributionRecorded = decode(event)?;
                let (unit, figure) = quantity(event, e.quantity.as_ref())?;
                let month = business_month(&e.contributed_on, event.recorded_at);
                out.add(&s.region, &month, ACHIEVED, unit, figure);
            }
            _ => {}
        }
        Ok(())
    }

    fn referral(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        let on = |date: &str| business_month(date, event.recorded_at);
        match short_name(event) {
            "ReferralMade" => {
                let e: pb::ReferralMade = decode(event)?;
                let month = &on(&e.referred_on);
                s.region.clone_from(&e.village_code);
                s.dimension = enum_name(e.purpose().as_str_name(), "REFERRAL_PURPOSE_");
                s.household = match e.referee {
                    Some(pb::referral_made::Referee::HouseholdId(id)) => Some(id),
                    _ => None,
                };
                s.commitment = !e.commitment_id.is_empty();
                out.add(&s.region, month, MADE, s.dimension.clone(), 1);
            }
            "ReferralAccepted" => {
                let e: pb::ReferralAccepted = decode(event)?;
                out.add(
                    &s.region,
                    &on(&e.accepted_on),
                    ACCEPTED,
                    s.dimension.clone(),
                    1,
                );
            }
            "ReferralDeclined" => {
                let e: pb::ReferralDeclined = decode(event)?;
                out.add(
                    &s.region,
                    &on(&e.declined_on),
                    DECLINED,
                    s.dimension.clone(),
                    1,
                );
            }
            "ReferralCompleted" => {
                use pb::referral_outcome::Outcome;
                let e: pb::ReferralCompleted = decode(event)?;
                let month = &on(&e.completed_on);
                out.add(&s.region, month, COMPLETED, s.dimension.clone(), 1);
                if let Some(household) = &s.household {
                    out.reach(&s.region, month, REACHED, "", household);
                }
                let money_brought = match e.outcome.and_then(|o| o.outcome) {
                    Some(Outcome::LoanGranted(loan)) => {
                        let amount = money(event, "amount", loan.amount)?;
                        out.add(&s.region, month, CREDIT, "", amount);
                        Some(amount)
                    }
                    Some(Outcome::ContractSigned(contract)) => {
                        Some(money(event, "value", contract.value)?)
                    }
                    _ => None,
                };
                if s.commitment {
                    match money_brought {
                        Some(amount) => out.add(&s.region, month, ACHIEVED, "AMOUNT", amount),
                        None => out.add(&s.region, month, ACHIEVED, "COUNT", 1),
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

impl ContextProjection for Partnerships {
    fn handles(&self, event: &EventEnvelope) -> bool {
        use berdaya_proto::category::partnerships::{AGREEMENT, PARTNER, REFERRAL};
        event.is_in("berdaya.partnerships.v1", &[PARTNER, AGREEMENT, REFERRAL])
    }

    fn indicators(&self) -> &'static [Indicator] {
        &INDICATORS
    }

    fn project(
        &self,
        state: Option<&str>,
        event: &EventEnvelope,
    ) -> Result<(Option<String>, Output), ProjectionError> {
        let mut s: State = load(state, event)?;
        let mut out = Output::default();
        use berdaya_proto::category::partnerships::{AGREEMENT, PARTNER};
        if event.category == PARTNER {
            Self::partner(&mut s, event, &mut out)?;
        } else if event.category == AGREEMENT {
            Self::agreement(&mut s, event, &mut out)?;
        } else {
            Self::referral(&mut s, event, &mut out)?;
        }
        Ok((save(&s, event)?, out))
    }
}

#[cfg(test)]
mod tests;
