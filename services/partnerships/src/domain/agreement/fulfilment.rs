//! How far each commitment is fulfilled: recorded contributions plus completed
//! referrals under it, as figures and a percentage, with more than 100 % said plainly.
//!
//! Completed referrals live in their own aggregates; the edge reads them from its
//! referral index (referrals filed under their commitment) and passes them in.

use chrono::NaiveDate;
use uuid::Uuid;

use super::Agreement;
use super::terms::Commitment;
use crate::domain::{Quantity, ReferralOutcome};

/// A completed referral made under a commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedReferral {
    /// The referral.
    pub referral_id: Uuid,
    /// The commitment it was made under.
    pub commitment_id: Uuid,
    /// When it was completed.
    pub completed_on: NaiveDate,
    /// What came of it.
    pub outcome: ReferralOutcome,
}

/// Where a commitment stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FulfilmentBand {
    /// Nothing achieved yet.
    NotStarted,
    /// Some, below the target.
    Partial,
    /// Exactly the target.
    Met,
    /// More than the target: over 100 %.
    Exceeded,
}

/// One commitment's fulfilment on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fulfilment {
    /// The commitment.
    pub commitment_id: Uuid,
    /// Its target.
    pub target: Quantity,
    /// Achieved through recorded contributions.
    pub from_contributions: Quantity,
    /// Achieved through completed referrals: one each against a count, the loan amount
    /// or contract value against an amount.
    pub from_referrals: Quantity,
    /// How many completed referrals were counted.
    pub referrals_completed: u64,
    /// The total achieved.
    pub achieved: Quantity,
    /// Achieved over target in hundredths of a percent, rounded down: 12_050 is
    /// 120.50 %. Not capped at 100 %.
    pub percent_basis_points: u64,
    /// Where that stands: `Exceeded` whenever the achievement is above the target, even
    /// by less than a hundredth of a percent.
    pub band: FulfilmentBand,
}

/// The fulfilment on `as_of` of one commitment of the agreement's current terms:
/// contributions dated and referrals completed on or before `as_of` count. `None` when
/// the agreement has no such commitment.
pub fn fulfilment(
    agreement: &Agreement,
    commitment_id: Uuid,
    completed: &[CompletedReferral],
    as_of: NaiveDate,
) -> Option<Fulfilment> {
    let commitment = agreement.terms.commitment(commitment_id)?;
    Some(measure(agreement, commitment, completed, as_of))
}

/// The fulfilment on `as_of` of every commitment of the agreement's current terms, in
/// the order the terms list them.
pub fn fulfilments(
    agreement: &Agreement,
    completed: &[CompletedReferral],
    as_of: NaiveDate,
) -> Vec<Fulfilment> {
    agreement
        .terms
        .commitments
        .iter()
        .map(|commitment| measure(agreement, commitment, completed, as_of))
        .collect()
}

fn measure(
    agreement: &Agreement,
    commitment: &Commitment,
    completed: &[CompletedReferral],
    as_of: NaiveDate,
) -> Fulfilment {
    let id = commitment.commitment_id;
    let target = commitment.target;
    let contributed = agreement
        .contributions
        .iter()
        .filter(|c| c.commitment_id == id && c.contributed_on <= as_of)
        .fold(0_i64, |sum, c| sum.saturating_add(c.quantity.value()));
    let referrals: Vec<&CompletedReferral> = completed
        .iter()
        .filter(|r| r.commitment_id == id && r.completed_on <= as_of)
        .collect();
    let referred = match target {
        Quantity::Count(_) => i64::try_from(referrals.len()).unwrap_or(i64::MAX),
        Quantity::Amount(_) => referrals.iter().fold(0_i64, |sum, r| {
            sum.saturating_add(r.outcome.money().map_or(0, |m| m.amount()))
        }),
    };
    let achieved = contributed.saturating_add(referred);
    Fulfilment {
        commitment_id: id,
        target,
        from_contributions: target.with_value(contributed),
        from_referrals: target.with_value(referred),
        referrals_completed: u64::try_from(referrals.len()).unwrap_or(u64::MAX),
        achieved: target.with_value(achieved),
        percent_basis_points: basis_points(achieved, target.value()),
        band: band(achieved, target.value()),
    }
}

fn basis_points(achieved: i64, target: i64) -> u64 {
    if target <= 0 || achieved <= 0 {
        return 0;
    }
    let points = i128::from(achieved) * 10_000 / i128::from(target);
    u64::try_from(points).unwrap_or(u64::MAX)
}

fn band(achieved: i64, target: i64) -> FulfilmentBand {
    match achieved {
        a if a <= 0 => FulfilmentBand::NotStarted,
        a if a < target => FulfilmentBand::Partial,
        a if a == target => FulfilmentBand::Met,
        _ => FulfilmentBand::Exceeded,
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::{Aggregate, Rupiah};

    use super::*;
    use crate::domain::agreement::fixtures::*;
    use crate::domain::fixtures::*;

    fn loan(n: u128, amount: i64, on: &str) -> CompletedReferral {
        CompletedReferral {
            referral_id: id(5000 + n),
            commitment_id: credit_id(),
            completed_on: date(on),
            outcome: ReferralOutcome::LoanGranted {
                amount: Rupiah(amount),
                scheme: "KUR Mikro".into(),
            },
        }
    }

    #[test]
    fn a_credit_line_counts_loans_granted_and_contributions_in_rupiah() {
        // Credit line target Rp 100.000.000.
        let mut history = signed_history();
        history.push(contributed(
            credit_id(),
            Quantity::Amount(Rupiah(10_000_000)),
            "2026-03-01",
        ));
        let agreement = Agreement::from_events(history.iter());
        let loans = [
            loan(1, 25_000_000, "2026-04-01"),
            loan(2, 15_000_000, "2026-05-01"),
        ];
        let f = fulfilment(&agreement, credit_id(), &loans, date("2026-06-30")).unwrap();
        assert_eq!(f.from_contributions, Quantity::Amount(Rupiah(10_000_000)));
        assert_eq!(f.from_referrals, Quantity::Amount(Rupiah(40_000_000)));
        assert_eq!(f.referrals_completed, 2);
        assert_eq!(f.achieved, Quantity::Amount(Rupiah(50_000_000)));
        assert_eq!(f.percent_basis_points, 5_000);
        assert_eq!(f.band, FulfilmentBand::Partial);

        // As of an earlier day, later completions do not count yet.
        let f = fulfilment(&agreement, credit_id(), &loans, date("2026-04-15")).unwrap();
        assert_eq!(f.achieved, Quantity::Amount(Rupiah(35_000_000)));
    }

    #[test]
    fn fulfilment_over_100_percent_is_stated_as_exceeded() {
        let agreement = Agreement::from_events(signed_history().iter());
        let loans = [
            loan(1, 90_000_000, "2026-04-01"),
            loan(2, 30_500_000, "2026-05-01"),
        ];
        let f = fulfilment(&agreement, credit_id(), &loans, date("2026-06-30")).unwrap();
        assert_eq!(f.achieved, Quantity::Amount(Rupiah(120_500_000)));
        assert_eq!(
            f.percent_basis_points, 12_050,
            "120.50 %, not capped at 100"
        );
        assert_eq!(f.band, FulfilmentBand::Exceeded);

        // A hair over is still over, though it rounds down to 100.00 %.
        let loans = [loan(1, 100_000_001, "2026-04-01")];
        let f = fulfilment(&agreement, credit_id(), &loans, date("2026-06-30")).unwrap();
        assert_eq!(f.percent_basis_points, 10_000);
        assert_eq!(f.band, FulfilmentBand::Exceeded);

        let loans = [loan(1, 100_000_000, "2026-04-01")];
        let f = fulfilment(&agreement, credit_id(), &loans, date("2026-06-30")).unwrap();
        assert_eq!(f.band, FulfilmentBand::Met);
    }

    #[test]
    fn a_count_target_counts_each_completed_referral_once() {
        // Training places: target 20.
        let mut history = signed_history();
        history.push(contributed(training_id(), Quantity::Count(5), "2026-03-01"));
        let agreement = Agreement::from_events(history.iter());
        let placed: Vec<_> = (1..=3)
            .map(|n| CompletedReferral {
                referral_id: id(6000 + n),
                commitment_id: training_id(),
                completed_on: date("2026-04-01"),
                outcome: ReferralOutcome::PlaceTaken {
                    place: "pelatihan menjahit".into(),
                },
            })
            .collect();
        let all = fulfilments(&agreement, &placed, date("2026-06-30"));
        let training = all
            .iter()
            .find(|f| f.commitment_id == training_id())
            .unwrap();
        assert_eq!(training.achieved, Quantity::Count(8));
        assert_eq!(training.percent_basis_points, 4_000);
        let credit = all.iter().find(|f| f.commitment_id == credit_id()).unwrap();
        assert_eq!(
            credit.band,
            FulfilmentBand::NotStarted,
            "placements do not count toward credit"
        );
        assert_eq!(all.len(), 2);
    }

    #[test]
    fn an_unknown_commitment_has_no_fulfilment() {
        let agreement = Agreement::from_events(signed_history().iter());
        assert!(fulfilment(&agreement, id(4242), &[], date("2026-06-30")).is_none());
    }
}
