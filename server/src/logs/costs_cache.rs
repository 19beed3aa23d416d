//! A short-lived cache of costs pages. Roll-ups change only when the puller runs (every
//! `log_pull_interval_secs`) or logs are pushed, and the page's periods are aligned to whole
//! hours and days, so many requests ask for the same sums; reading up to hundreds of thousands
//! of roll-up rows for each of them would make the page's speed depend on its traffic.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use app::logs::model::CostsOverview;

use crate::db::rollups::CostGrouping;

/// How long a computed page is served again. Pushed logs show on the costs page after at most
/// this long; a function's own metrics are never cached.
pub const TTL: Duration = Duration::from_secs(15);
/// Most periods kept; beyond it the cache starts empty again.
const MAX_ENTRIES: usize = 64;

/// What a costs page is computed from: grouping, period (epoch ms) and how many lines.
pub type Key = (CostGrouping, i64, i64, usize);

/// Recently computed costs pages.
#[derive(Debug, Default)]
pub struct CostsCache {
    entries: Mutex<HashMap<Key, (Instant, CostsOverview)>>,
}

impl CostsCache {
    /// The page computed for `key` less than [`TTL`] ago.
    pub fn get(&self, key: &Key) -> Option<CostsOverview> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.get(key).filter(|(at, _)| at.elapsed() < TTL).map(|(_, page)| page.clone())
    }

    /// Keeps `page` for `key`.
    pub fn put(&self, key: Key, page: CostsOverview) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (at, _)| at.elapsed() < TTL);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), page));
    }
}
