//! Hand-built dashboard models for the renderer's tests, covering every
//! option of the model. Shared by `core/tests/grafana_*.rs` and the root
//! `tests/schema.rs` (which includes this file by path).

#![allow(dead_code)]

use dashc_core::diag::Loc;
use dashc_core::model::*;

/// A value written nowhere in particular.
pub fn s<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Loc::NONE)
}

/// A range query with a legend.
pub fn target(expr: &str, legend: Option<&str>) -> Target {
    Target {
        loc: Loc::NONE,
        expr: s(expr.to_owned()),
        legend: legend.map(|l| s(l.to_owned())),
        instant: false,
        format: TargetFormat::TimeSeries,
        interval: None,
        hide: false,
        allow: Vec::new(),
        exemplar: false,
        set: Vec::new(),
        ref_id: None,
    }
}

/// A panel of `kind` with nothing but a title and the given targets.
pub fn panel(kind: PanelKind, title: &str, targets: Vec<Target>) -> Panel {
    Panel {
        targets,
        ..Panel::new(Loc::NONE, kind, s(title.to_owned()))
    }
}

/// Thresholds green / red at `red`, drawn as `style`.
pub fn thresholds(red: f64, style: ThresholdsStyle) -> Thresholds {
    Thresholds {
        mode: ThresholdsMode::Absolute,
        steps: vec![
            ThresholdStep {
                loc: Loc::NONE,
                color: "green".into(),
                value: None,
            },
            ThresholdStep {
                loc: Loc::NONE,
                color: "red".into(),
                value: Some(red),
            },
        ],
        style,
    }
}

fn variable(name: &str, kind: VariableKind) -> Variable {
    Variable {
        set: Vec::new(),
        loc: Loc::NONE,
        name: s(name.to_owned()),
        label: None,
        description: None,
        hide: VariableHide::Visible,
        kind,
        current: Vec::new(),
        refresh: None,
    }
}

/// A dashboard with no panels and every dashboard-level option at its default.
pub fn empty_dashboard(uid: &str, title: &str) -> Dashboard {
    Dashboard {
        loc: Loc::NONE,
        uid: s(uid.to_owned()),
        title: s(title.to_owned()),
        description: None,
        folder: s(String::new()),
        tags: Vec::new(),
        refresh: None,
        time: TimeRange {
            from: s("now-6h".into()),
            to: s("now".into()),
        },
        timezone: s("browser".into()),
        graph_tooltip: GraphTooltip::Default,
        editable: true,
        links: Vec::new(),
        datasource_uid: s(DEFAULT_DATASOURCE_UID.into()),
        variables: Vec::new(),
        catalogs: Vec::new(),
        experimental: false,
        items: Vec::new(),
        set: Vec::new(),
        annotations: Annotations::default(),
        time_picker: None,
        week_start: None,
        fiscal_year_start: None,
    }
}

/// A small dashboard: two top-level panels, no rows, no variables.
pub fn minimal_dashboard() -> Dashboard {
    let mut d = empty_dashboard("minimal", "Minimal");
    d.items = vec![
        Item::Panel(panel(
            PanelKind::Timeseries,
            "Requests",
            vec![target(
                "sum(rate(http_requests_total[$__rate_interval]))",
                None,
            )],
        )),
        Item::Panel(panel(
            PanelKind::Stat,
            "Up",
            vec![target("sum(up)", Some("up"))],
        )),
    ];
    d
}

/// Every option of the model at least once.
pub fn full_dashboard() -> Dashboard {
    let mut d = empty_dashboard("full-coverage_01", "Full coverage");
    d.description = Some("Every option of the model.".into());
    d.folder = s("Upstream".into());
    d.tags = vec![s("upstream".into()), s("api".into())];
    d.refresh = Some(s("30s".into()));
    d.time = TimeRange {
        from: s("now-1h".into()),
        to: s("now".into()),
    };
    d.timezone = s("utc".into());
    d.graph_tooltip = GraphTooltip::SharedCrosshair;
    d.editable = false;
    d.datasource_uid = s("prom-main".into());
    d.links = vec![
        Link {
            loc: Loc::NONE,
            title: "Upstream".into(),
            target: LinkTarget::Dashboards {
                tags: vec!["upstream".into()],
            },
            as_dropdown: true,
            keep_time: true,
            include_vars: true,
            target_blank: false,
            tooltip: None,
            icon: None,
        },
        Link {
            loc: Loc::NONE,
            title: "Runbook".into(),
            target: LinkTarget::Url("https://example.com/runbook".into()),
            as_dropdown: false,
            keep_time: false,
            include_vars: false,
            target_blank: true,
            tooltip: Some("How to react".into()),
            icon: None,
        },
    ];
    let mut job = variable(
        "job",
        VariableKind::Query {
            query: s("label_values(up, job)".into()),
            multi: true,
            include_all: true,
            all_value: Some(".*".into()),
            regex: Some("/upstream.*/".into()),
            sort: 1,
        },
    );
    job.label = Some("Job".into());
    job.description = Some("Scrape job".into());
    let instance = variable(
        "instance",
        VariableKind::Query {
            query: s("label_values(up{job=~\"$job\"}, instance)".into()),
            multi: false,
            include_all: false,
            all_value: None,
            regex: None,
            sort: 0,
        },
    );
    let mut method = variable(
        "method",
        VariableKind::Custom {
            values: vec!["GET".into(), "POST".into(), "a,b".into()],
            multi: true,
            include_all: true,
            all_value: None,
        },
    );
    method.hide = VariableHide::Label;
    let step = variable(
        "step",
        VariableKind::Interval {
            values: vec!["1m".into(), "5m".into(), "1h".into()],
            auto: true,
        },
    );
    let plain_step = variable(
        "window",
        VariableKind::Interval {
            values: vec!["5m".into()],
            auto: false,
        },
    );
    let constant = variable(
        "env",
        VariableKind::Constant {
            value: "production".into(),
        },
    );
    let mut text = variable(
        "customer",
        VariableKind::Textbox {
            default: "acme".into(),
        },
    );
    text.hide = VariableHide::Variable;
    d.variables = vec![job, instance, method, step, plain_step, constant, text];

    // Top-level panels before the first row.
    let mut intro = panel(PanelKind::Text, "About", Vec::new());
    intro.content = Some("# Upstream\n\nRead *me*.".into());
    intro.width = Some(s(24));
    intro.height = Some(s(3));
    intro.description = Some("What this is".into());

    let mut up = panel(PanelKind::Stat, "Targets up", vec![target("sum(up)", None)]);
    up.width = Some(s(6));
    up.height = Some(s(4));
    up.unit = Some(s("none".into()));
    up.color = Some(ColorMode::Fixed("blue".into()));
    up.decimals = Some(0);

    let mut ratio = panel(
        PanelKind::Gauge,
        "Success rate",
        vec![target(
            "1 - sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))",
            None,
        )],
    );
    ratio.width = Some(s(6));
    ratio.unit = Some(s("percentunit".into()));
    ratio.min = Some(0.0);
    ratio.max = Some(1.0);
    ratio.decimals = Some(2);
    ratio.thresholds = Some(Thresholds {
        mode: ThresholdsMode::Percentage,
        steps: vec![
            ThresholdStep {
                loc: Loc::NONE,
                color: "red".into(),
                value: None,
            },
            ThresholdStep {
                loc: Loc::NONE,
                color: "#EAB839".into(),
                value: Some(95.0),
            },
            ThresholdStep {
                loc: Loc::NONE,
                color: "green".into(),
                value: Some(99.5),
            },
        ],
        style: ThresholdsStyle::Off,
    });
    ratio.color = Some(ColorMode::GreenYellowRed);

    // Row 1, expanded: timeseries in every stacking and thresholds style.
    let mut rate = panel(
        PanelKind::Timeseries,
        "Request rate by method",
        vec![
            target(
                "sum by (method) (rate(requests_total{job=~\"$job\"}[$__rate_interval]))",
                Some("{{method}}"),
            ),
            target("sum(rate(requests_total[$__rate_interval]))", Some("total")),
            {
                let mut t = target("sum(rate(requests_total[$step]))", None);
                t.interval = Some(s("1m".into()));
                t.hide = true;
                t
            },
        ],
    );
    rate.unit = Some(s("reqps".into()));
    rate.stacking = Some(Stacking::Normal);
    rate.legend = Some(Legend {
        mode: LegendMode::Table,
        placement: LegendPlacement::Right,
        calcs: vec![s("mean".into()), s("max".into()), s("lastNotNull".into())],
    });
    rate.description = Some("Requests per second".into());

    let mut errors = panel(
        PanelKind::Timeseries,
        "Error rate",
        vec![target(
            "sum(rate(errors_total[$__rate_interval]))",
            Some("errors"),
        )],
    );
    errors.unit = Some(s("percentunit".into()));
    errors.thresholds = Some(thresholds(0.05, ThresholdsStyle::Line));
    errors.legend = Some(Legend {
        mode: LegendMode::Hidden,
        placement: LegendPlacement::Bottom,
        calcs: Vec::new(),
    });
    errors.height = Some(s(10));

    let styles = [
        ThresholdsStyle::Off,
        ThresholdsStyle::Dashed,
        ThresholdsStyle::Area,
        ThresholdsStyle::LineAndArea,
        ThresholdsStyle::DashedAndArea,
    ];
    let mut row1_panels = vec![rate, errors];
    for (i, style) in styles.into_iter().enumerate() {
        let mut p = panel(
            PanelKind::Timeseries,
            &format!("Thresholds {}", style.grafana_name()),
            vec![target("sum(up)", Some("up"))],
        );
        p.thresholds = Some(thresholds(1.5 + i as f64, style));
        p.width = Some(s(8));
        p.height = Some(s(5 + i as u32));
        p.stacking = Some(if i % 2 == 0 {
            Stacking::Percent
        } else {
            Stacking::None
        });
        p.legend = Some(Legend {
            mode: LegendMode::List,
            placement: LegendPlacement::Bottom,
            calcs: vec![s("max".into())],
        });
        p.color = Some(ColorMode::PaletteClassic);
        p.min = Some(-2.5);
        row1_panels.push(p);
    }

    // Row 2, collapsed: table, bar gauge, heatmap.
    let mut table = panel(
        PanelKind::Table,
        "Top endpoints",
        vec![{
            let mut t = target(
                "topk(10, sum by (view) (rate(requests_total[$__range])))",
                Some("{{view}}"),
            );
            t.instant = true;
            t.format = TargetFormat::Table;
            t
        }],
    );
    table.width = Some(s(24));
    table.color = Some(ColorMode::Thresholds);
    table.sort = Some(s(SortOrder::Descending));
    let mut bars = panel(
        PanelKind::BarGauge,
        "Slowest endpoints",
        vec![{
            let mut t = target(
                "topk(10, avg by (view) (duration_seconds))",
                Some("{{view}}"),
            );
            t.instant = true;
            t
        }],
    );
    bars.unit = Some(s("s".into()));
    bars.legend = Some(Legend {
        mode: LegendMode::List,
        placement: LegendPlacement::Right,
        calcs: Vec::new(),
    });
    bars.width = Some(s(7));
    let mut heat = panel(
        PanelKind::Heatmap,
        "Latency distribution",
        vec![{
            let mut t = target(
                "sum by (le) (rate(duration_seconds_bucket[$__rate_interval]))",
                Some("{{le}}"),
            );
            t.format = TargetFormat::Heatmap;
            t
        }],
    );
    heat.unit = Some(s("s".into()));
    heat.width = Some(s(17));
    heat.height = Some(s(9));
    heat.decimals = Some(1);
    heat.min = Some(0.0);
    heat.max = Some(10.0);
    heat.color = Some(ColorMode::GreenYellowRed);
    let mut heat2 = panel(
        PanelKind::Heatmap,
        "Latency distribution (fixed color)",
        vec![{
            let mut t = target(
                "sum by (le) (rate(duration_seconds_bucket[$__rate_interval]))",
                Some("{{le}}"),
            );
            t.format = TargetFormat::Heatmap;
            t
        }],
    );
    heat2.color = Some(ColorMode::Fixed("#ff0000".into()));
    heat2.legend = Some(Legend {
        mode: LegendMode::Hidden,
        placement: LegendPlacement::Bottom,
        calcs: Vec::new(),
    });
    let plain_heat = panel(
        PanelKind::Heatmap,
        "Latency distribution (default colors)",
        vec![target(
            "sum by (le) (rate(duration_seconds_bucket[5m]))",
            None,
        )],
    );
    let mut rows_heat = panel(
        PanelKind::Heatmap,
        "Requests by status",
        vec![target(
            "sum by (status) (rate(requests_total[$__rate_interval]))",
            Some("{{status}}"),
        )],
    );
    rows_heat.unit = Some(s("reqps".into()));
    rows_heat.decimals = Some(2);
    rows_heat.min = Some(0.0);
    rows_heat.max = Some(100.0);

    let mut merged = panel(
        PanelKind::Table,
        "Errors and requests by endpoint",
        vec![
            target("sum by (view) (increase(errors_total[$__range]))", None),
            target("sum by (view) (increase(requests_total[$__range]))", None),
        ],
    );
    for t in &mut merged.targets {
        t.instant = true;
        t.format = TargetFormat::Table;
    }
    merged.sort = Some(s(SortOrder::Ascending));
    let range_table = panel(
        PanelKind::Table,
        "Requests over time",
        vec![target("sum(rate(requests_total[5m]))", None)],
    );

    // Row 3, expanded and empty; row 4, collapsed and empty.
    d.items = vec![
        Item::Panel(intro),
        Item::Panel(up),
        Item::Panel(ratio),
        Item::Row(Row {
            loc: Loc::NONE,
            y: None,
            set: Vec::new(),
            title: s("Requests".into()),
            collapsed: false,
            panels: row1_panels,
            repeat: None,
        }),
        Item::Row(Row {
            loc: Loc::NONE,
            y: None,
            set: Vec::new(),
            title: s("Details".into()),
            collapsed: true,
            repeat: None,
            panels: vec![
                table,
                bars,
                heat,
                heat2,
                plain_heat,
                rows_heat,
                merged,
                range_table,
            ],
        }),
        Item::Row(Row {
            loc: Loc::NONE,
            y: None,
            set: Vec::new(),
            title: s("Empty".into()),
            collapsed: false,
            panels: Vec::new(),
            repeat: None,
        }),
        Item::Row(Row {
            loc: Loc::NONE,
            y: None,
            set: Vec::new(),
            title: s("Empty collapsed".into()),
            collapsed: true,
            panels: Vec::new(),
            repeat: None,
        }),
    ];
    d
}

/// Every hand-built dashboard, by name.
pub fn all() -> Vec<(&'static str, Dashboard)> {
    vec![
        ("full", full_dashboard()),
        ("minimal", minimal_dashboard()),
        ("empty", empty_dashboard("empty", "Empty")),
    ]
}
