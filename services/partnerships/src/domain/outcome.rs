//! What came of a completed referral: the figures strategy 4 reports (credit obtained,
//! contracts won, places taken).

use berdaya_domain::Rupiah;

use super::ReferralPurpose;

/// The outcome a partner records when it completes a referral; each purpose has its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferralOutcome {
    /// Credit: the loan granted.
    LoanGranted {
        /// Amount granted, more than zero.
        amount: Rupiah,
        /// The scheme, e.g. `KUR Mikro`, `Mekaar`, `pembiayaan BMT`.
        scheme: String,
    },
    /// Marketing: a buyer or channel contract.
    ContractSigned {
        /// Contract value, more than zero.
        value: Rupiah,
        /// The buyer or channel.
        buyer: String,
    },
    /// Training or employment: the place taken.
    PlaceTaken {
        /// The course or job.
        place: String,
    },
    /// Transport or a basic service: what was provided.
    ServiceProvided {
        /// What.
        description: String,
    },
}

impl ReferralOutcome {
    /// The outcome a referral for `purpose` completes with.
    pub fn fits(&self, purpose: ReferralPurpose) -> bool {
        use ReferralPurpose as P;
        matches!(
            (self, purpose),
            (ReferralOutcome::LoanGranted { .. }, P::Credit)
                | (ReferralOutcome::ContractSigned { .. }, P::Marketing)
                | (
                    ReferralOutcome::PlaceTaken { .. },
                    P::Training | P::Employment
                )
                | (
                    ReferralOutcome::ServiceProvided { .. },
                    P::Transport | P::BasicService
                )
        )
    }

    /// The money the outcome brought (loan amount or contract value), if any.
    pub fn money(&self) -> Option<Rupiah> {
        match self {
            ReferralOutcome::LoanGranted { amount, .. } => Some(*amount),
            ReferralOutcome::ContractSigned { value, .. } => Some(*value),
            ReferralOutcome::PlaceTaken { .. } | ReferralOutcome::ServiceProvided { .. } => None,
        }
    }

    /// The name of the outcome a `purpose` needs, for messages.
    pub fn expected_for(purpose: ReferralPurpose) -> &'static str {
        use ReferralPurpose as P;
        match purpose {
            P::Credit => "loan_granted",
            P::Marketing => "contract_signed",
            P::Training | P::Employment => "place_taken",
            P::Transport | P::BasicService => "service_provided",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_purpose_names_the_outcome_it_needs() {
        use ReferralPurpose as P;
        let names = [
            P::Credit,
            P::Marketing,
            P::Transport,
            P::Training,
            P::Employment,
            P::BasicService,
        ]
        .map(ReferralOutcome::expected_for);
        assert_eq!(
            names,
            [
                "loan_granted",
                "contract_signed",
                "service_provided",
                "place_taken",
                "place_taken",
                "service_provided"
            ]
        );
    }
}
