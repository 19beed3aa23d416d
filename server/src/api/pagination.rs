//! Cursor pagination for list endpoints: `?cursor=…&limit=…`.

use serde::Deserialize;

use super::error::ApiError;

/// Default page size.
pub const DEFAULT_LIMIT: i64 = 50;
/// Largest page size.
pub const MAX_LIMIT: i64 = 500;

/// Checks `limit`: 1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`].
pub fn limit(limit: Option<i64>) -> Result<i64, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::Invalid { field: "limit", message: format!("{n} is not between 1 and {MAX_LIMIT}") }),
    }
}

/// Reads a numeric cursor as handed out in `next_cursor`.
pub fn id_cursor(cursor: Option<&str>) -> Result<Option<i64>, ApiError> {
    cursor
        .filter(|c| !c.is_empty())
        .map(|c| {
            c.parse::<i64>().ok().filter(|id| *id > 0).ok_or(ApiError::Invalid {
                field: "cursor",
                message: "not a cursor from this API; pass next_cursor from the previous page".into(),
            })
        })
        .transpose()
}

/// A keyset list query from `cursor`, `limit` and `include_removed`, fetching one extra row to
/// tell whether another page follows; also returns the page size.
pub fn list_query(
    cursor: Option<&str>,
    limit_param: Option<i64>,
    include_removed: Option<bool>,
) -> Result<(crate::db::catalog_read::ListQuery, i64), ApiError> {
    let limit = limit(limit_param)?;
    let query = crate::db::catalog_read::ListQuery {
        after: id_cursor(cursor)?,
        limit: limit + 1,
        include_removed: include_removed.unwrap_or(false),
    };
    Ok((query, limit))
}

/// Splits one extra row off a `limit + 1` fetch into the next cursor.
pub fn page<T>(mut items: Vec<T>, limit: i64, key: impl Fn(&T) -> String) -> app::catalog::model::Page<T> {
    let more = items.len() as i64 > limit;
    items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = if more { items.last().map(key) } else { None };
    app::catalog::model::Page { items, next_cursor }
}

/// `?include_removed=true` shows rows marked removed.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct RemovedParam {
    /// Include services, functions and links that disappeared from their manifests.
    pub include_removed: Option<bool>,
}
