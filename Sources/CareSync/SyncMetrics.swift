import Prometheus

/// Sync counters and lag for /metrics, kept in the node's own registry (several nodes can run
/// in one process in tests and the demo, so the global metrics system is not used).
public struct SyncMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let pushedChanges: Counter
    public let pushedBlobs: Counter
    public let pulledChanges: Counter
    public let receivedChanges: Counter
    public let servedChanges: Counter
    public let rejectedChanges: Counter
    public let conflicts: Counter
    public let failures: Counter
    /// Changes waiting to go to the parent.
    public let pushBacklog: Gauge
    /// Age in seconds of the oldest change not yet acknowledged by the parent.
    public let oldestUnsyncedSeconds: Gauge

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        func counter(_ name: String, _ help: String) -> Counter {
            registry.makeCounter(descriptor: .init(namespace: "carenode", subsystem: "sync", metricName: name, unitName: "total", helpText: help))
        }
        func gauge(_ name: String, _ unit: String, _ help: String) -> Gauge {
            registry.makeGauge(descriptor: .init(namespace: "carenode", subsystem: "sync", metricName: name, unitName: unit, helpText: help))
        }
        pushedChanges = counter("pushed_changes", "Changes pushed to the parent and acknowledged.")
        pushedBlobs = counter("pushed_blobs", "Photos and recordings sent to the parent.")
        pulledChanges = counter("pulled_changes", "Changes pulled from the parent and applied.")
        receivedChanges = counter("received_changes", "Changes pushed to this node by its children and applied.")
        servedChanges = counter("served_changes", "Changes served to children's pulls.")
        rejectedChanges = counter("rejected_changes", "Changes refused (out of scope, invalid).")
        conflicts = counter("conflicts", "Conflicts recorded while merging.")
        failures = counter("failures", "Failed sync exchanges with the parent.")
        pushBacklog = gauge("push_backlog", "changes", "Changes waiting to be pushed to the parent.")
        oldestUnsyncedSeconds = gauge("oldest_unsynced", "seconds", "Age of the oldest change the parent has not acknowledged.")
    }

    /// The registry in the Prometheus text format.
    public func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
