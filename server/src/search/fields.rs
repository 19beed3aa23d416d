//! The other searchable fields of each kind: `search_docs.body` holds them one per line, in the
//! order the views of `migrations/*/0002_search.sql` write them. Change both together.

use app::search::model::HitKind;

/// What each line of a `kind` doc's body is, in order.
pub fn labels(kind: HitKind) -> &'static [&'static str] {
    match kind {
        HitKind::Service => &["description", "runtime", "tags"],
        HitKind::Function => &["description", "handler", "runtime", "deployed name", "tags"],
        HitKind::Event => &["key"],
        HitKind::Team => &[],
    }
}
