import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat
import Synchronization

/// A webhook receiver on loopback (plain HTTP/1.1, Hummingbird): it answers each POST with the
/// next status of its script (200 once the script is used up) and keeps what arrived.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let path: String
        let headers: HTTPFields
        let body: Data
        let at: ContinuousClock.Instant

        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
    }

    private let state: Mutex<(script: [Int], received: [Received])>
    private let task: Mutex<Task<Void, any Error>?> = Mutex(nil)
    private let boundPort = Mutex<Int?>(nil)

    private init(script: [Int]) { state = Mutex((script, [])) }

    var received: [Received] { state.withLock { $0.received } }
    var port: Int { boundPort.withLock { $0 } ?? 0 }
    func url(_ path: String = "/hook") -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    static func start(answers script: [Int] = []) async throws -> WebhookReceiver {
        let receiver = WebhookReceiver(script: script)
        let router = Router()
        router.post("/**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            let status = receiver.state.withLock { state -> Int in
                state.received.append(Received(path: request.uri.path, headers: request.headers, body: Data(buffer: body), at: .now))
                return state.script.isEmpty ? 200 : state.script.removeFirst()
            }
            return Response(status: HTTPResponse.Status(code: status))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        // Its own shutdown (cancelled under open connections) is not the test's business.
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "receiver"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        receiver.task.withLock { $0 = Task { try await app.runService(gracefulShutdownSignals: []) } }
        for await port in ports {
            receiver.boundPort.withLock { $0 = port }
            break
        }
        return receiver
    }

    /// Waits until `count` requests have arrived or `timeout` has passed.
    func wait(for count: Int, timeout: Duration = .seconds(20)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while received.count < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return received
    }

    func stop() async {
        let task = task.withLock { $0 }
        task?.cancel()
        _ = await task?.result
    }
}
