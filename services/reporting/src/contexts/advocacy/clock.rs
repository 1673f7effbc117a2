//! When an advocacy case falls overdue, as its events tell it, so that the stock of
//! overdue cases is a pure function of the log: the case is counted (+1) in the month
//! of the first day it is overdue if nothing more happens to it, and taken out (-1) in
//! the month something ends that (the first action, resolution, closing, a wait that
//! pauses the clock), or moved when its due day moves (a new urgency, a reopening).
//!
//! The clock is the advocacy service's: calendar days open since the report, less days
//! spent closed before a reopening and days paused waiting on the reporter; a target of
//! `n` days is overdue from the first day more than `n` days are counted.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A case's clock, as far as the events have told it.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Clock {
    /// Reported on.
    pub reported_on: Option<NaiveDate>,
    /// The first-action target, in counted days.
    pub first_action_days: u32,
    /// The resolution target, in counted days.
    pub resolution_days: u32,
    /// True once an action was taken.
    pub acted: bool,
    /// True while the case is open.
    pub open: bool,
    /// While closed: since when.
    pub closed_on: Option<NaiveDate>,
    /// Days spent closed before reopenings.
    pub closed_days: u64,
    /// While waiting on the reporter with the clock paused: since when.
    pub paused_since: Option<NaiveDate>,
    /// Days paused in waits that ended.
    pub paused_days: u64,
    /// The day the case is counted overdue from, as last filed.
    pub overdue_from: Option<NaiveDate>,
}

/// A change to the overdue stock: `delta` in the month of `on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Refile {
    /// The day whose month takes the change.
    pub on: NaiveDate,
    /// +1 or -1.
    pub delta: i64,
}

fn days_between(from: NaiveDate, to: NaiveDate) -> u64 {
    u64::try_from((to - from).num_days()).unwrap_or(0)
}

impl Clock {
    /// The first day the case is overdue if nothing more happens to it.
    pub(super) fn due(&self) -> Option<NaiveDate> {
        let reported = self.reported_on?;
        if !self.open || self.paused_since.is_some() {
            return None;
        }
        let shift = self.closed_days + self.paused_days + 1;
        let target = |days: u32| reported.checked_add_days(Days::new(u64::from(days) + shift));
        let resolution = target(self.resolution_days);
        let first_action = if self.acted {
            None
        } else {
            target(self.first_action_days)
        };
        first_action.into_iter().chain(resolution).min()
    }

    /// Files the case again after an event of day `on`: the changes to the stock.
    pub(super) fn refile(&mut self, on: NaiveDate) -> Vec<Refile> {
        let new = self.due();
        let Some(old) = self.overdue_from else {
            self.overdue_from = new;
            return new
                .map(|n| Refile { on: n, delta: 1 })
                .into_iter()
                .collect();
        };
        if Some(old) == new {
            return Vec::new();
        }
        let mut changes = Vec::new();
        if old <= on {
            // Overdue already: it stays counted from then unless the event ends that.
            if new.is_some_and(|n| n <= on) {
                return Vec::new();
            }
            changes.push(Refile { on, delta: -1 });
        } else {
            changes.push(Refile { on: old, delta: -1 });
        }
        changes.extend(new.map(|n| Refile { on: n, delta: 1 }));
        self.overdue_from = new;
        changes
    }

    /// The case closed (resolved or closed unresolved) on `on`.
    pub(super) fn close(&mut self, on: NaiveDate) {
        self.end_wait(on);
        self.open = false;
        self.closed_on = Some(on);
    }

    /// The case was reopened on `on`.
    pub(super) fn reopen(&mut self, on: NaiveDate) {
        if let Some(closed) = self.closed_on.take() {
            self.closed_days += days_between(closed, on);
        }
        self.open = true;
    }

    /// A wait on the reporter ended on `on`.
    pub(super) fn end_wait(&mut self, on: NaiveDate) {
        if let Some(since) = self.paused_since.take() {
            self.paused_days += days_between(since, on);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn urgent() -> Clock {
        Clock {
            reported_on: Some(day("2026-03-02")),
            first_action_days: 3,
            resolution_days: 30,
            open: true,
            ..Clock::default()
        }
    }

    #[test]
    fn an_urgent_case_is_overdue_from_its_fourth_day_without_action() {
        let mut clock = urgent();
        assert_eq!(
            clock.refile(day("2026-03-02")),
            [Refile {
                on: day("2026-03-06"),
                delta: 1
            }]
        );
    }

    #[test]
    fn a_first_action_in_time_moves_the_due_day_to_the_resolution_target() {
        let mut clock = urgent();
        clock.refile(day("2026-03-02"));
        clock.acted = true;
        assert_eq!(
            clock.refile(day("2026-03-04")),
            [
                Refile {
                    on: day("2026-03-06"),
                    delta: -1
                },
                Refile {
                    on: day("2026-04-02"),
                    delta: 1
                }
            ]
        );
    }

    #[test]
    fn a_late_resolution_takes_the_case_out_when_it_is_resolved() {
        let mut clock = urgent();
        clock.refile(day("2026-03-02"));
        clock.close(day("2026-03-20"));
        assert_eq!(
            clock.refile(day("2026-03-20")),
            [Refile {
                on: day("2026-03-20"),
                delta: -1
            }]
        );
    }

    #[test]
    fn a_paused_wait_and_days_closed_shift_the_due_day() {
        let mut clock = urgent();
        clock.acted = true;
        clock.refile(day("2026-03-02"));
        clock.paused_since = Some(day("2026-03-10"));
        assert_eq!(clock.due(), None, "the clock stands still");
        clock.end_wait(day("2026-03-15"));
        assert_eq!(clock.due(), Some(day("2026-04-07")));
        clock.close(day("2026-03-20"));
        clock.reopen(day("2026-03-30"));
        assert_eq!(clock.due(), Some(day("2026-04-17")));
    }
}
