//! `switchboard logs rollup FILE`: parse a log file's REPORT lines and print the roll-up sums,
//! for checking figures by hand and for the benchmark (scripts/bench-logs).

use std::process::ExitCode;
use std::time::Instant;

use super::cost::{Architecture, PriceTable};
use super::file::roll_up_file;
use super::rollup::Pricing;
use crate::cli::RollupArgs;
use crate::error::StartupError;

/// Rolls up the file and prints one `name value` line per sum.
pub fn rollup(args: &RollupArgs, prices: &PriceTable) -> Result<ExitCode, StartupError> {
    let started = Instant::now();
    let path = args.file.display().to_string();
    let file = std::fs::File::open(&args.file).map_err(|e| StartupError::Logs(format!("opening {path}: {e}")))?;
    let pricing = Pricing {
        architecture: Architecture::from_manifest(Some(&args.architecture)),
        prices: prices.for_region(&args.region),
    };
    let result = roll_up_file(&path, file, 0, &pricing).map_err(|e| StartupError::Logs(e.to_string()))?;
    let seconds = started.elapsed().as_secs_f64();
    let total = result.rollups.total();
    println!("lines {}", result.lines);
    println!("invocations {}", total.invocations);
    println!("cold_starts {}", total.cold_starts);
    println!("errors {}", total.errors);
    println!("timeouts {}", total.timeouts);
    println!("duration_ms_sum {}.{:02}", total.duration_us_sum / 1000, (total.duration_us_sum % 1000) / 10);
    println!("billed_ms_sum {}", total.billed_ms_sum);
    println!("billed_mb_ms {}", total.billed_mb_ms);
    println!("max_memory_used_mb {}", total.max_memory_used_mb);
    println!("billed_gb_seconds {:.6}", total.billed_gb_seconds());
    println!("cost_usd {:.6}", total.cost_usd);
    println!("duration_p50_ms {:.1}", total.histogram.percentile_ms(0.5).unwrap_or(0.0));
    println!("duration_p99_ms {:.1}", total.histogram.percentile_ms(0.99).unwrap_or(0.0));
    println!("hours {}", result.rollups.rows().iter().filter(|r| r.period == super::rollup::Period::Hour).count());
    println!("malformed_reports {}", result.rollups.malformed_reports);
    eprintln!(
        "{} lines in {seconds:.3} s: {:.0} lines/s",
        result.lines,
        result.lines as f64 / seconds.max(f64::EPSILON)
    );
    Ok(ExitCode::SUCCESS)
}
