//! ARNs: their fields (placeholders kept whole), and a literal ARN an event may carry.

use super::EventDetail;

use super::source::text_field;
use crate::catalog::arn::arn_fields;

/// A literal ARN of `service` given by the detail (`arn`), the name or the key.
pub(crate) fn known_arn(e: &EventDetail, service: &str) -> Option<String> {
    let candidates = [
        text_field(&e.detail, "arn"),
        Some(e.event.name.clone()),
        e.event.key.split_once(':').map(|(_, rest)| rest.to_string()),
    ];
    candidates.into_iter().flatten().find(|c| {
        let f = arn_fields(c);
        c.starts_with("arn:") && f.len() >= 6 && f[2] == service
    })
}

/// The region field of an ARN when it is literal.
pub(crate) fn arn_region(arn: &str) -> Option<String> {
    if !arn.starts_with("arn:") {
        return None;
    }
    let f = arn_fields(arn);
    let r = f.get(3)?;
    (!r.is_empty() && !r.contains("${")).then(|| r.to_string())
}
