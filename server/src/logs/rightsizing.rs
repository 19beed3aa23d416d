//! Right-sizing advice from roll-ups: functions whose peak memory stays well under their memory
//! size, the saving at a smaller size, and the saving of moving x86_64 functions to arm64.
//! Estimates assume the same billed durations; less memory also means less CPU, so measure.

use app::logs::model::RightSizing;

use super::cost::{Architecture, PriceTable};
use crate::db::rollups::FunctionCost;

/// Advice only when peak use is at most this share of the memory size.
const WELL_UNDER: f64 = 0.5;
/// Headroom kept over the peak in the suggested size.
const HEADROOM: f64 = 1.5;
/// Lambda's smallest memory size, MB.
const MIN_MEMORY_MB: u64 = 128;
/// Suggested sizes are multiples of this, MB.
const STEP_MB: u64 = 64;
/// Length of the month savings are given for, ms.
const MONTH_MS: f64 = 30.0 * 86_400_000.0;

/// A smaller memory size that keeps [`HEADROOM`] over `max_used_mb`, if the peak is well under
/// `memory_mb`.
pub fn suggested_memory_mb(memory_mb: u64, max_used_mb: u64) -> Option<u64> {
    if memory_mb == 0 || max_used_mb as f64 > memory_mb as f64 * WELL_UNDER {
        return None;
    }
    let wanted = (max_used_mb as f64 * HEADROOM).ceil() as u64;
    let size = wanted.div_ceil(STEP_MB).max(1) * STEP_MB;
    Some(size.max(MIN_MEMORY_MB)).filter(|size| *size < memory_mb)
}

/// Advice for every function in `usage` (its sums over `period_ms`) that could save, largest
/// saving first, at most `limit`.
pub fn advise(
    usage: &[FunctionCost],
    period_ms: i64,
    prices: &PriceTable,
    default_region: &str,
    limit: usize,
) -> Vec<RightSizing> {
    let per_month = MONTH_MS / period_ms.max(1) as f64;
    let mut advice: Vec<RightSizing> = usage
        .iter()
        .filter_map(|u| {
            let architecture = Architecture::from_manifest(u.architecture.as_deref());
            let region = if u.region.is_empty() { default_region } else { u.region.as_str() };
            let region_prices = prices.for_region(region);
            let memory = u64::try_from(u.memory_size_mb).unwrap_or(0);
            let used = u64::try_from(u.max_memory_used_mb).unwrap_or(0);
            let suggested = suggested_memory_mb(memory, used);
            let billed_seconds = u.billed_ms.max(0) as f64 / 1000.0;
            let memory_saving = suggested.map_or(0.0, |size| {
                billed_seconds * (memory - size) as f64 / 1024.0 * region_prices.gb_second(architecture) * per_month
            });
            let arm64_saving = match architecture {
                Architecture::X86_64 => {
                    u.billed_mb_ms.max(0) as f64 / 1024.0 / 1000.0
                        * (region_prices.gb_second_x86_64 - region_prices.gb_second_arm64)
                        * per_month
                }
                Architecture::Arm64 => 0.0,
            };
            (memory_saving > 0.0 || arm64_saving > 0.0).then(|| RightSizing {
                function_id: u.function_id,
                name: format!("{}/{}", u.service, u.function),
                architecture: match architecture {
                    Architecture::X86_64 => "x86_64".into(),
                    Architecture::Arm64 => "arm64".into(),
                },
                invocations: u.invocations,
                memory_size_mb: memory,
                max_memory_used_mb: used,
                suggested_memory_mb: suggested,
                memory_saving_usd_month: memory_saving,
                arm64_saving_usd_month: arm64_saving,
            })
        })
        .collect();
    advice.sort_by(|a, b| {
        let total = |r: &RightSizing| r.memory_saving_usd_month + r.arm64_saving_usd_month;
        total(b).total_cmp(&total(a)).then(a.function_id.cmp(&b.function_id))
    });
    advice.truncate(limit);
    advice
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn usage(architecture: &str, memory: i64, used: i64, billed_ms: i64) -> FunctionCost {
        FunctionCost {
            function_id: 1,
            function: "create".into(),
            service_id: 1,
            service: "orders".into(),
            stage: "prod".into(),
            team_id: None,
            team: None,
            architecture: Some(architecture.into()),
            region: "us-east-1".into(),
            invocations: 1000,
            errors: 0,
            billed_ms,
            billed_mb_ms: billed_ms * memory,
            cost_usd: 0.0,
            memory_size_mb: memory,
            max_memory_used_mb: used,
        }
    }

    #[test]
    fn a_size_is_suggested_only_when_the_peak_is_well_under_it() {
        assert_eq!(suggested_memory_mb(1024, 200), Some(320));
        assert_eq!(suggested_memory_mb(1024, 600), None);
        assert_eq!(suggested_memory_mb(256, 20), Some(128));
        assert_eq!(suggested_memory_mb(128, 20), None);
        assert_eq!(suggested_memory_mb(0, 0), None);
    }

    #[test]
    fn savings_are_hand_computed_per_thirty_days() {
        // 1,000,000 ms billed at 1024 MB over 30 days, peak 200 MB: 320 MB would do.
        let month = 30 * 86_400_000;
        let prices = PriceTable::new(BTreeMap::new());
        let advice = advise(&[usage("x86_64", 1024, 200, 1_000_000)], month, &prices, "us-east-1", 10);
        let a = &advice[0];
        assert_eq!(a.name, "orders/create");
        assert_eq!(a.suggested_memory_mb, Some(320));
        // 1000 s × (704 / 1024) GB × $0.0000166667
        assert!((a.memory_saving_usd_month - 1000.0 * 0.6875 * 0.000_016_666_7).abs() < 1e-12);
        // 1000 s × 1 GB × ($0.0000166667 − $0.0000133334)
        assert!((a.arm64_saving_usd_month - 1000.0 * (0.000_016_666_7 - 0.000_013_333_4)).abs() < 1e-12);
        // Over one day, the same use is 30 times the monthly saving.
        let daily = advise(&[usage("x86_64", 1024, 200, 1_000_000)], 86_400_000, &prices, "us-east-1", 10);
        assert!((daily[0].arm64_saving_usd_month - 30.0 * a.arm64_saving_usd_month).abs() < 1e-9);
    }

    #[test]
    fn a_well_sized_arm64_function_gets_no_advice() {
        let prices = PriceTable::new(BTreeMap::new());
        assert!(advise(&[usage("arm64", 512, 400, 1_000_000)], 86_400_000, &prices, "us-east-1", 10).is_empty());
    }
}
