import AsyncHTTPClient
import CareAPI
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// How webhook notices are sent: the node's secret (signatures, see `WebhookSignature`) and
/// the retry schedule.
public struct WebhookSettings: Sendable {
    /// Signs every notice when set (`webhook-secret` in the YAML, or `CARENODE_WEBHOOK_SECRET`).
    public var secret: String?
    /// Tries at one notice before it is logged and dropped.
    public var attempts = 6
    /// The wait after the first failure; it doubles after each (1, 2, 4, 8, 16 s by default).
    public var firstDelay: Duration = .seconds(1)
    public var maxDelay: Duration = .seconds(60)
    /// How long one attempt may take.
    public var timeout: Duration = .seconds(10)

    public init(secret: String? = nil) { self.secret = secret }

    /// The wait before attempt `attempt + 1` (after `attempt` failures).
    func delay(after attempt: Int) -> Duration {
        let doubled = firstDelay * (1 << min(attempt - 1, 20))
        return doubled < maxDelay ? doubled : maxDelay
    }
}

/// POSTs one notice as JSON, signed, and retries it with exponential backoff: after a network
/// error, a timeout, a 5xx, 408 or 429. Any other answer outside 2xx (a receiver that refuses
/// the notice, say for its signature) will not change by sending again, so it ends the
/// delivery at once. A notice that has not been delivered after `attempts` tries is logged
/// and dropped. Each notice waits only for its own retries; the callers run in their own tasks,
/// so nothing else on the node waits for a receiver.
public struct WebhookPoster: Sendable {
    public enum Outcome: Sendable, Equatable {
        case delivered(attempts: Int)
        /// Dropped after this many attempts; the last answer or error.
        case dropped(attempts: Int, reason: String)
    }

    public let settings: WebhookSettings
    let node: String
    let logger: Logger
    let client: HTTPClient

    public init(settings: WebhookSettings, node: String, logger: Logger, client: HTTPClient = .shared) {
        self.settings = settings
        self.node = node
        self.logger = logger
        self.client = client
    }

    /// Delivers `body` to `url`; `delivery` names the notice (the same on every attempt).
    @discardableResult
    public func post(_ body: Data, to url: URL, event: String, delivery: String) async -> Outcome {
        var attempt = 0
        while true {
            attempt += 1
            let reason: String
            do {
                let status = try await send(body, to: url, event: event, delivery: delivery)
                if (200..<300).contains(status) { return .delivered(attempts: attempt) }
                reason = "answered \(status)"
                if !(500..<600).contains(status) && status != 408 && status != 429 {
                    logger.error("webhook \(url.absoluteString) refused \(event) \(delivery) (\(reason)); not sent again")
                    return .dropped(attempts: attempt, reason: reason)
                }
            } catch {
                reason = "\(error)"
            }
            if attempt >= settings.attempts || Task.isCancelled {
                logger.error("webhook \(url.absoluteString): \(event) \(delivery) dropped after \(attempt) attempts (last: \(reason))")
                return .dropped(attempts: attempt, reason: reason)
            }
            let wait = settings.delay(after: attempt)
            logger.warning("webhook \(url.absoluteString): \(event) \(delivery) attempt \(attempt) failed (\(reason)); again in \(wait)")
            try? await Task.sleep(for: wait)
        }
    }

    private func send(_ body: Data, to url: URL, event: String, delivery: String) async throws -> UInt {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        let timestamp = Int64(Date().timeIntervalSince1970)
        request.headers.add(name: "content-type", value: "application/json; charset=utf-8")
        request.headers.add(name: "user-agent", value: "carenode/\(NodeInfo.softwareVersion)")
        request.headers.add(name: WebhookSignature.eventHeader, value: event)
        request.headers.add(name: WebhookSignature.deliveryHeader, value: delivery)
        request.headers.add(name: WebhookSignature.nodeHeader, value: node)
        request.headers.add(name: WebhookSignature.timestampHeader, value: String(timestamp))
        if let secret = settings.secret {
            request.headers.add(name: WebhookSignature.signatureHeader, value: WebhookSignature.sign(body: body, timestamp: timestamp, secret: secret))
        }
        request.body = .bytes(ByteBuffer(data: body))
        let seconds = Int64(settings.timeout.components.seconds)
        let response = try await client.execute(request, timeout: .milliseconds(max(1, seconds * 1000 + settings.timeout.components.attoseconds / 1_000_000_000_000_000)))
        // The answer's body is not read beyond a little, so a chatty receiver costs nothing.
        _ = try? await response.body.collect(upTo: 64 << 10)
        return response.status.code
    }
}
