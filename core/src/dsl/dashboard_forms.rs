//! Dashboard options of the time picker and the calendar (`time_picker: {
//! hidden, refresh_intervals, now_delay }`, `week_start`,
//! `fiscal_year_start`), and the variable options `current` and `refresh`.

use proc_macro2::{Span, TokenTree};

use super::values;
use super::Parser;
use crate::model::{Spanned, TimePicker, Variable, VariableKind, VariableRefresh, WeekStart};

const TIME_PICKER_OPTIONS: &[&str] = &["hidden", "refresh_intervals", "now_delay"];
const WEEK_STARTS: &[(&str, WeekStart)] = &[
    ("monday", WeekStart::Monday),
    ("saturday", WeekStart::Saturday),
    ("sunday", WeekStart::Sunday),
];
const VARIABLE_REFRESHES: &[(&str, VariableRefresh)] = &[
    ("on_load", VariableRefresh::OnLoad),
    ("on_time_range_change", VariableRefresh::OnTimeRangeChange),
    ("never", VariableRefresh::Never),
];

impl Parser {
    /// `time_picker: { hidden: true, refresh_intervals: ["10s"], now_delay: "1m" }`.
    pub(super) fn time_picker(&mut self, v: &[TokenTree], ks: Span) -> Option<TimePicker> {
        let body = self.push_result(values::block(
            v,
            ks,
            "time picker options (`{ hidden: true, refresh_intervals: [\"10s\", \"1m\"], now_delay: \"1m\" }`)",
        ))?;
        let mut picker = TimePicker::default();
        self.option_block(
            body,
            TIME_PICKER_OPTIONS,
            "time picker",
            "hidden: true",
            |this, key, v, ks| match key {
                "hidden" => {
                    if let Some(b) = this.push_result(values::boolean(v, ks)) {
                        picker.hidden = b;
                    }
                }
                "refresh_intervals" => {
                    let r = values::string_list(v, ks, "refresh intervals", &mut this.errors);
                    if let Some(list) = this.push_result(r) {
                        picker.refresh_intervals =
                            list.into_iter().map(|s| this.spanned(s)).collect();
                    }
                }
                _ => {
                    if let Some(s) =
                        this.push_result(values::string(v, ks, "a delay such as \"1m\""))
                    {
                        picker.now_delay = Some(this.spanned(s));
                    }
                }
            },
        );
        Some(picker)
    }

    /// `week_start: monday | saturday | sunday`.
    pub(super) fn week_start(&mut self, v: &[TokenTree], ks: Span) -> Option<WeekStart> {
        self.choice(v, ks, WEEK_STARTS)
    }

    /// `fiscal_year_start: N`, the month, 0 (January) to 11 (December).
    pub(super) fn fiscal_year_start(&mut self, v: &[TokenTree], ks: Span) -> Option<Spanned<u32>> {
        let (n, span) = self.push_result(values::integer(v, ks, u32::MAX))?;
        let loc = self.loc(span);
        Some(Spanned::new(n, loc))
    }

    /// A variable's `current: "value"`, `current: ["a", "b"]` or `current:
    /// none` (Grafana's "None", an empty string in the model).
    pub(super) fn variable_current(&mut self, var: &mut Variable, v: &[TokenTree], ks: Span) {
        if matches!(var.kind, VariableKind::Adhoc) {
            self.err(
                ks,
                "`current` does not apply to `adhoc` variables: their value is the filters the viewer picks",
            );
            return;
        }
        if matches!(
            var.kind,
            VariableKind::Constant { .. } | VariableKind::Textbox { .. }
        ) {
            self.err(
                ks,
                format!(
                    "`current` does not apply to `{}` variables: their value is their argument",
                    var.kind.type_name()
                ),
            );
            return;
        }
        if let [TokenTree::Ident(i)] = v {
            if i == "none" {
                var.current = vec![Spanned::new(String::new(), self.loc(i.span()))];
                return;
            }
        }
        let list = match v.first() {
            Some(TokenTree::Group(_)) => {
                let r = values::string_list(v, ks, "selected values", &mut self.errors);
                match self.push_result(r) {
                    Some(list) => list,
                    None => return,
                }
            }
            _ => match self.push_result(values::string(
                v,
                ks,
                "the selected value, or a list of them for a `multi` variable",
            )) {
                Some(s) => vec![s],
                None => return,
            },
        };
        if list.is_empty() {
            self.err(ks, "`current` is empty: give the selected value(s), or remove `current` to select the first value");
            return;
        }
        if let Some(empty) = list.iter().find(|s| s.value.is_empty()) {
            self.err(
                empty.span(),
                "an empty `current` value: write `current: none` for Grafana's \"None\" (a query that returned no values)",
            );
            return;
        }
        var.current = list.into_iter().map(|s| self.spanned(s)).collect();
    }

    /// A query variable's `refresh: on_load | on_time_range_change | never`.
    pub(super) fn variable_refresh(&mut self, var: &mut Variable, v: &[TokenTree], ks: Span) {
        let Some(refresh) = self.choice(v, ks, VARIABLE_REFRESHES) else {
            return;
        };
        if !matches!(var.kind, VariableKind::Query { .. }) {
            let why = if matches!(var.kind, VariableKind::Adhoc) {
                "Grafana looks its keys and values up when the viewer opens it"
            } else {
                "their values are written in the dashboard"
            };
            self.err(
                ks,
                format!(
                    "`refresh` applies to `query` and `filter` variables, not `{}`: {why}",
                    var.kind.type_name()
                ),
            );
            return;
        }
        var.refresh = Some(refresh);
    }
}
