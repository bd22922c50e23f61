//! The `options` and `fieldConfig.defaults.custom` of the pie chart, bar
//! chart, histogram, state timeline, status history and alert list panels, as Grafana
//! 12 saves a new panel of the kind (the editor's defaults), with what the
//! model sets.

use serde_json::{json, Value};

use super::panel::{hide_from, legend, reduce_options, STACKING_GROUP};
use crate::model::{Panel, PanelKind, Stacking};

/// The tooltip of a new panel of these kinds: the hovered series only.
fn single_tooltip() -> Value {
    json!({"hideZeros": false, "mode": "single", "sort": "none"})
}

/// `fieldConfig.defaults.custom` of `kind`, `None` for the other kinds.
pub fn custom(panel: &Panel) -> Option<Value> {
    Some(match panel.kind {
        PanelKind::PieChart => json!({"hideFrom": hide_from()}),
        PanelKind::BarChart => json!({
            "axisBorderShow": false,
            "axisCenteredZero": false,
            "axisColorMode": "text",
            "axisLabel": "",
            "axisPlacement": "auto",
            "fillOpacity": 80,
            "gradientMode": "none",
            "hideFrom": hide_from(),
            "lineWidth": 1,
            "scaleDistribution": {"type": "linear"},
            "thresholdsStyle": {"mode": "off"},
        }),
        PanelKind::Histogram => {
            let mut custom = json!({
                "fillOpacity": 80,
                "gradientMode": "none",
                "hideFrom": hide_from(),
                "lineWidth": 1,
            });
            if let Some(stacking) = panel.stacking {
                custom["stacking"] =
                    json!({"group": STACKING_GROUP, "mode": stacking_name(stacking)});
            }
            custom
        }
        PanelKind::StateTimeline => json!({
            "fillOpacity": 70,
            "hideFrom": hide_from(),
            "insertNulls": false,
            "lineWidth": 0,
            "spanNulls": false,
        }),
        PanelKind::StatusHistory => json!({
            "fillOpacity": 70,
            "hideFrom": hide_from(),
            "lineWidth": 1,
        }),
        _ => return None,
    })
}

/// Grafana's name of a stacking mode.
pub fn stacking_name(stacking: Stacking) -> &'static str {
    match stacking {
        Stacking::None => "none",
        Stacking::Normal => "normal",
        Stacking::Percent => "percent",
    }
}

/// `options` of `kind`, `None` for the other kinds.
pub fn options(panel: &Panel) -> Option<Value> {
    let shown = legend(panel.legend.as_ref(), true);
    Some(match panel.kind {
        PanelKind::PieChart => {
            let mut legend = shown;
            // The pie chart's legend also lists chosen values (none by default).
            legend["values"] = json!([]);
            json!({
                "displayLabels": [],
                "legend": legend,
                // Required by the pie chart's schema; the editor's default.
                "orientation": "auto",
                "pieType": "pie",
                "reduceOptions": reduce_options(),
                "tooltip": single_tooltip(),
            })
        }
        PanelKind::BarChart => json!({
            "barRadius": 0,
            "barWidth": 0.97,
            "fullHighlight": false,
            "groupWidth": 0.7,
            "legend": shown,
            "orientation": "auto",
            "showValue": "auto",
            "stacking": "none",
            "tooltip": single_tooltip(),
            // Required by the bar chart's schema; 0 truncates nothing.
            "xTickLabelMaxLength": 0,
            "xTickLabelRotation": 0,
            "xTickLabelSpacing": 0,
        }),
        PanelKind::Histogram => json!({
            "combine": false,
            "legend": shown,
            "tooltip": single_tooltip(),
        }),
        PanelKind::StateTimeline => json!({
            "alignValue": "left",
            "legend": shown,
            "mergeValues": true,
            "rowHeight": 0.9,
            "showValue": "auto",
            "tooltip": single_tooltip(),
        }),
        PanelKind::StatusHistory => json!({
            "colWidth": 0.9,
            "legend": shown,
            "rowHeight": 0.9,
            "showValue": "auto",
            "tooltip": single_tooltip(),
        }),
        // The editor's defaults (its module.tsx): every alert rule, as a
        // list in alphabetical order, firing, pending, recovering and error.
        PanelKind::AlertList => json!({
            "alertInstanceLabelFilter": "",
            "alertName": "",
            "dashboardAlerts": false,
            "groupBy": [],
            "groupMode": "default",
            "maxItems": 20,
            "showInactiveAlerts": false,
            "sortOrder": 1,
            "stateFilter": {
                "error": true,
                "firing": true,
                "noData": false,
                "normal": false,
                "pending": true,
                "recovering": true,
            },
            "viewMode": "list",
        }),
        _ => return None,
    })
}
