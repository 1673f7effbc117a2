//! How a case stands against its service-level targets on a given date.
//!
//! The case's clock counts calendar days while the case is open (from its report, and
//! from each reopening to the next closing: days spent closed do not count), less the
//! days it waited on the reporter when that wait paused the clock (the rule in force
//! when the wait began). A target is the number of counted days allowed from the report
//! to the first action and to resolution, as configured for the case's urgency when it
//! was set. Periods and waits are clipped to the date asked about.

use chrono::NaiveDate;

use super::{AdvocacyCase, CaseStatus};
use crate::domain::ServiceLevel;

/// Where one target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    /// Not reached, within target: `days_left` counted days remain (0 on the last day).
    Running {
        /// Counted days left.
        days_left: i64,
    },
    /// Not reached, and past the target by `days_over` counted days.
    Overdue {
        /// Counted days past the target.
        days_over: i64,
    },
    /// Reached on `on`; `late` when that was past the target.
    Met {
        /// The day of the first action or the resolution.
        on: NaiveDate,
        /// True when reached after the target.
        late: bool,
    },
    /// The case closed unresolved on `on` before reaching it: the clock stopped.
    Stopped {
        /// The day it closed.
        on: NaiveDate,
    },
}

/// A case's clock and targets on `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The date asked about.
    pub as_of: NaiveDate,
    /// The targets in force.
    pub service_level: ServiceLevel,
    /// Calendar days the case was open up to `as_of`.
    pub days_elapsed: i64,
    /// Of those, days the clock was paused while waiting on the reporter.
    pub days_paused: i64,
    /// True when the clock stands still on `as_of` (a wait that pauses it is running).
    pub clock_paused: bool,
    /// The first-action target.
    pub first_action: TargetState,
    /// The resolution target.
    pub resolution: TargetState,
}

impl Deadlines {
    /// Days on the clock: elapsed less paused.
    pub fn days_counted(&self) -> i64 {
        self.days_elapsed - self.days_paused
    }

    /// True when a target is past due and not reached.
    pub fn overdue(&self) -> bool {
        matches!(self.first_action, TargetState::Overdue { .. })
            || matches!(self.resolution, TargetState::Overdue { .. })
    }

    /// The first day the case is overdue if nothing more happens to it: `as_of` when it
    /// already is; `None` when no target can fall due (both reached or stopped) or the
    /// clock stands still. The edge files a case under this date so that "overdue today"
    /// is a range read, refiling it whenever the case changes.
    pub fn overdue_from(&self) -> Option<NaiveDate> {
        [self.first_action, self.resolution]
            .into_iter()
            .filter_map(|target| match target {
                TargetState::Overdue { .. } => Some(self.as_of),
                TargetState::Running { days_left } if !self.clock_paused => self
                    .as_of
                    .checked_add_days(chrono::Days::new(u64::try_from(days_left + 1).ok()?)),
                _ => None,
            })
            .min()
    }
}

/// How `case` stands on `as_of`; `None` for a case not reported.
pub fn deadlines(case: &AdvocacyCase, as_of: NaiveDate) -> Option<Deadlines> {
    case.reported_on?;
    let level = case.service_level;
    let closed_on = case
        .periods
        .last()
        .and_then(|p| p.closed_on)
        .filter(|on| *on <= as_of);
    let first_action_on = case
        .actions
        .iter()
        .map(|a| a.taken_on)
        .filter(|on| *on <= as_of)
        .min();
    let resolved_on = closed_on.filter(|_| case.status == CaseStatus::Resolved);
    let target = |reached: Option<NaiveDate>, days: u32| {
        let days = i64::from(days);
        if let Some(on) = reached {
            return TargetState::Met {
                on,
                late: counted(case, on) > days,
            };
        }
        if let Some(on) = closed_on {
            return TargetState::Stopped { on };
        }
        let counted = counted(case, as_of);
        if counted > days {
            TargetState::Overdue {
                days_over: counted - days,
            }
        } else {
            TargetState::Running {
                days_left: days - counted,
            }
        }
    };
    Some(Deadlines {
        as_of,
        service_level: level,
        days_elapsed: elapsed(case, as_of),
        days_paused: paused(case, as_of),
        clock_paused: closed_on.is_none()
            && case
                .current_wait()
                .is_some_and(|w| w.clock_paused && w.since <= as_of),
        first_action: target(first_action_on, level.first_action_days),
        resolution: target(resolved_on, level.resolution_days),
    })
}

/// Counted days up to `until`.
fn counted(case: &AdvocacyCase, until: NaiveDate) -> i64 {
    elapsed(case, until) - paused(case, until)
}

/// Calendar days open before `until`.
fn elapsed(case: &AdvocacyCase, until: NaiveDate) -> i64 {
    case.periods
        .iter()
        .map(|p| days_between(p.opened_on, p.closed_on, until))
        .sum()
}

/// Days before `until` spent in waits that paused the clock.
fn paused(case: &AdvocacyCase, until: NaiveDate) -> i64 {
    case.waits
        .iter()
        .filter(|w| w.clock_paused)
        .map(|w| days_between(w.since, w.until, until))
        .sum()
}

/// Days from `start` to `end` (open-ended when `None`), cut at `until`.
fn days_between(start: NaiveDate, end: Option<NaiveDate>, until: NaiveDate) -> i64 {
    let end = end.map_or(until, |end| end.min(until));
    (end - start).num_days().max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::tests::fixtures::*;
    use crate::domain::*;

    fn on(history: &[CaseEvent], as_of: &str) -> Deadlines {
        deadlines(&state(history), date(as_of)).unwrap()
    }

    /// Reported (urgent) on 2026-03-02, assessed and planned on 03-03.
    #[test]
    fn an_urgent_case_without_action_is_overdue_after_three_days() {
        let d = on(&planned(), "2026-03-05");
        assert_eq!((d.days_elapsed, d.days_paused), (3, 0));
        assert_eq!(d.first_action, TargetState::Running { days_left: 0 });
        assert!(!d.overdue());
        let d = on(&planned(), "2026-03-07");
        assert_eq!(d.first_action, TargetState::Overdue { days_over: 2 });
        assert_eq!(d.resolution, TargetState::Running { days_left: 25 });
        assert!(d.overdue());
    }

    #[test]
    fn a_first_action_on_time_or_late_is_met_and_says_which() {
        let d = on(&in_action(), "2026-03-10");
        assert_eq!(
            d.first_action,
            TargetState::Met {
                on: date("2026-03-04"),
                late: false
            }
        );
        let late = run(planned(), vec![act(1, "2026-03-06")]);
        let d = on(&late, "2026-03-10");
        assert_eq!(
            d.first_action,
            TargetState::Met {
                on: date("2026-03-06"),
                late: true
            }
        );
        assert!(!d.overdue());
    }

    #[test]
    fn waiting_on_the_reporter_pauses_the_clock_when_the_rules_say_so() {
        let history = run(
            planned(),
            vec![
                await_reporter("2026-03-03"),
                reporter_responded("2026-03-08"),
            ],
        );
        let d = on(&history, "2026-03-09");
        assert_eq!((d.days_elapsed, d.days_paused, d.days_counted()), (7, 5, 2));
        assert_eq!(d.first_action, TargetState::Running { days_left: 1 });
    }

    #[test]
    fn a_wait_still_running_pauses_up_to_the_date_asked_about() {
        let history = run(planned(), vec![await_reporter("2026-03-03")]);
        let d = on(&history, "2026-03-20");
        assert_eq!((d.days_elapsed, d.days_paused), (18, 17));
        assert!(!d.overdue());
    }

    #[test]
    fn under_rules_that_do_not_pause_the_same_wait_leaves_the_case_overdue() {
        let rules = CaseRules {
            pause_while_waiting_on_reporter: false,
            ..CaseRules::default()
        };
        let mut history = planned();
        for command in [
            await_reporter("2026-03-03"),
            reporter_responded("2026-03-08"),
        ] {
            let case = state(&history);
            history.extend(berdaya_domain::Aggregate::decide(&case, &command, &rules).unwrap());
        }
        let d = on(&history, "2026-03-09");
        assert_eq!((d.days_elapsed, d.days_paused), (7, 0));
        assert_eq!(d.first_action, TargetState::Overdue { days_over: 4 });
    }

    #[test]
    fn a_wait_that_does_not_pause_leaves_the_clock_running_while_it_lasts() {
        let rules = CaseRules {
            pause_while_waiting_on_reporter: false,
            ..CaseRules::default()
        };
        let case = state(&planned());
        let mut history = planned();
        history.extend(
            berdaya_domain::Aggregate::decide(&case, &await_reporter("2026-03-03"), &rules)
                .unwrap(),
        );
        let d = on(&history, "2026-03-04");
        assert!(!d.clock_paused);
        assert_eq!(d.overdue_from(), Some(date("2026-03-06")));
        // A pausing wait stands still only from the day it began.
        let waiting = run(planned(), vec![await_reporter("2026-03-04")]);
        assert!(!on(&waiting, "2026-03-03").clock_paused);
        assert!(on(&waiting, "2026-03-04").clock_paused);
    }

    #[test]
    fn a_resolution_within_thirty_days_is_met_and_nothing_is_overdue_after_it() {
        let d = on(&resolved(), "2026-06-01");
        assert_eq!(
            d.resolution,
            TargetState::Met {
                on: date("2026-03-20"),
                late: false
            }
        );
        assert_eq!(d.days_elapsed, 18);
        assert!(!d.overdue());
    }

    #[test]
    fn days_closed_do_not_count_and_a_reopened_case_can_run_late() {
        // Open 03-02 to 03-20 (18 days), closed, reopened 04-10: by 04-25, 18 + 15 = 33.
        let history = run(resolved(), vec![reopen("2026-04-10")]);
        let d = on(&history, "2026-04-25");
        assert_eq!(d.days_elapsed, 33);
        assert_eq!(d.resolution, TargetState::Overdue { days_over: 3 });
    }

    #[test]
    fn a_case_closed_unresolved_stops_its_clocks() {
        let d = on(&closed_unresolved(), "2026-05-01");
        assert_eq!(
            d.first_action,
            TargetState::Stopped {
                on: date("2026-03-10")
            }
        );
        assert_eq!(
            d.resolution,
            TargetState::Stopped {
                on: date("2026-03-10")
            }
        );
        assert_eq!(d.days_elapsed, 8);
        assert!(!d.overdue());
    }

    #[test]
    fn a_revised_urgency_applies_its_targets_counted_from_the_report() {
        let history = run(
            planned(),
            vec![CaseCommand::ChangeUrgency(ChangeUrgency {
                urgency: Urgency::Normal,
                reason: "layanan darurat sudah diberikan".to_owned(),
                changed_on: date("2026-03-03"),
            })],
        );
        let d = on(&history, "2026-03-12");
        assert_eq!(d.service_level.first_action_days, 14);
        assert_eq!(d.first_action, TargetState::Running { days_left: 4 });
    }

    #[test]
    fn a_date_before_later_events_sees_the_case_as_it_stood() {
        let d = on(&resolved(), "2026-03-03");
        assert_eq!(d.days_elapsed, 1);
        assert_eq!(d.first_action, TargetState::Running { days_left: 2 });
        assert_eq!(d.resolution, TargetState::Running { days_left: 29 });
    }

    #[test]
    fn a_case_is_filed_under_the_first_day_it_will_be_overdue() {
        // Counted 1 day on 03-03: the first action is overdue from 03-06 (4 > 3).
        assert_eq!(
            on(&planned(), "2026-03-03").overdue_from(),
            Some(date("2026-03-06"))
        );
        // Already overdue: from the day asked about.
        assert_eq!(
            on(&planned(), "2026-03-09").overdue_from(),
            Some(date("2026-03-09"))
        );
        // Acted on: the resolution falls due after 30 counted days (28 left on 03-04).
        assert_eq!(
            on(&in_action(), "2026-03-04").overdue_from(),
            Some(date("2026-04-02"))
        );
        // Resolved, or waiting with the clock paused: nothing falls due.
        assert_eq!(on(&resolved(), "2026-03-25").overdue_from(), None);
        let waiting = run(planned(), vec![await_reporter("2026-03-03")]);
        let d = on(&waiting, "2026-03-04");
        assert!(d.clock_paused);
        assert_eq!(d.overdue_from(), None);
    }

    #[test]
    fn an_unreported_case_has_no_deadlines() {
        assert_eq!(
            deadlines(&AdvocacyCase::default(), date("2026-03-03")),
            None
        );
    }
}
