//! Dashboards imported by `dashc import` from `strimzi__strimzi-kafka-operator__strimzi-kraft.json`.

use dashc_macros::dashboards;

dashboards! {
    defaults { catalog: [] },

    /// Strimzi KRaft
    ///
    /// Imported from `strimzi__strimzi-kafka-operator__strimzi-kraft.json`.
    pub const D1B98E4D984DE29D = {
        uid: "d1b98e4d984de29d",
        title: "Strimzi KRaft",
        tags: ["Strimzi", "Kafka", "KRaft"],
        refresh: "5s",
        editable: true,
        time_picker: { refresh_intervals: ["5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d"] },
        variables {
            kubernetes_namespace: query "query_result(kafka_server_raftmetrics_current_leader)" {
                label: "Namespace",
                regex: r#"/.*namespace="([^"]*).*/"#,
                sort: 0,
                refresh: on_load,
                set: {
                    "definition": "",
                    "skipUrlSync": false,
                },
            },
            strimzi_cluster_name: query r#"query_result(kafka_server_raftmetrics_current_leader{namespace="$kubernetes_namespace"})"# {
                label: "Cluster Name",
                regex: r#"/.*strimzi_io_cluster="([^"]*).*/"#,
                sort: 0,
                refresh: on_load,
                set: {
                    "definition": "",
                    "skipUrlSync": false,
                },
            },
            kraft_node: query r#"query_result(kafka_server_raftmetrics_current_leader{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name"})"# {
                label: "Broker",
                include_all: true,
                all_value: ".*",
                regex: r#"/.*pod_name="$strimzi_cluster_name-([^"]*).*/"#,
                sort: 0,
                refresh: on_load,
                set: {
                    "definition": "",
                    "skipUrlSync": false,
                },
            },
        },

        row "KRaft" {
            timeseries "Memory Usage" {
                description: "Kafka broker pods memory usage",
                unit: "bytes",
                width: 6, height: 7,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{pod}}" => r#"sum(container_memory_usage_bytes{namespace="$kubernetes_namespace",pod=~"$strimzi_cluster_name-$kraft_node",container="kafka"}) by (pod)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "CPU Usage" {
                description: "Aggregated Kafka broker pods CPU usage",
                unit: "short",
                width: 6, height: 7,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{pod}}" => r#"sum(rate(container_cpu_usage_seconds_total{namespace="$kubernetes_namespace",pod=~"$strimzi_cluster_name-$kraft_node",container="kafka"}[5m])) by (pod)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Available Disk Space" {
                description: "Kafka broker pods disk usage",
                unit: "bytes",
                width: 6, height: 7,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{persistentvolumeclaim}}" => r#"sum(kubelet_volume_stats_available_bytes{namespace="$kubernetes_namespace",persistentvolumeclaim=~"data(-[0-9]+)?-$strimzi_cluster_name-$kraft_node", persistentvolumeclaim!~".*zookeeper(-[0-9]+)?$"}) by (persistentvolumeclaim)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Open File Descriptors" {
                description: "Open File Descriptors",
                unit: "none",
                width: 6, height: 7,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(process_open_fds{namespace="$kubernetes_namespace",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node",container="kafka"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "JVM Memory Used" {
                unit: "decbytes",
                width: 6, height: 7,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(jvm_memory_used_bytes{namespace="$kubernetes_namespace",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node",strimzi_io_name="$strimzi_cluster_name-kafka"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "JVM GC Time" {
                unit: "ms",
                width: 6, height: 7,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(rate(jvm_gc_collection_seconds_sum{namespace="$kubernetes_namespace",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node",strimzi_io_name="$strimzi_cluster_name-kafka"}[5m])) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "JVM GC Count" {
                unit: "short",
                width: 6, height: 7,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(rate(jvm_gc_collection_seconds_count{namespace="$kubernetes_namespace",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node",strimzi_io_name="$strimzi_cluster_name-kafka"}[5m])) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "JVM Thread Count" {
                description: "JVM thread count",
                unit: "short",
                width: 6, height: 7,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(jvm_threads_current{namespace="$kubernetes_namespace",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node",strimzi_io_name="$strimzi_cluster_name-kafka"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Append Metadata Records Rate" {
                description: "The average number of records appended per sec as the leader of the raft quorum.",
                unit: "short",
                width: 8,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                " {{kubernetes_pod_name}}" => r#"sum(kafka_server_raftmetrics_append_records_rate{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Fetch Metadata Records Rate" {
                description: "The average number of records fetched from the leader of the raft quorum.",
                unit: "short",
                width: 8,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(kafka_server_raftmetrics_fetch_records_rate{namespace="$kubernetes_namespace",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node",strimzi_io_name="$strimzi_cluster_name-kafka"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Metadata Records Commit Latency" {
                description: "The average time in milliseconds to commit an entry in the raft log.",
                unit: "ms",
                width: 8,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                " {{kubernetes_pod_name}}" => r#"sum(kafka_server_raftmetrics_commit_latency_avg{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            table "Current Raft State" {
                description: "The role of the node in KRaft",
                unit: "short",
                width: 6,
                transform: [
                    organize { exclude: ["Time", "Value"], order: ["Time", "kubernetes_pod_name", "current_state", "Value"], rename: { "current_state": "Current State", "kubernetes_pod_name": "Pod Name" } },
                ],
                set: {
                    "fieldConfig.defaults.custom.filterable": false,
                    "options.sortBy": [{ "desc": false, "displayName": "Pod Name" }],
                },
                "" => "max(kafka_server_raftmetrics_current_state) by (kubernetes_pod_name, current_state)" { instant: true, format: table },
            }
            timeseries "Current Quorum Leader" {
                description: "The current quorum leader's id; -1 indicates unknown",
                unit: "short",
                decimals: 0,
                width: 6,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(kafka_server_raftmetrics_current_leader{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Current Voted Leader" {
                description: "The current voted leader's id; -1 indicates not voted for anyone",
                unit: "short",
                decimals: 0,
                width: 6,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(kafka_server_raftmetrics_current_vote{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Current Quorum Epoch" {
                description: "The current quorum epoch",
                unit: "short",
                decimals: 0,
                width: 6,
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(kafka_server_raftmetrics_current_epoch{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Metadata Topic Incoming Bytes Rate" {
                description: "The number of bytes read off all sockets per second",
                unit: "bytes",
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(irate(kafka_server_raftchannelmetrics_incoming_byte_total{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}[5m])) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Metadata Topic Outgoing Bytes Rate" {
                description: "The number of outgoing bytes sent to all servers per second",
                unit: "bytes",
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(irate(kafka_server_raftchannelmetrics_outgoing_byte_total{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}[5m])) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Metadata Topic Requests Rate" {
                description: "The number of requests sent per second",
                unit: "short",
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(irate(kafka_server_raftchannelmetrics_request_total{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}[5m])) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Metadata Topic Responses Rate" {
                description: "The number of responses received per second",
                unit: "short",
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(irate(kafka_server_raftchannelmetrics_response_total{namespace="$kubernetes_namespace",strimzi_io_cluster="$strimzi_cluster_name",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node"}[5m])) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "High Watermark" {
                description: "The high watermark maintained on this member; -1 if it is unknown.",
                unit: "short",
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(kafka_server_raftmetrics_high_watermark{namespace="$kubernetes_namespace",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node",strimzi_io_name="$strimzi_cluster_name-kafka"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
            timeseries "Log End Offset" {
                description: "The current raft log end offset.",
                unit: "short",
                fill_opacity: 10,
                show_points: never,
                tooltip_sort: none,
                "{{kubernetes_pod_name}}" => r#"sum(kafka_server_raftmetrics_log_end_offset{namespace="$kubernetes_namespace",kubernetes_pod_name=~"$strimzi_cluster_name-$kraft_node",strimzi_io_name="$strimzi_cluster_name-kafka"}) by (kubernetes_pod_name)"# {
                    set: {
                        "intervalFactor": 1,
                    },
                },
            }
        }
    };
}
