//! Aggregates kept until the data they were computed from changes.
//!
//! Counting the services list facets reads every service (and, for runtimes, every function),
//! which at 100,000 functions costs far more than the page itself, while the catalog only
//! changes when something is ingested; a costs page sums every function's roll-ups, which change
//! only when logs are pulled or pushed. Each value is kept with the version of its data
//! ([`crate::db::Database::catalog_version`], [`crate::db::Database::costs_version`]) and
//! dropped once the version moves, so an answer is never older than the data it was read from.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Values keyed by `K`, valid for one data version at a time, at most `capacity` of them.
pub struct VersionedCache<K, V> {
    entries: Mutex<Entries<K, V>>,
    capacity: usize,
}

struct Entries<K, V> {
    version: i64,
    values: HashMap<K, V>,
}

impl<K: Eq + Hash, V: Clone> VersionedCache<K, V> {
    /// An empty cache holding at most `capacity` values.
    pub fn new(capacity: usize) -> Self {
        VersionedCache { entries: Mutex::new(Entries { version: i64::MIN, values: HashMap::new() }), capacity }
    }

    /// The value of `key` computed at data `version`, if there is one.
    pub fn get(&self, version: i64, key: &K) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.version == version { entries.values.get(key).cloned() } else { None }
    }

    /// Keeps `value` for `key` at data `version`; values of older versions are dropped, and a
    /// value of an older version than the one kept is not stored.
    pub fn put(&self, version: i64, key: K, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if version < entries.version {
            return;
        }
        if version > entries.version {
            entries.version = version;
            entries.values.clear();
        }
        // Filters people combine are few; a full cache starts over rather than tracking use.
        if entries.values.len() >= self.capacity {
            entries.values.clear();
        }
        entries.values.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_served_only_for_the_version_it_was_computed_at() {
        let cache = VersionedCache::new(8);
        cache.put(3, "team=a", 10);
        assert_eq!(cache.get(3, &"team=a"), Some(10));
        assert_eq!(cache.get(4, &"team=a"), None, "the catalog changed since");
        cache.put(4, "team=b", 20);
        assert_eq!(cache.get(4, &"team=a"), None, "older values are dropped");
        cache.put(3, "team=a", 10);
        assert_eq!(cache.get(4, &"team=a"), None, "a late answer of an older version is not kept");
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let cache = VersionedCache::new(2);
        for key in 0..5 {
            cache.put(1, key, key);
        }
        let kept = (0..5).filter(|key| cache.get(1, key).is_some()).count();
        assert!(kept <= 2, "{kept} values kept");
        assert_eq!(cache.get(1, &4), Some(4), "the newest value is kept");
    }
}
