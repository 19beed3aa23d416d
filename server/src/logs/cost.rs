//! What an invocation costs at list price: request price + billed seconds × memory GB × the
//! GB-second price of the function's architecture. Estimates before free tier and discounts.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Region whose prices apply when the table has none for a function's region.
pub const DEFAULT_PRICE_REGION: &str = "us-east-1";

/// An instruction-set architecture Lambda bills differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Architecture {
    /// Intel/AMD, Lambda's default.
    #[default]
    X86_64,
    /// Graviton.
    Arm64,
}

impl Architecture {
    /// The architecture a manifest names (`arm64`), defaulting to x86_64 like Lambda.
    pub fn from_manifest(name: Option<&str>) -> Architecture {
        match name.map(str::trim) {
            Some(name) if name.eq_ignore_ascii_case("arm64") => Architecture::Arm64,
            _ => Architecture::X86_64,
        }
    }
}

/// List prices of one region, in USD.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prices {
    /// Per million requests.
    pub request_per_million: f64,
    /// Per GB-second on x86_64.
    pub gb_second_x86_64: f64,
    /// Per GB-second on arm64.
    pub gb_second_arm64: f64,
}

impl Prices {
    /// us-east-1 list prices.
    pub const US_EAST_1: Prices =
        Prices { request_per_million: 0.20, gb_second_x86_64: 0.000_016_666_7, gb_second_arm64: 0.000_013_333_4 };

    /// The GB-second price of `architecture`, in USD.
    pub fn gb_second(&self, architecture: Architecture) -> f64 {
        match architecture {
            Architecture::X86_64 => self.gb_second_x86_64,
            Architecture::Arm64 => self.gb_second_arm64,
        }
    }

    /// The price of one request, in USD.
    pub fn per_request(&self) -> f64 {
        self.request_per_million / 1_000_000.0
    }

    /// Cost in USD of one invocation billed `billed_ms` at `memory_mb`. Billed Duration already
    /// includes INIT (since August 2025), so Init Duration is never added again.
    pub fn invocation_cost(&self, architecture: Architecture, billed_ms: u64, memory_mb: u64) -> f64 {
        self.per_request() + billed_gb_seconds(billed_ms, memory_mb) * self.gb_second(architecture)
    }
}

/// Billed GB-seconds of `billed_ms` at `memory_mb` (Lambda counts 1 GB as 1024 MB).
pub fn billed_gb_seconds(billed_ms: u64, memory_mb: u64) -> f64 {
    (billed_ms as f64 / 1000.0) * (memory_mb as f64 / 1024.0)
}

/// Prices per region; regions not in the table use [`DEFAULT_PRICE_REGION`]'s.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(transparent)]
pub struct PriceTable {
    regions: BTreeMap<String, Prices>,
}

impl PriceTable {
    /// A table with these regions' prices (overriding the built-in us-east-1 ones if given).
    pub fn new(regions: BTreeMap<String, Prices>) -> PriceTable {
        PriceTable { regions }
    }

    /// The prices that apply in `region`.
    pub fn for_region(&self, region: &str) -> Prices {
        self.regions
            .get(region)
            .or_else(|| self.regions.get(DEFAULT_PRICE_REGION))
            .copied()
            .unwrap_or(Prices::US_EAST_1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logs::report::parse_text_report;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-15
    }

    #[test]
    fn x86_64_warm_invocation_costs_what_the_hand_computation_says() {
        // 0.20/1e6 + (1.5 s × 0.5 GB = 0.75 GB-s) × 0.0000166667 = 0.0000002 + 0.000012500025
        let r = parse_text_report(
            "REPORT RequestId: a\tDuration: 1499.20 ms\tBilled Duration: 1500 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t",
        )
        .unwrap();
        let cost = Prices::US_EAST_1.invocation_cost(Architecture::X86_64, r.billed_duration_ms, r.memory_size_mb);
        assert!(close(cost, 0.000_012_700_025), "{cost}");
    }

    #[test]
    fn arm64_cold_invocation_is_billed_on_billed_duration_without_adding_init_again() {
        // Billed 300 ms includes the 250.4 ms INIT: 0.3 s × 2 GB = 0.6 GB-s × 0.0000133334
        // = 0.00000800004, + 0.0000002 = 0.00000820004. Adding Init Duration again would give
        // (0.551 s × 2 GB) × … = 0.0000146934…, which this must not be.
        let r = parse_text_report(
            "REPORT RequestId: b\tDuration: 49.10 ms\tBilled Duration: 300 ms\tMemory Size: 2048 MB\tMax Memory Used: 120 MB\tInit Duration: 250.40 ms\t",
        )
        .unwrap();
        assert!(r.cold_start());
        let cost = Prices::US_EAST_1.invocation_cost(Architecture::Arm64, r.billed_duration_ms, r.memory_size_mb);
        assert!(close(cost, 0.000_008_200_04), "{cost}");
    }

    #[test]
    fn arm64_warm_and_x86_64_cold_invocations_match_hand_computed_values() {
        // arm64 warm: 100 ms at 128 MB = 0.0125 GB-s × 0.0000133334 = 0.000000166667 + 0.0000002
        assert!(close(Prices::US_EAST_1.invocation_cost(Architecture::Arm64, 100, 128), 0.000_000_366_667_5));
        // x86_64 cold, billed 1000 ms (INIT included) at 1024 MB = 1 GB-s: 0.0000166667 + 0.0000002
        assert!(close(Prices::US_EAST_1.invocation_cost(Architecture::X86_64, 1000, 1024), 0.000_016_866_7));
    }

    #[test]
    fn a_region_in_the_table_overrides_and_others_fall_back_to_us_east_1() {
        let frankfurt = Prices { request_per_million: 0.24, gb_second_x86_64: 0.00002, gb_second_arm64: 0.000016 };
        let table = PriceTable::new(BTreeMap::from([("eu-central-1".to_string(), frankfurt)]));
        assert_eq!(table.for_region("eu-central-1"), frankfurt);
        assert_eq!(table.for_region("ap-south-1"), Prices::US_EAST_1);
        assert_eq!(Architecture::from_manifest(Some("arm64")), Architecture::Arm64);
        assert_eq!(Architecture::from_manifest(None), Architecture::X86_64);
    }
}
