import CareMQTT
import Foundation
import MQTTTestSupport

/// Collects everything an AsyncStream yields, so tests can poll it with deadlines.
/// (Racing `next()` against a timeout would cancel the iterating task, and cancelling
/// an AsyncStream consumer terminates the stream for good.) Lock-based rather than an actor so
/// its state can be read synchronously, e.g. inside `#expect` comments.
final class Recorder<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storedItems: [Element] = []
    private var storedFinished = false

    static func collecting(_ stream: AsyncStream<Element>) -> Recorder<Element> {
        let recorder = Recorder()
        Task {
            for await item in stream {
                recorder.locked { $0.storedItems.append(item) }
            }
            recorder.locked { $0.storedFinished = true }
        }
        return recorder
    }

    var items: [Element] { locked { $0.storedItems } }
    var finished: Bool { locked { $0.storedFinished } }

    func count(where predicate: (Element) -> Bool) -> Int {
        items.filter(predicate).count
    }

    private func locked<T>(_ body: (Recorder) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(self)
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
func eventually(within timeout: Duration, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
}

extension MQTTConnectionEvent {
    var isSubscribed: Bool {
        if case .subscribed = self { return true }
        return false
    }

    var isUnexpectedDisconnect: Bool {
        if case let .disconnected(code, _) = self { return code != 0 }
        return false
    }
}

/// A subscriber for the test community with a unique client id and a short reconnect backoff.
func makeSubscriber(port: UInt16, clientID: String = "caremqtt-test-\(UUID().uuidString)", minDelay: UInt32 = 1) -> MQTTSubscriber {
    let configuration = MQTTConfiguration(
        host: "127.0.0.1",
        port: Int(port),
        clientID: clientID,
        reconnectMinDelaySeconds: minDelay,
        reconnectMaxDelaySeconds: max(2, minDelay)
    )
    return MQTTSubscriber(configuration: configuration, topicFilters: [DeviceTopic.filter(community: "c1")])
}

/// Runs `body` with a fresh broker and always stops the broker afterwards, even on failure.
func withBroker<Result>(
    port: UInt16? = nil,
    extraConfig: [String] = [],
    _ body: (MosquittoBroker) async throws -> Result
) async throws -> Result {
    let broker = try await MosquittoBroker.start(port: port, extraConfig: extraConfig)
    do {
        let result = try await body(broker)
        await broker.stop()
        return result
    } catch {
        await broker.stop()
        throw error
    }
}
