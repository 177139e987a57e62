import CareModel
import CareStore
import Foundation

/// Takes a device report from HTTP or MQTT: authenticates the device, validates the batch and
/// stores it. A refusal carries the reason, is counted, and stores nothing.
public struct DeviceIngest: Sendable {
    public let db: AppDatabase
    public let wallClock: @Sendable () -> Int64

    /// - Parameter wallClock: the time reports are judged against; the database's own clock
    ///   unless a test drives another.
    public init(db: AppDatabase, wallClock: (@Sendable () -> Int64)? = nil) {
        self.db = db
        self.wallClock = wallClock ?? { [clock = db.clock] in clock.wallMillis }
    }

    public struct Refusal: Error, Sendable, CustomStringConvertible {
        /// A stable reason code, counted per node: unknown-device, bad-token, malformed, invalid, unassigned.
        public let reason: String
        public let description: String
        public var fields: [FieldError] = []
    }

    /// Checks and stores one report, on the store's threads (one hop for the whole report).
    public func ingest(serial: String, token: String?, body: Data) async throws -> IngestOutcome {
        try await db.perform { _ in try ingestNow(serial: serial, token: token, body: body) }
    }

    private func ingestNow(serial: String, token: String?, body: Data) throws -> IngestOutcome {
        do {
            return try accept(serial: serial, token: token, body: body)
        } catch let refusal as Refusal {
            try db.countIngestRejection(refusal.reason)
            throw refusal
        }
    }

    private func accept(serial: String, token: String?, body: Data) throws -> IngestOutcome {
        guard let (device, elder) = try db.deviceAssignment(serial: serial) else {
            throw Refusal(reason: "unknown-device", description: "no device with serial '\(serial)' is registered at this node")
        }
        let draft: DeviceReport.Draft
        do {
            draft = try JSONDecoder().decode(DeviceReport.Draft.self, from: body)
        } catch {
            throw Refusal(reason: "malformed", description: "the report is not a JSON object with readings and/or events: \(error)")
        }
        guard let token = token ?? draft.token, try db.verifyDeviceToken(serial: serial, token: token) else {
            throw Refusal(reason: "bad-token", description: "missing or wrong device token for '\(serial)'")
        }
        guard let elder, device.status == .active else {
            throw Refusal(reason: "unassigned", description: "device '\(serial)' is not in use by an elder (status \(device.status.rawValue))")
        }
        let now = wallClock()
        let report: DeviceReport
        do {
            report = try DeviceReport(validating: draft, nowMillis: now)
        } catch {
            throw Refusal(reason: "invalid", description: "the report was refused: \(error.description)", fields: error.errors)
        }
        return try db.ingest(report, device: device, elder: elder, nowMillis: now)
    }
}
