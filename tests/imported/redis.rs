//! Dashboards imported by `dashc import` from `oliver006__redis_exporter__grafana_prometheus_redis_dashboard.json`.

use dashc_macros::dashboards;

dashboards! {
    defaults { catalog: [] },

    /// Redis Dashboard for Prometheus Redis Exporter 1.x
    ///
    /// Imported from `oliver006__redis_exporter__grafana_prometheus_redis_dashboard.json`.
    pub const E008BC3F_81A2_40F9_BAF2_A33FD8DEC7EC = {
        uid: "e008bc3f-81a2-40f9-baf2-a33fd8dec7ec",
        title: "Redis Dashboard for Prometheus Redis Exporter 1.x",
        description: "Redis Dashboard for Prometheus Redis Exporter 1.x",
        tags: ["prometheus", "redis"],
        time: "now-24h".."now",
        tooltip: shared_crosshair,
        editable: true,
        set: {
            "liveNow": false,
            "timepicker": { "refresh_intervals": ["5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d"] },
            "weekStart": "",
        },
        variables {
            namespace: query "label_values(redis_up, namespace)" {
                set: {
                    "skipUrlSync": false,
                },
            },
            instance: query r#"label_values(redis_up{namespace=~"$namespace"}, instance)"# {
                multi: true,
                set: {
                    "skipUrlSync": false,
                },
            },
        },

        stat "Max Uptime" {
            unit: "s",
            decimals: 0,
            color: "rgb(31, 120, 193)",
            width: 3, height: 7,
            set: {
                "fieldConfig.defaults.mappings": [{ "options": { "match": "null", "result": { "text": "N/A" } }, "type": "special" }],
                "links": [],
                "maxDataPoints": 100,
                "options.colorMode": "none",
                "options.orientation": "horizontal",
            },
            "" => r#"max(max_over_time(redis_uptime_in_seconds{namespace=~"$namespace", instance=~"$instance"}[$__interval]))"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        stat "Clients" {
            unit: "none",
            decimals: 0,
            color: "rgb(31, 120, 193)",
            width: 2, height: 7,
            set: {
                "fieldConfig.defaults.mappings": [{ "options": { "match": "null", "result": { "text": "N/A" } }, "type": "special" }],
                "hideTimeOverride": true,
                "links": [],
                "maxDataPoints": 100,
                "options.colorMode": "none",
                "options.orientation": "horizontal",
                "timeFrom": "1m",
            },
            "" => r#"sum(redis_connected_clients{namespace=~"$namespace", instance=~"$instance"})"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        gauge "Memory Usage" {
            unit: "percent",
            min: 0,
            max: 100,
            decimals: 0,
            thresholds: ["rgba(50, 172, 45, 0.97)", "rgba(237, 129, 40, 0.89)": 80, "rgba(245, 54, 54, 0.9)": 95],
            width: 3, height: 7,
            set: {
                "fieldConfig.defaults.mappings": [{ "options": { "match": "null", "result": { "text": "N/A" } }, "type": "special" }],
                "hideTimeOverride": true,
                "links": [],
                "maxDataPoints": 100,
                "options.orientation": "horizontal",
                "timeFrom": "1m",
            },
            "" => r#"sum(100 * (redis_memory_used_bytes{namespace=~"$namespace", instance=~"$instance"}  / redis_memory_max_bytes{namespace=~"$namespace", instance=~"$instance"}))"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Total Commands / sec" {
            unit: "short",
            legend: hidden,
            stacking: normal,
            width: 8, height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 80,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.custom.spanNulls": true,
                "fieldConfig.defaults.links": [],
                "links": [],
            },
            "{{ cmd }}" => r#"sum(rate(redis_commands_total{namespace=~"$namespace", instance=~"$instance"} [1m])) by (cmd)"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Hits / Misses per Sec" {
            unit: "short",
            min: 0,
            legend: hidden,
            width: 8, height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 10,
                "fieldConfig.defaults.custom.lineWidth": 2,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.custom.spanNulls": true,
                "fieldConfig.defaults.links": [],
                "links": [],
                "options.tooltip.sort": "none",
            },
            "hits, {{ instance }}" => r#"irate(redis_keyspace_hits_total{instance=~"$instance"}[5m])"# {
                set: {
                    "intervalFactor": 2,
                },
            },
            "misses, {{ instance }}" => r#"irate(redis_keyspace_misses_total{instance=~"$instance"}[5m])"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Total Memory Usage" {
            unit: "bytes",
            min: 0,
            height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 10,
                "fieldConfig.defaults.custom.lineWidth": 2,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.links": [],
                "fieldConfig.overrides": [{ "matcher": { "id": "byName", "options": "max" }, "properties": [{ "id": "color", "value": { "fixedColor": "#BF1B00", "mode": "fixed" } }] }],
                "links": [],
                "options.tooltip.sort": "none",
            },
            "used, {{ instance }}" => r#"redis_memory_used_bytes{instance=~"$instance"}"# {
                set: {
                    "intervalFactor": 2,
                },
            },
            "max, {{ instance }}" => r#"redis_memory_max_bytes{instance=~"$instance"}"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Network I/O" {
            unit: "bytes",
            height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 10,
                "fieldConfig.defaults.custom.lineWidth": 2,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.custom.spanNulls": true,
                "fieldConfig.defaults.links": [],
                "links": [],
                "options.tooltip.sort": "none",
            },
            "{{ input }}" => r#"sum(rate(redis_net_input_bytes_total{instance=~"$instance"}[5m]))"# {
                set: {
                    "intervalFactor": 2,
                },
            },
            "{{ output }}" => r#"sum(rate(redis_net_output_bytes_total{instance=~"$instance"}[5m]))"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Total Items per DB" {
            unit: "short",
            legend: { mode: list, placement: bottom, calcs: ["lastNotNull"] },
            stacking: normal,
            height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 70,
                "fieldConfig.defaults.custom.lineWidth": 2,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.custom.spanNulls": true,
                "fieldConfig.defaults.links": [],
                "fieldConfig.overrides": [{ "matcher": { "id": "byValue", "options": { "op": "gte", "reducer": "allIsZero", "value": 0 } }, "properties": [{ "id": "custom.hideFrom", "value": { "legend": true, "tooltip": true, "viz": false } }] }],
                "links": [],
                "options.tooltip.sort": "none",
            },
            "{{ db }}, {{ instance }}" => r#"sum (redis_db_keys{instance=~"$instance"}) by (db, instance)"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Expiring vs Not-Expiring Keys" {
            unit: "short",
            stacking: normal,
            height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 70,
                "fieldConfig.defaults.custom.lineWidth": 2,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.custom.spanNulls": true,
                "fieldConfig.defaults.links": [],
                "links": [],
                "options.tooltip.sort": "none",
            },
            "not expiring, {{ instance }}" => r#"sum (redis_db_keys{instance=~"$instance"}) by (instance) - sum (redis_db_keys_expiring{instance=~"$instance"}) by (instance)"# {
                set: {
                    "intervalFactor": 2,
                },
            },
            "expiring, {{ instance }}" => r#"sum (redis_db_keys_expiring{instance=~"$instance"}) by (instance)"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Expired/Evicted Keys" {
            unit: "short",
            height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 10,
                "fieldConfig.defaults.custom.lineWidth": 2,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.custom.spanNulls": true,
                "fieldConfig.defaults.links": [],
                "fieldConfig.overrides": [{ "matcher": { "id": "byName", "options": "evicts" }, "properties": [{ "id": "color", "value": { "fixedColor": "#890F02", "mode": "fixed" } }] }, { "matcher": { "id": "byName", "options": r#"memcached_items_evicted_total{instance="172.17.0.1:9150",job="prometheus"}"# }, "properties": [{ "id": "color", "value": { "fixedColor": "#890F02", "mode": "fixed" } }] }, { "matcher": { "id": "byName", "options": "reclaims" }, "properties": [{ "id": "color", "value": { "fixedColor": "#3F6833", "mode": "fixed" } }] }],
                "links": [],
                "options.tooltip.sort": "none",
            },
            "expired, {{ instance }}" => r#"sum(rate(redis_expired_keys_total{instance=~"$instance"}[5m])) by (instance)"# {
                set: {
                    "intervalFactor": 2,
                },
            },
            "evicted, {{ instance }}" => r#"sum(rate(redis_evicted_keys_total{instance=~"$instance"}[5m])) by (instance)"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Connected/Blocked Clients" {
            unit: "short",
            height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 10,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.links": [],
                "links": [],
                "options.tooltip.sort": "none",
            },
            "connected" => r#"sum(redis_connected_clients{instance=~"$instance"})"# {
                set: {
                    "intervalFactor": 1,
                },
            },
            "blocked" => r#"sum(redis_blocked_clients{instance=~"$instance"})"# {
                set: {
                    "intervalFactor": 1,
                },
            },
        }

        timeseries "Average Time Spent by Command / sec" {
            unit: "s",
            height: 7,
            set: {
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.custom.spanNulls": true,
                "fieldConfig.defaults.links": [],
                "fieldConfig.overrides": [{ "matcher": { "id": "byValue", "options": { "op": "gte", "reducer": "allIsZero", "value": 0 } }, "properties": [{ "id": "custom.hideFrom", "value": { "legend": true, "tooltip": true, "viz": false } }] }],
                "links": [],
            },
            "{{ cmd }}" => "sum(irate(redis_commands_duration_seconds_total{namespace=~\"$namespace\", instance =~ \"$instance\"}[1m])) by (cmd)\n  /\nsum(irate(redis_commands_total{namespace=~\"$namespace\", instance =~ \"$instance\"}[1m])) by (cmd)\n" {
                set: {
                    "intervalFactor": 2,
                },
            },
        }

        timeseries "Total Time Spent by Command / sec" {
            unit: "s",
            stacking: normal,
            height: 7,
            set: {
                "fieldConfig.defaults.custom.fillOpacity": 80,
                "fieldConfig.defaults.custom.showPoints": "never",
                "fieldConfig.defaults.custom.spanNulls": true,
                "fieldConfig.defaults.links": [],
                "links": [],
            },
            "{{ cmd }}" => r#"sum(irate(redis_commands_duration_seconds_total{instance=~"$instance"}[1m])) by (cmd) != 0"# {
                set: {
                    "intervalFactor": 2,
                },
            },
        }
    };
}
