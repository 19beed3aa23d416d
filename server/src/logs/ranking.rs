//! Cost rankings of functions, services and teams, summed from each function's totals so one
//! read of the roll-ups serves every grouping, the period before it and right-sizing.

use std::collections::HashMap;

use app::logs::model::CostLine;

use crate::db::rollups::{CostGrouping, FunctionCost};

/// MB·ms in a GB-second.
const MB_MS_PER_GB_SECOND: f64 = 1024.0 * 1000.0;

/// Lines of `grouping` over `rows` (one period's sums per function), most expensive first, ties
/// by id.
pub fn rank(rows: &[FunctionCost], grouping: CostGrouping) -> Vec<CostLine> {
    let name_of: fn(&FunctionCost) -> String = match grouping {
        CostGrouping::Function => |row| format!("{}/{}", row.service, row.function),
        CostGrouping::Service => service_name,
        CostGrouping::Team => |row| row.team.clone().unwrap_or_else(|| "(no team)".into()),
    };
    let mut lines: HashMap<Option<i64>, (CostLine, i64)> = HashMap::new();
    for row in rows {
        let id = match grouping {
            CostGrouping::Function => Some(row.function_id),
            CostGrouping::Service => Some(row.service_id),
            CostGrouping::Team => row.team_id,
        };
        let (line, billed_mb_ms) = lines.entry(id).or_insert_with(|| {
            let line =
                CostLine { id, name: name_of(row), invocations: 0, errors: 0, billed_gb_seconds: 0.0, cost_usd: 0.0 };
            (line, 0)
        });
        line.invocations += row.invocations;
        line.errors += row.errors;
        line.cost_usd += row.cost_usd;
        *billed_mb_ms += row.billed_mb_ms;
    }
    let mut ranked: Vec<CostLine> = lines
        .into_values()
        .map(|(mut line, billed_mb_ms)| {
            line.billed_gb_seconds = billed_mb_ms as f64 / MB_MS_PER_GB_SECOND;
            line
        })
        .collect();
    ranked.sort_by(|a, b| b.cost_usd.total_cmp(&a.cost_usd).then(a.id.cmp(&b.id)));
    ranked
}

/// `service (stage)`, or the name alone for a service without a stage.
fn service_name(row: &FunctionCost) -> String {
    if row.stage.is_empty() { row.service.clone() } else { format!("{} ({})", row.service, row.stage) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(function_id: i64, service_id: i64, team_id: Option<i64>, invocations: i64, cost_usd: f64) -> FunctionCost {
        FunctionCost {
            function_id,
            function: format!("f{function_id}"),
            service_id,
            service: format!("s{service_id}"),
            stage: if service_id == 1 { "prod".into() } else { String::new() },
            team_id,
            team: team_id.map(|id| format!("t{id}")),
            architecture: None,
            region: String::new(),
            invocations,
            errors: 0,
            billed_ms: invocations * 100,
            billed_mb_ms: invocations * 102_400,
            cost_usd,
            memory_size_mb: 1024,
            max_memory_used_mb: 100,
        }
    }

    #[test]
    fn lines_sum_their_functions_most_expensive_first() {
        let rows = [row(1, 1, Some(7), 10, 1.0), row(2, 1, Some(7), 5, 2.0), row(3, 2, None, 8, 3.0)];
        let names = |lines: &[CostLine]| lines.iter().map(|l| l.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&rank(&rows, CostGrouping::Function)), ["s2/f3", "s1/f2", "s1/f1"]);
        let services = rank(&rows, CostGrouping::Service);
        assert_eq!(names(&services), ["s1 (prod)", "s2"], "a service without a stage is named alone");
        assert_eq!((services[0].invocations, services[0].cost_usd), (15, 3.0));
        assert!((services[0].billed_gb_seconds - 1.5).abs() < 1e-12, "15 × 0.1 s × 1 GB");
        let teams = rank(&rows, CostGrouping::Team);
        assert_eq!(names(&teams), ["(no team)", "t7"], "ties go to the lower id, none first");
        assert_eq!((teams[0].id, teams[0].invocations, teams[1].invocations), (None, 8, 15));
    }
}
