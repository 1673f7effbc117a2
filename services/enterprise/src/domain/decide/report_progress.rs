//! Reporting a month's progress, with its profit split.

use berdaya_domain::error::Violations;
use berdaya_domain::{DomainError, Month, Rupiah};

use super::*;
use crate::domain::*;

/// Decides `ReportProgress`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::ReportProgress {
        month,
        revenue,
        costs,
        capital,
        split,
        reported_on,
        note,
    } = command
    else {
        return Err(not_this(command));
    };
    let profit = report_profit(*revenue, *costs, *capital, split)?;
    if *month < state.formed_on.map_or(*month, Month::of) {
        return Err(DomainError::rule(
            "month",
            format!("{month} is before the group was formed"),
        ));
    }
    if Month::of(*reported_on) < *month {
        return Err(DomainError::invalid(
            "reported_on",
            format!("{reported_on} is before the month reported ({month})"),
        ));
    }
    if state.reports.iter().any(|r| r.month == *month) {
        return Err(DomainError::already_exists(
            "month",
            format!("{month} was already reported"),
        ));
    }
    if state.iks_collected().checked_add(split.iks).is_none() {
        return Err(DomainError::rule(
            "split.iks",
            "the group's IKS collected would pass the largest figure the records hold",
        ));
    }
    Ok(vec![GroupEvent::ProgressReported(ProgressReport {
        month: *month,
        revenue: *revenue,
        costs: *costs,
        profit,
        capital: *capital,
        split: *split,
        reported_on: *reported_on,
        note: note.clone(),
    })])
}

/// Checks a report's figures and returns its profit (revenue minus costs).
fn report_profit(
    revenue: Rupiah,
    costs: Rupiah,
    capital: Rupiah,
    split: &crate::domain::events::ProfitSplit,
) -> Result<Rupiah, DomainError> {
    let mut v = Violations::new();
    in_bounds(&mut v, "revenue", revenue);
    in_bounds(&mut v, "costs", costs);
    in_bounds(&mut v, "capital", capital);
    in_bounds(&mut v, "split.capital", split.capital);
    in_bounds(&mut v, "split.member_welfare", split.member_welfare);
    in_bounds(&mut v, "split.iks", split.iks);
    v.finish()?;
    // Bounded i64s: the difference and the sum fit in i128 without overflow.
    let profit = i128::from(revenue.0) - i128::from(costs.0);
    let parts =
        i128::from(split.capital.0) + i128::from(split.member_welfare.0) + i128::from(split.iks.0);
    if profit <= 0 && parts != 0 {
        return Err(DomainError::invalid(
            "split",
            format!("a month without profit splits nothing, but the parts add up to {parts}"),
        ));
    }
    if profit > 0 && parts != profit {
        return Err(DomainError::invalid(
            "split",
            format!("capital + member_welfare + iks = {parts} must add up to the profit {profit}"),
        ));
    }
    // Revenue is at most Rupiah::MAX and costs are not negative, so the profit fits.
    Ok(Rupiah(i64::try_from(profit).unwrap_or(Rupiah::MAX.0)))
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_report_computes_profit_and_its_split_adds_up() {
        let events = Given::<KubeGroup>::new(formed())
            .when(&report_command(
                3_000_000,
                2_000_000,
                (700_000, 200_000, 100_000),
            ))
            .events();
        let GroupEvent::ProgressReported(report) = &events[0] else {
            panic!("{events:?}")
        };
        assert_eq!(report.profit, Rupiah(1_000_000));

        let error = Given::<KubeGroup>::new(formed())
            .when(&report_command(3_000_000, 2_000_000, (700_000, 200_000, 0)))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "split"));

        // A loss is recorded, and splits nothing.
        let events = Given::<KubeGroup>::new(formed())
            .when(&report_command(1_000_000, 1_500_000, (0, 0, 0)))
            .events();
        assert!(
            matches!(&events[0], GroupEvent::ProgressReported(r) if r.profit == Rupiah(-500_000))
        );
        let error = Given::<KubeGroup>::new(formed())
            .when(&report_command(1_000_000, 1_500_000, (0, 0, 10)))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "split"));
    }

    #[test]
    fn negative_figures_are_refused_naming_every_field() {
        let error = Given::<KubeGroup>::new(formed())
            .when(&report_command(-1, -2, (0, -3, 0)))
            .then_error();
        let DomainError::Invalid(violations) = error else {
            panic!("{error:?}")
        };
        let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["revenue", "costs", "split.member_welfare"]);
        assert_eq!(
            violations[0].description,
            "must be 0 to 10000000000 rupiah, got -1"
        );
    }

    /// The attack of issue 20: one report whose IKS is i64::MAX made the group's IKS total
    /// wrap (and, through the projection, every figure of the province). Every money field
    /// is now bounded, naming the field, and records nothing.
    #[test]
    fn amounts_beyond_the_bound_are_refused_naming_every_field() {
        let huge = i64::MAX;
        let error = Given::<KubeGroup>::new(formed())
            .when(&report_command(huge, 0, (0, 0, huge)))
            .then_error();
        let DomainError::Invalid(violations) = error else {
            panic!("{error:?}")
        };
        let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["revenue", "split.iks"]);
        assert_eq!(
            violations[1].description,
            format!("must be 0 to 10000000000 rupiah, got {huge}")
        );
        let at_bound = Rupiah::MAX.0;
        Given::<KubeGroup>::new(formed())
            .when(&report_command(at_bound, 0, (0, 0, at_bound)))
            .events();
        let award = GroupCommand::AwardGrant {
            grant_id: id(77),
            scheme: GrantScheme::Blps,
            scheme_name: String::new(),
            amount: Rupiah(at_bound + 1),
            awarded_on: date("2026-02-01"),
            conditions: Vec::new(),
            reference: String::new(),
        };
        let error = Given::<KubeGroup>::new(formed()).when(&award).then_error();
        assert!(
            matches!(&error, DomainError::Invalid(v) if v[0].field == "amount"),
            "{error:?}"
        );
    }

    /// A group whose log already holds a report recorded before the bounds existed cannot
    /// wrap its IKS total: the state saturates, and a further report that would pass the
    /// limit is refused naming `split.iks`.
    #[test]
    fn a_legacy_huge_report_saturates_and_blocks_further_iks() {
        let mut history = formed();
        let mut legacy = report("2026-01", 3_000_000, 2_000_000, 10_000_000);
        legacy.split.iks = Rupiah(i64::MAX);
        history.push(GroupEvent::ProgressReported(legacy));
        let group = KubeGroup::from_events_for_test(&history);
        assert_eq!(group.iks_collected(), Rupiah(i64::MAX));
        let error = Given::<KubeGroup>::new(history)
            .when(&report_command(1_000, 0, (0, 0, 1_000)))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, .. } if field == "split.iks"),
            "{error:?}"
        );
    }

    #[test]
    fn a_month_is_reported_once_and_not_before_formation() {
        let mut history = formed();
        history.push(GroupEvent::ProgressReported(report(
            "2026-02", 3_000_000, 2_000_000, 10_000_000,
        )));
        let error = Given::<KubeGroup>::new(history)
            .when(&report_command(1, 0, (1, 0, 0)))
            .then_error();
        assert!(matches!(&error, DomainError::AlreadyExists { field, .. } if field == "month"));

        let early = GroupCommand::ReportProgress {
            month: Month::parse("2025-12").unwrap(),
            revenue: Rupiah(0),
            costs: Rupiah(0),
            capital: Rupiah(0),
            split: ProfitSplit::default(),
            reported_on: date("2026-01-31"),
            note: String::new(),
        };
        let error = Given::<KubeGroup>::new(formed()).when(&early).then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "month"));
    }
}
