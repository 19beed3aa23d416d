//! Server-rendered SVG charts: bars or lines over labelled columns. Each column carries a
//! `<title>` (a native tooltip, even without JavaScript) and a readout that CSS shows on hover,
//! so hover values need no client code.

use leptos::prelude::*;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 22.0;

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Side-by-side bars per column.
    Bars,
    /// A line per series.
    Lines,
}

/// One series: a name, a CSS class for its colour, one value per column (`None`: no data).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend and tooltips.
    pub name: &'static str,
    /// CSS class giving its colour.
    pub class: &'static str,
    /// One value per column.
    pub values: Vec<Option<f64>>,
}

/// A value as the chart writes it, with `unit`.
pub fn format_value(value: f64, unit: &str) -> String {
    let number = if unit == "USD" {
        return format!("${}", money(value));
    } else if value.fract() == 0.0 || value.abs() >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    };
    if unit.is_empty() { number } else { format!("{number} {unit}") }
}

/// An amount of USD with as many decimals as small amounts need.
pub fn money(usd: f64) -> String {
    match usd.abs() {
        // Also catches -0.0, which an empty sum of floats is.
        a if a < 0.000_000_5 => "0.00".into(),
        a if a >= 100.0 => format!("{usd:.0}"),
        a if a >= 1.0 => format!("{usd:.2}"),
        a if a >= 0.01 => format!("{usd:.4}"),
        _ => format!("{usd:.6}"),
    }
}

/// A chart of `series` over columns named by `labels`, values in `unit`.
#[component]
pub fn Chart(
    title: &'static str,
    kind: ChartKind,
    labels: Vec<String>,
    series: Vec<Series>,
    unit: &'static str,
) -> impl IntoView {
    let columns = labels.len().max(1);
    let max = series.iter().flat_map(|s| s.values.iter().flatten()).fold(0.0_f64, |m, v| m.max(*v));
    let top = if max > 0.0 { max * 1.1 } else { 1.0 };
    let step = (WIDTH - LEFT - RIGHT) / columns as f64;
    let plot = HEIGHT - TOP - BOTTOM;
    let y = move |v: f64| TOP + plot - v / top * plot;
    let x = move |i: usize| LEFT + step * i as f64;

    let marks = match kind {
        ChartKind::Bars => {
            let width = (step * 0.8 / series.len().max(1) as f64).max(0.5);
            series
                .iter()
                .enumerate()
                .flat_map(|(n, s)| {
                    s.values.iter().enumerate().filter_map(move |(i, v)| {
                        let v = (*v)?;
                        let bx = x(i) + step * 0.1 + width * n as f64;
                        Some(view! {
                            <rect class=s.class x=format!("{bx:.1}") y=format!("{:.1}", y(v)) width=format!("{width:.1}")
                                height=format!("{:.1}", (TOP + plot - y(v)).max(0.0)) />
                        })
                    })
                })
                .collect_view()
                .into_any()
        }
        ChartKind::Lines => series
            .iter()
            .map(|s| {
                let points = s
                    .values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x(i) + step / 2.0, y(v))))
                    .collect::<Vec<_>>()
                    .join(" ");
                view! { <polyline class=format!("line {}", s.class) points=points /> }
            })
            .collect_view()
            .into_any(),
    };

    let columns_view = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let values = series
                .iter()
                .map(|s| match s.values.get(i).copied().flatten() {
                    Some(v) => format!("{} {}", s.name, format_value(v, unit)),
                    None => format!("{} –", s.name),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let readout = format!("{label}: {values}");
            view! {
                <g class="column">
                    <rect class="hit" x=format!("{:.1}", x(i)) y=TOP width=format!("{step:.1}") height=plot />
                    <title>{readout.clone()}</title>
                    <text class="readout" x=LEFT y="14">{readout}</text>
                </g>
            }
        })
        .collect_view();

    let first = labels.first().cloned().unwrap_or_default();
    let last = if labels.len() > 1 { labels.last().cloned().unwrap_or_default() } else { String::new() };
    let legend =
        series.iter().map(|s| view! { <span class=format!("key {}", s.class)>{s.name}</span> " " }).collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title} " " <span class="legend">{legend}</span></figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=title preserveAspectRatio="none">
                <line class="axis" x1=LEFT y1=TOP + plot x2=WIDTH - RIGHT y2=TOP + plot />
                <text class="tick" x=LEFT - 4.0 y=TOP + 4.0 text-anchor="end">{format_value(top, unit)}</text>
                <text class="tick" x=LEFT - 4.0 y=TOP + plot text-anchor="end">"0"</text>
                <text class="tick" x=LEFT y=HEIGHT - 6.0>{first}</text>
                <text class="tick" x=WIDTH - RIGHT y=HEIGHT - 6.0 text-anchor="end">{last}</text>
                {marks}
                {columns_view}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_with_their_unit() {
        assert_eq!(format_value(12.0, ""), "12");
        assert_eq!(format_value(12.345, "ms"), "12.35 ms");
        assert_eq!(format_value(0.000_123_4, "USD"), "$0.000123");
        assert_eq!(format_value(1234.5, "USD"), "$1234");
        assert_eq!(money(-0.0), "0.00");
    }
}
