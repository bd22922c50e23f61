//! Label-set inference: which label names the series of an expression's
//! result may carry, what the series below it carried, and where labels
//! were removed on the way up (for messages that say who dropped a label).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::promql::ast::{Span, ValueType};

use super::SeriesKind;

/// The label names of a set of series: known, or not knowable here (a
/// selector without a metric name, a metric missing from the catalog, a
/// label name taken from a Grafana variable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LabelSet {
    /// Exactly these names may occur (`__name__` included while kept).
    Known(BTreeSet<String>),
    /// Anything may occur.
    Unknown,
}

impl LabelSet {
    /// No label at all (scalars, `vector(1)`, `sum(...)`).
    pub fn empty() -> LabelSet {
        LabelSet::Known(BTreeSet::new())
    }

    /// `Some(true/false)` when known, `None` when the set is unknown.
    pub fn contains(&self, label: &str) -> Option<bool> {
        match self {
            LabelSet::Known(set) => Some(set.contains(label)),
            LabelSet::Unknown => None,
        }
    }

    /// False only when the set is known and lacks `label`.
    pub fn may_contain(&self, label: &str) -> bool {
        self.contains(label) != Some(false)
    }

    /// Removes one name.
    pub fn remove(&mut self, label: &str) {
        if let LabelSet::Known(set) = self {
            set.remove(label);
        }
    }

    /// Adds one name.
    pub fn insert(&mut self, label: &str) {
        if let LabelSet::Known(set) = self {
            set.insert(label.to_string());
        }
    }

    /// Both sets together.
    pub fn union(&self, other: &LabelSet) -> LabelSet {
        match (self, other) {
            (LabelSet::Known(a), LabelSet::Known(b)) => LabelSet::Known(a | b),
            _ => LabelSet::Unknown,
        }
    }

    /// The names, without `__name__`, for messages: "a, b, c" or "no labels"
    /// (at most [`crate::limits::MAX_NAMES_LISTED`], then "and N more").
    pub fn describe(&self) -> String {
        match self {
            LabelSet::Known(set) => {
                let mut names = set
                    .iter()
                    .map(String::as_str)
                    .filter(|l| *l != "__name__")
                    .peekable();
                if names.peek().is_none() {
                    "no labels".to_string()
                } else {
                    crate::limits::list_names(names)
                }
            }
            LabelSet::Unknown => "unknown labels".to_string(),
        }
    }

    /// The known names without `__name__` (empty when unknown).
    pub fn names(&self) -> Vec<&str> {
        match self {
            LabelSet::Known(set) => set
                .iter()
                .map(String::as_str)
                .filter(|l| *l != "__name__")
                .collect(),
            LabelSet::Unknown => Vec::new(),
        }
    }
}

/// Where a label was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removal {
    /// The query text that removed it.
    pub span: Span,
    /// That text as shown in messages, e.g. "`sum by (method)`"; shared by
    /// every label the same text removed.
    pub by: Arc<str>,
    /// How to keep the label there, when it can be kept ("add it to `by (...)`").
    pub keep: Option<String>,
}

/// A plain selector at the bottom of an expression (`x`, `x[5m]`,
/// `x[5m:1m]`): what the rate-like functions need to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Selected {
    /// The series name.
    pub name: String,
    /// Counter, gauge or unknown.
    pub kind: SeriesKind,
    /// Family type and role, as words for messages ("gauge", "histogram bucket").
    pub what: String,
}

/// What is known of one expression's result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Info {
    /// Instant vector, range vector, scalar or string.
    pub value_type: ValueType,
    /// The labels the result may carry.
    pub labels: LabelSet,
    /// Every label some sub-expression carried.
    pub seen: LabelSet,
    /// Labels that were seen but removed, and by what (innermost first).
    pub removed: BTreeMap<String, Removal>,
    /// The series names selected below, for messages.
    pub metrics: BTreeSet<String>,
    /// Set when the expression is one plain selector.
    pub selected: Option<Selected>,
}

impl Info {
    /// A scalar or string: no labels.
    pub fn plain(value_type: ValueType) -> Info {
        Info {
            value_type,
            labels: LabelSet::empty(),
            seen: LabelSet::empty(),
            removed: BTreeMap::new(),
            metrics: BTreeSet::new(),
            selected: None,
        }
    }

    /// True for instant and range vectors.
    pub fn is_vector(&self) -> bool {
        matches!(
            self.value_type,
            ValueType::InstantVector | ValueType::RangeVector
        )
    }

    /// Takes over what `child` saw (labels, removals, metrics), not its result.
    pub fn absorb(&mut self, child: &Info) {
        self.seen = self.seen.union(&child.seen);
        for (label, removal) in &child.removed {
            self.removed
                .entry(label.clone())
                .or_insert_with(|| removal.clone());
        }
        self.metrics.extend(child.metrics.iter().cloned());
    }

    /// Replaces the result labels with `labels`, recording every label of
    /// the old result that `labels` lacks as removed by `span`/`by`.
    pub fn set_labels(&mut self, labels: LabelSet, span: Span, by: &str, keep: Option<&str>) {
        if let (LabelSet::Known(old), LabelSet::Known(new)) = (&self.labels, &labels) {
            let by: Arc<str> = Arc::from(by);
            for gone in old.difference(new) {
                self.removed.entry(gone.clone()).or_insert_with(|| Removal {
                    span,
                    by: Arc::clone(&by),
                    keep: keep.map(str::to_string),
                });
            }
        }
        self.labels = labels;
    }

    /// `own`, what a node makes of its children's results, over everything
    /// the children (in order) saw: like [`Info::absorb`] of each child and
    /// then `own`'s removals, but moving the children's sets instead of
    /// copying them, the smaller into the larger, so that a long chain of
    /// operators costs `n log n`, not `n^2`.
    pub fn over_children(own: Info, children: impl IntoIterator<Item = Info>) -> Info {
        let mut info = Info::plain(own.value_type);
        for child in children {
            info.take_seen(child.seen, child.removed, child.metrics);
        }
        info.take_seen(own.seen, own.removed, own.metrics);
        info.labels = own.labels;
        info.selected = own.selected;
        info
    }

    /// Adds what a later sibling saw; entries already here win.
    fn take_seen(
        &mut self,
        seen: LabelSet,
        mut removed: BTreeMap<String, Removal>,
        mut metrics: BTreeSet<String>,
    ) {
        self.seen = match (std::mem::replace(&mut self.seen, LabelSet::Unknown), seen) {
            (LabelSet::Known(mut a), LabelSet::Known(mut b)) => {
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                a.extend(b);
                LabelSet::Known(a)
            }
            _ => LabelSet::Unknown,
        };
        if self.removed.len() < removed.len() {
            std::mem::swap(&mut self.removed, &mut removed);
            // The entries that were here first win.
            self.removed.extend(removed);
        } else {
            for (label, removal) in removed {
                self.removed.entry(label).or_insert(removal);
            }
        }
        if self.metrics.len() < metrics.len() {
            std::mem::swap(&mut self.metrics, &mut metrics);
        }
        self.metrics.extend(metrics);
    }

    /// The series names for messages: "`a`" or "`a`, `b`", or "the series here".
    pub fn describe_metrics(&self) -> String {
        if self.metrics.is_empty() || self.metrics.len() > 3 {
            return "the series here".to_string();
        }
        self.metrics
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The `{{label}}` references of a Grafana legend format, in order, with
/// surrounding spaces trimmed (Grafana accepts `{{ label }}`).
pub(crate) fn legend_labels(legend: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = legend;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        let name = after[..close].trim();
        if !name.is_empty() && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = &after[close + 2..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_references_are_found_and_trimmed() {
        assert_eq!(
            legend_labels("p95 - {{view}} / {{ method }} {{view}} {{unclosed"),
            ["view", "method"]
        );
        assert!(legend_labels("Queries/sec").is_empty());
    }

    #[test]
    fn removals_name_the_first_remover() {
        let mut info = Info::plain(ValueType::InstantVector);
        info.labels = LabelSet::Known(["a", "b", "c"].iter().map(|s| s.to_string()).collect());
        info.set_labels(
            LabelSet::Known(["a"].iter().map(|s| s.to_string()).collect()),
            Span::new(0, 3),
            "`sum by (a)`",
            Some("add it to `by (...)`"),
        );
        info.set_labels(LabelSet::empty(), Span::new(4, 7), "`sum`", None);
        assert_eq!(&*info.removed["b"].by, "`sum by (a)`");
        assert_eq!(&*info.removed["a"].by, "`sum`");
        assert_eq!(
            info.removed["b"].keep.as_deref(),
            Some("add it to `by (...)`")
        );
        assert_eq!(info.labels.contains("a"), Some(false));
        assert!(LabelSet::Unknown.may_contain("zzz"));
    }
}
