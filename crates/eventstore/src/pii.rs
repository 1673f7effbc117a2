//! The personal-data vault: per-subject keys for crypto-shredding, and blind indexes.
//!
//! Personal data (names, NIK, phone numbers, addresses, dates of birth) is sealed with a
//! random 32-byte key per data subject ([`DataKey`]) before it enters an event payload.
//! The data key is stored only wrapped (encrypted) under the deployment's master key, in
//! the store's `subject_keys` table; erasing a subject destroys the wrapped key, and every
//! sealed value of that subject becomes unreadable while the log and its hashes stay
//! untouched.
//!
//! Both layers use XChaCha20-Poly1305 with a random 24-byte nonce, laid out as
//! `nonce || ciphertext+tag`. A sealed value is bound to its subject (the subject id is
//! the associated data), so a value copied into another subject's record does not open.
//!
//! Duplicate detection on identifiers such as the NIK uses a [blind index](Vault::blind_index):
//! a keyed HMAC-SHA256, never the plaintext.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use uuid::Uuid;

/// Length of the XChaCha20-Poly1305 nonce that prefixes every sealed or wrapped value.
pub const NONCE_LEN: usize = 24;
/// Length of the Poly1305 tag that ends every sealed or wrapped value.
pub const TAG_LEN: usize = 16;
/// Associated data of wrapped keys: separates them from sealed values.
const WRAP_AAD: &[u8] = b"berdaya-subject-key-v1";

/// Why personal data could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PiiError {
    /// The input is too short to hold a nonce and a tag, or a key has the wrong length.
    #[error("malformed sealed value")]
    Malformed,
    /// Authentication failed: the wrong key or subject, or the bytes were altered.
    #[error("sealed value does not open with this key and subject")]
    Decrypt,
}

/// A data subject's key. Never printed; held only in memory.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(Key::from_slice(&self.0))
    }

    /// Encrypts `plaintext` for `subject_id`: `nonce || ciphertext+tag`, with the subject
    /// id as associated data.
    pub fn seal(&self, subject_id: Uuid, plaintext: &[u8]) -> Vec<u8> {
        seal_with(&self.cipher(), subject_id.as_bytes(), plaintext)
    }

    /// Decrypts a value sealed by [`DataKey::seal`] for the same subject.
    ///
    /// # Errors
    /// [`PiiError::Malformed`] when too short, [`PiiError::Decrypt`] when the key or
    /// subject is wrong or the bytes were altered.
    pub fn open(&self, subject_id: Uuid, sealed: &[u8]) -> Result<Vec<u8>, PiiError> {
        open_with(&self.cipher(), subject_id.as_bytes(), sealed)
    }
}

fn seal_with(cipher: &XChaCha20Poly1305, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let mut out = Vec::with_capacity(NONCE_LEN + plaintext.len() + TAG_LEN);
    out.extend_from_slice(&nonce);
    match cipher.encrypt(
        &nonce,
        Payload {
            msg: plaintext,
            aad,
        },
    ) {
        Ok(ciphertext) => out.extend_from_slice(&ciphertext),
        // XChaCha20-Poly1305 only refuses messages over 256 GiB, which cannot be in memory.
        Err(_) => unreachable!("XChaCha20-Poly1305 refused a message under its size limit"),
    }
    out
}

fn open_with(cipher: &XChaCha20Poly1305, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, PiiError> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(PiiError::Malformed);
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .map_err(|_| PiiError::Decrypt)
}

/// Holds the master key (wraps data keys) and the blind-index key. Never printed.
#[derive(Clone)]
pub struct Vault {
    master: XChaCha20Poly1305,
    blind: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

impl Vault {
    /// A vault from the 32-byte master key and the 32-byte blind-index key. Use two
    /// independent random keys.
    pub fn new(master: [u8; 32], blind: [u8; 32]) -> Self {
        Self {
            master: XChaCha20Poly1305::new(Key::from_slice(&master)),
            blind,
        }
    }

    /// A fresh random data key for a new subject, and the same key wrapped under the
    /// master key (`nonce || ciphertext+tag`, 72 bytes) for the `subject_keys` table.
    pub fn new_subject_key(&self) -> (DataKey, Vec<u8>) {
        let mut key = [0_u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        let wrapped = seal_with(&self.master, WRAP_AAD, &key);
        (DataKey(key), wrapped)
    }

    /// Unwraps a key made by [`Vault::new_subject_key`].
    ///
    /// # Errors
    /// [`PiiError::Malformed`] or [`PiiError::Decrypt`] (wrong master key, altered bytes).
    pub fn unwrap_key(&self, wrapped: &[u8]) -> Result<DataKey, PiiError> {
        let bytes = open_with(&self.master, WRAP_AAD, wrapped)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| PiiError::Malformed)?;
        Ok(DataKey(key))
    }

    /// The blind index of `value` within `scope` (e.g. `nik`): lowercase hex of
    /// HMAC-SHA256(blind key, `scope || 0x00 || value`). Stable for a given key, and
    /// different across scopes for the same value.
    pub fn blind_index(&self, scope: &str, value: &str) -> String {
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(&self.blind) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        mac.update(scope.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault() -> Vault {
        Vault::new([1; 32], [2; 32])
    }

    #[test]
    fn seal_open_round_trip_through_wrapped_key() {
        let vault = vault();
        let subject = Uuid::now_v7();
        let (key, wrapped) = vault.new_subject_key();
        assert_eq!(wrapped.len(), NONCE_LEN + 32 + TAG_LEN);
        let sealed = key.seal(subject, b"Siti Aminah");
        assert_ne!(&sealed[NONCE_LEN..], b"Siti Aminah");
        let unwrapped = vault.unwrap_key(&wrapped).unwrap();
        assert_eq!(unwrapped.open(subject, &sealed).unwrap(), b"Siti Aminah");
        // Fresh nonces: sealing twice never gives the same bytes.
        assert_ne!(key.seal(subject, b"Siti Aminah"), sealed);
    }

    #[test]
    fn wrong_subject_fails() {
        let (key, _) = vault().new_subject_key();
        let sealed = key.seal(Uuid::now_v7(), b"3374015807900001");
        assert_eq!(key.open(Uuid::now_v7(), &sealed), Err(PiiError::Decrypt));
    }

    #[test]
    fn tampered_ciphertext_fails() {
        let subject = Uuid::now_v7();
        let (key, _) = vault().new_subject_key();
        let mut sealed = key.seal(subject, b"Jl. Pemuda 12");
        let last = sealed.len() - 1;
        sealed[last] ^= 0x80;
        assert_eq!(key.open(subject, &sealed), Err(PiiError::Decrypt));
        sealed[last] ^= 0x80;
        sealed[NONCE_LEN] ^= 0x01;
        assert_eq!(key.open(subject, &sealed), Err(PiiError::Decrypt));
        assert_eq!(key.open(subject, &sealed[..10]), Err(PiiError::Malformed));
    }

    #[test]
    fn wrong_master_key_or_other_key_fails() {
        let (key, wrapped) = vault().new_subject_key();
        let other = Vault::new([3; 32], [2; 32]);
        assert_eq!(other.unwrap_key(&wrapped).err(), Some(PiiError::Decrypt));
        let subject = Uuid::now_v7();
        let (other_key, _) = vault().new_subject_key();
        let sealed = key.seal(subject, b"x");
        assert_eq!(other_key.open(subject, &sealed), Err(PiiError::Decrypt));
    }

    #[test]
    fn blind_index_is_stable_keyed_and_scope_separated() {
        let vault = vault();
        let a = vault.blind_index("nik", "3374015807900001");
        assert_eq!(a, vault.blind_index("nik", "3374015807900001"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, vault.blind_index("phone", "3374015807900001"));
        assert_ne!(a, vault.blind_index("nik", "3374015807900002"));
        // The separator keeps (scope, value) pairs apart.
        assert_ne!(vault.blind_index("ni", "k1"), vault.blind_index("nik", "1"));
        assert_ne!(
            a,
            Vault::new([1; 32], [9; 32]).blind_index("nik", "3374015807900001")
        );
    }

    #[test]
    fn debug_does_not_print_keys() {
        let vault = vault();
        let (key, _) = vault.new_subject_key();
        assert_eq!(format!("{vault:?}"), "Vault(..)");
        assert_eq!(format!("{key:?}"), "DataKey(..)");
    }
}
