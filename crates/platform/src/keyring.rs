//! The data keys one aggregate's personal data is sealed with, fetched from the store in
//! bulk and unwrapped with the vault's master key.

use std::collections::HashMap;

use berdaya_eventstore::pii::{DataKey, Vault};
use berdaya_eventstore::{EventStore, StoreError, SubjectKeyState, WrappedSubjectKey};
use uuid::Uuid;

/// What is known of one subject's key.
#[derive(Debug, Clone)]
pub enum KeyEntry {
    /// The key, unwrapped.
    Present(DataKey),
    /// The key was destroyed: the subject's data reads as erased.
    Erased,
}

/// Keys by subject, plus the keys created for subjects first seen by a command.
#[derive(Debug, Clone, Default)]
pub struct KeyRing {
    keys: HashMap<Uuid, KeyEntry>,
    created: Vec<WrappedSubjectKey>,
}

impl KeyRing {
    /// Fetches the keys of `subjects` not yet in the ring. Subjects the store has never
    /// seen stay absent (see [`KeyRing::key_or_create`]).
    ///
    /// # Errors
    /// A store error, or [`StoreError::Internal`] when a stored key does not unwrap with the
    /// configured master key (a wrong `BERDAYA_MASTER_KEY`).
    pub async fn load(
        &mut self,
        store: &dyn EventStore,
        vault: &Vault,
        subjects: &[Uuid],
    ) -> Result<(), StoreError> {
        let missing: Vec<Uuid> = subjects
            .iter()
            .copied()
            .filter(|s| !self.keys.contains_key(s))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        for (subject, state) in store.subject_keys(&missing).await? {
            match state {
                SubjectKeyState::Present(wrapped) => {
                    let key = vault.unwrap_key(&wrapped).map_err(|e| {
                        StoreError::Internal(format!(
                            "subject key {subject} does not unwrap with the master key: {e}"
                        ))
                    })?;
                    self.keys.insert(subject, KeyEntry::Present(key));
                }
                SubjectKeyState::Erased => {
                    self.keys.insert(subject, KeyEntry::Erased);
                }
                SubjectKeyState::Unknown => {}
            }
        }
        Ok(())
    }

    /// The subject's key, if known.
    pub fn get(&self, subject: Uuid) -> Option<&KeyEntry> {
        self.keys.get(&subject)
    }

    /// The subject's key; a subject never seen before gets a new key, which the next
    /// append stores (see [`KeyRing::take_created`]). `None` when the key was erased.
    pub fn key_or_create(&mut self, vault: &Vault, subject: Uuid) -> Option<DataKey> {
        match self.keys.get(&subject) {
            Some(KeyEntry::Present(key)) => Some(key.clone()),
            Some(KeyEntry::Erased) => None,
            None => {
                let (key, wrapped) = vault.new_subject_key();
                self.created.push(WrappedSubjectKey {
                    subject_id: subject,
                    wrapped,
                });
                self.keys.insert(subject, KeyEntry::Present(key.clone()));
                Some(key)
            }
        }
    }

    /// Marks subjects as erased (after an erasure committed).
    pub fn mark_erased(&mut self, subjects: &[Uuid]) {
        for subject in subjects {
            self.keys.insert(*subject, KeyEntry::Erased);
        }
    }

    /// The keys created since the last call, to store with the next append.
    pub fn take_created(&mut self) -> Vec<WrappedSubjectKey> {
        std::mem::take(&mut self.created)
    }

    /// Forgets keys created by a command that did not commit.
    pub fn forget_created(&mut self) {
        for created in std::mem::take(&mut self.created) {
            self.keys.remove(&created.subject_id);
        }
    }
}
