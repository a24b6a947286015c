//! A small deterministic random generator.
//!
//! The demo dataset must be the same for the same seed on every machine and
//! every version of our dependencies, so we own the generator (SplitMix64)
//! instead of relying on a crate whose streams may change between releases.
//! Tokens and codes use the same generator seeded from the OS clock and a
//! counter: they only need to be unguessable by a test, not by an attacker,
//! because the simulator listens on loopback and holds no real data.

/// SplitMix64: tiny, fast, and good enough for test data.
#[derive(Clone, Debug)]
pub(crate) struct Prng(u64);

impl Prng {
    pub(crate) fn new(seed: u64) -> Prng {
        Prng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A float in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A random version-4 GUID in Exact's lower-case, hyphenated form.
    pub(crate) fn guid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }

    /// An opaque token of `bytes` random bytes, URL-safe.
    pub(crate) fn token(&mut self, bytes: usize) -> String {
        use base64::Engine as _;
        let raw: Vec<u8> = (0..bytes).map(|_| self.next_u64() as u8).collect();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Prng::new(7);
        let mut b = Prng::new(7);
        assert_eq!(a.guid(), b.guid());
        assert_eq!(a.guid().len(), 36);
    }
}
