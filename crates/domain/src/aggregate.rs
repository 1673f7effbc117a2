//! The contract every event-sourced aggregate follows, and the given/when/then harness
//! its rules are tested with.

use crate::DomainError;

/// An event-sourced aggregate: a pure decision function over its own history.
///
/// `decide` looks at the current state and a command and either refuses (a
/// [`DomainError`]) or returns the events that record what happened. `apply` folds one
/// event into the state. Neither does I/O, so every rule is testable without a database.
pub trait Aggregate: Default + Clone + Send + Sync + 'static {
    /// The aggregate's type, its stream category: its streams are `<CATEGORY>-<id>` and
    /// every event it records carries the category, so consumers route by category and
    /// event type. Declared once per aggregate (other contexts name the same value
    /// through `berdaya_proto::category`).
    const CATEGORY: &'static str;
    /// What a user asks for.
    type Command;
    /// What happened: past-tense facts.
    type Event: Clone + std::fmt::Debug + PartialEq + Send + Sync;
    /// The deployment's configured rules the decisions read (programme bands, thresholds,
    /// incentive rates): settings, not facts, so they reach `decide` beside the command
    /// instead of inside it. `()` for an aggregate with no configurable rule; the default
    /// is what the built-in settings say.
    type Rules: Default + Send + Sync + 'static;

    /// Decides what happens when `command` meets the current state under `rules`.
    ///
    /// # Errors
    /// A [`DomainError`] when the command breaks a rule; nothing is recorded then.
    fn decide(
        &self,
        command: &Self::Command,
        rules: &Self::Rules,
    ) -> Result<Vec<Self::Event>, DomainError>;

    /// Folds one event into the state. Must never fail: events are facts.
    fn apply(&mut self, event: &Self::Event);

    /// Rebuilds a state from a sequence of events.
    fn from_events<'a>(events: impl IntoIterator<Item = &'a Self::Event>) -> Self {
        let mut state = Self::default();
        for event in events {
            state.apply(event);
        }
        state
    }
}

/// Given/when/then for aggregate rules, with no I/O:
///
/// ```ignore
/// Given::<Household>::new(vec![registered()])
///     .when(&add_member())
///     .then(vec![member_added()]);
/// ```
#[derive(Debug)]
pub struct Given<A: Aggregate> {
    state: A,
    rules: A::Rules,
}

impl<A: Aggregate> Given<A> {
    /// The state after these events, under the default rules.
    pub fn new(history: Vec<A::Event>) -> Self {
        Self {
            state: A::from_events(history.iter()),
            rules: A::Rules::default(),
        }
    }

    /// The same history under other rules (e.g. a province's own thresholds).
    #[must_use]
    pub fn with_rules(mut self, rules: A::Rules) -> Self {
        self.rules = rules;
        self
    }

    /// A fresh aggregate with no history.
    pub fn nothing() -> Self {
        Self::new(Vec::new())
    }

    /// The command under test.
    pub fn when(self, command: &A::Command) -> Outcome<A> {
        let result = self.state.decide(command, &self.rules);
        Outcome {
            state: self.state,
            result,
        }
    }
}

/// What a command produced, to assert on.
#[derive(Debug)]
pub struct Outcome<A: Aggregate> {
    state: A,
    result: Result<Vec<A::Event>, DomainError>,
}

impl<A: Aggregate + std::fmt::Debug> Outcome<A> {
    /// Asserts the exact events, and returns the state after them.
    #[track_caller]
    pub fn then(self, expected: Vec<A::Event>) -> A {
        match self.result {
            Ok(events) => {
                assert_eq!(events, expected, "unexpected events");
                let mut state = self.state;
                for event in &events {
                    state.apply(event);
                }
                state
            }
            Err(error) => panic!("expected events {expected:?}, got error {error:?}"),
        }
    }

    /// Returns the events for assertions that need more than equality.
    #[track_caller]
    pub fn events(self) -> Vec<A::Event> {
        match self.result {
            Ok(events) => events,
            Err(error) => panic!("expected events, got error {error:?}"),
        }
    }

    /// Asserts a refusal and returns it.
    #[track_caller]
    pub fn then_error(self) -> DomainError {
        match self.result {
            Ok(events) => panic!("expected an error, got events {events:?}"),
            Err(error) => error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tally that refuses to go above its rule's limit: the smallest aggregate that
    /// shows the harness passing states, events and refusals through.
    #[derive(Debug, Default, Clone, PartialEq)]
    struct Tally(u32);

    /// The most a tally may reach: 10 unless configured.
    struct Limit(u32);

    impl Default for Limit {
        fn default() -> Self {
            Self(10)
        }
    }

    impl Aggregate for Tally {
        type Command = u32;
        type Event = u32;
        type Rules = Limit;
        const CATEGORY: &'static str = "tally";

        fn decide(&self, add: &u32, limit: &Limit) -> Result<Vec<u32>, DomainError> {
            if self.0 + add > limit.0 {
                return Err(DomainError::rule("add", "over the limit"));
            }
            Ok(vec![*add])
        }

        fn apply(&mut self, event: &u32) {
            self.0 += event;
        }
    }

    #[test]
    fn the_state_is_folded_from_the_history_and_the_events_applied() {
        assert_eq!(Tally::from_events(&[2, 3]), Tally(5));
        let state = Given::<Tally>::new(vec![2, 3]).when(&4).then(vec![4]);
        assert_eq!(state, Tally(9));
        assert_eq!(Given::<Tally>::nothing().when(&1).events(), vec![1]);
    }

    #[test]
    fn a_refusal_comes_back_and_the_rules_given_apply() {
        let error = Given::<Tally>::new(vec![9]).when(&2).then_error();
        assert!(matches!(error, DomainError::Rule { .. }));
        assert_eq!(
            Given::<Tally>::new(vec![9])
                .with_rules(Limit(20))
                .when(&2)
                .events(),
            vec![2]
        );
    }
}
