//! Search over the catalog, the parts that need no database: cleaning and cutting what was
//! typed ([`query`]), correcting misspelt words ([`typo`]), and ranking, grouping and
//! highlighting what the indexes found ([`results`], [`highlight`]).
//!
//! Storage (`db/search.rs`) runs the lookups these plan; the indexes themselves are kept by the
//! triggers of `migrations/*/0002_search.sql`.

pub mod fields;
pub mod highlight;
pub mod query;
pub mod results;
pub mod typo;
