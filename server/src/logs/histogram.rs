//! A mergeable duration histogram with fixed log-linear buckets, so percentiles of any range of
//! roll-ups come from adding bucket counts, never from raw logs.
//!
//! Durations are in microseconds. Below 16 µs each value has its own bucket; above, every power
//! of two is split into 8 equal buckets, so a bucket is at most 12.5% wide. 256 buckets reach past
//! 2^35 µs (9.5 hours), far beyond Lambda's 15-minute limit.

/// How many buckets there are.
pub const BUCKETS: usize = 256;

/// Counts of durations per bucket.
#[derive(Clone, PartialEq, Eq)]
pub struct DurationHistogram {
    counts: Box<[u64; BUCKETS]>,
}

impl Default for DurationHistogram {
    fn default() -> Self {
        DurationHistogram { counts: Box::new([0; BUCKETS]) }
    }
}

impl std::fmt::Debug for DurationHistogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.nonzero()).finish()
    }
}

/// The bucket a duration of `micros` falls in.
pub fn bucket_of(micros: u64) -> usize {
    if micros < 16 {
        return micros as usize;
    }
    let exponent = 63 - micros.leading_zeros() as usize; // >= 4
    let sub = ((micros >> (exponent - 3)) & 7) as usize;
    (16 + (exponent - 4) * 8 + sub).min(BUCKETS - 1)
}

/// The smallest duration, in µs, that falls in `bucket`.
pub fn bucket_lower_bound(bucket: usize) -> u64 {
    if bucket < 16 {
        return bucket as u64;
    }
    let exponent = (bucket - 16) / 8 + 4;
    let sub = ((bucket - 16) % 8) as u64;
    (8 + sub) << (exponent - 3)
}

impl DurationHistogram {
    /// Counts one duration.
    pub fn add(&mut self, micros: u64) {
        self.counts[bucket_of(micros)] += 1;
    }

    /// Adds `count` durations to `bucket` (as read back from storage); out-of-range buckets are
    /// ignored.
    pub fn add_bucket(&mut self, bucket: usize, count: u64) {
        if let Some(slot) = self.counts.get_mut(bucket) {
            *slot += count;
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &DurationHistogram) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts.iter()) {
            *mine += theirs;
        }
    }

    /// `(bucket, count)` for every bucket that holds something.
    pub fn nonzero(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        self.counts.iter().enumerate().filter(|(_, count)| **count > 0).map(|(bucket, count)| (bucket, *count))
    }

    /// How many durations were counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The `quantile` (0 to 1) duration in ms: the middle of the bucket holding that rank, within
    /// 6.25% of the true value. `None` when empty.
    pub fn percentile_ms(&self, quantile: f64) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let rank = ((quantile.clamp(0.0, 1.0) * total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (bucket, count) in self.nonzero() {
            seen += count;
            if seen >= rank {
                let lower = bucket_lower_bound(bucket) as f64;
                let upper = if bucket < 16 { lower + 1.0 } else { bucket_lower_bound(bucket + 1) as f64 };
                let middle = if bucket < 16 { lower } else { (lower + upper) / 2.0 };
                return Some(middle / 1000.0);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous_and_at_most_an_eighth_wide() {
        for bucket in 16..BUCKETS - 1 {
            let (lower, next) = (bucket_lower_bound(bucket), bucket_lower_bound(bucket + 1));
            assert_eq!(bucket_of(lower), bucket);
            assert_eq!(bucket_of(next - 1), bucket);
            assert!((next - lower) * 8 <= lower, "bucket {bucket}: {lower}..{next}");
        }
        assert_eq!(bucket_of(900_000_000), bucket_of(900_000_001));
        assert!(bucket_of(900_000_000) < BUCKETS - 1, "15 minutes fits");
    }

    #[test]
    fn percentiles_of_merged_histograms_are_within_the_bucket_width() {
        let (mut a, mut b) = (DurationHistogram::default(), DurationHistogram::default());
        for ms in 1..=500u64 {
            a.add(ms * 1000);
        }
        for ms in 501..=1000u64 {
            b.add(ms * 1000);
        }
        a.merge(&b);
        for (q, exact) in [(0.5, 500.0), (0.95, 950.0), (0.99, 990.0)] {
            let got = a.percentile_ms(q).unwrap();
            assert!((got - exact).abs() / exact < 0.0625, "p{q}: {got} vs {exact}");
        }
        assert_eq!(DurationHistogram::default().percentile_ms(0.5), None);
    }
}
