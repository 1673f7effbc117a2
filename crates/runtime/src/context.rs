//! The bounded contexts of Berdaya, typed: one service crate each.

use std::fmt;
use std::str::FromStr;

/// A bounded context: one service crate, one `berdaya serve --service` role, one event
/// log (except reporting, which only reads the others), one NATS subject segment
/// (`berdaya.<context>.<EventType>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    /// Strategies 1 and 3: the households registry, participation, savings.
    Households,
    /// Strategy 2: KUBE groups, grants, individual entrepreneurship support.
    Enterprise,
    /// Strategy 4: partners, cooperation agreements, networks and referrals.
    Partnerships,
    /// Strategy 5: advocacy cases defending poor households' basic rights.
    Advocacy,
    /// Strategies 6 and 7: the people who run the programme, their training and
    /// certification, caseloads; spiritual values and local-wisdom activities.
    Capacity,
    /// The projection: indicators of every strategy by region and month.
    Reporting,
}

impl Context {
    /// Every context, in start order: a context starts after those whose events it
    /// follows (reporting, which follows them all, last).
    pub const ALL: [Context; 6] = [
        Context::Households,
        Context::Enterprise,
        Context::Partnerships,
        Context::Advocacy,
        Context::Capacity,
        Context::Reporting,
    ];

    /// The context's name: the `--service` value, the NATS subject segment, the
    /// embedded store file's stem (`households.db`).
    pub fn as_str(self) -> &'static str {
        match self {
            Context::Households => "households",
            Context::Enterprise => "enterprise",
            Context::Partnerships => "partnerships",
            Context::Advocacy => "advocacy",
            Context::Capacity => "capacity",
            Context::Reporting => "reporting",
        }
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownContext(pub String);

impl fmt::Display for UnknownContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Context::ALL.iter().map(|c| c.as_str()).collect();
        write!(
            f,
            "{:?} is not a service: one of {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownContext {}

impl FromStr for Context {
    type Err = UnknownContext;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Context::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
            .ok_or_else(|| UnknownContext(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_context_parses_from_its_name_and_nothing_else_does() {
        for context in Context::ALL {
            assert_eq!(context.as_str().parse::<Context>(), Ok(context));
        }
        let error = "household".parse::<Context>().unwrap_err();
        assert!(
            error.to_string().contains("households, enterprise"),
            "{error}"
        );
    }
}
