import CareIngest
import CareModel
import CareStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Device endpoints: the ingest route devices call with their own token, and the operator
/// routes to issue a token and see maintenance notices.
struct DeviceController {
    let db: AppDatabase
    let ingest: DeviceIngest

    struct IngestView: ResponseEncodable, Decodable {
        let readings: Int
        let events: Int
        let alertsRaised: [UUID]
        let alertsRepeated: [UUID]
        let maintenanceNotices: Int
    }

    struct TokenView: ResponseEncodable, Decodable {
        let serial: String
        let token: String
        let note: String
    }

    /// The largest device report accepted.
    static let maxReportBytes = 1 << 20

    /// `POST /api/v1/devices/{serial}/readings`, authenticated by `Authorization: Bearer <device token>`.
    /// Refusals are 401 (token), 404 (serial), 400 (not JSON) or 422 (fields), counted by reason.
    func ingestRoute(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<IngestView> {
        // The trie shares the parameter name with the operator routes (`devices/:id`); here it is the serial.
        let serial = try context.parameters.require("id")
        let buffer: ByteBuffer
        do {
            buffer = try await request.body(upTo: Self.maxReportBytes, what: "a device report")
        } catch let error as APIError where error.status == .contentTooLarge {
            try await db.perform { try $0.countIngestRejection("too-large") }
            throw error
        }
        let token = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        do {
            let outcome = try await ingest.ingest(serial: serial, token: token, body: Data(buffer: buffer))
            return EditedResponse(status: .created, response: IngestView(
                readings: outcome.readings, events: outcome.signals, alertsRaised: outcome.raised, alertsRepeated: outcome.repeated,
                maintenanceNotices: outcome.maintenanceNotices))
        } catch let refusal as DeviceIngest.Refusal {
            var error = APIError(Self.status(refusal.reason), refusal.description)
            error.fields = refusal.fields
            throw error
        }
    }

    static func status(_ reason: String) -> HTTPResponse.Status {
        switch reason {
        case "bad-token": .unauthorized
        case "unknown-device": .notFound
        case "malformed": .badRequest
        case "unassigned": .conflict
        default: .unprocessableContent
        }
    }

    /// Operator routes, mounted at /api/v1/devices.
    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.post, ":id/token", requires: .deviceWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<TokenView> in
            let id = try request.uuidParameter(context)
            guard let device = try await db.perform({ try $0.device(id: id, in: context.scope) }) else { throw APIError(.notFound, "no device with id \(id)") }
            let token = try await db.perform { try $0.issueDeviceToken(serial: device.model.serial) }
            return EditedResponse(status: .created, response: TokenView(
                serial: device.model.serial, token: token,
                note: "shown once; configure the device with it. Issuing again replaces it."))
        }
        routes.route(.get, "ingest-rejections", requires: .deviceRead) { (_: Request, _: NodeRequestContext) -> [String: Int] in
            try await db.perform { try $0.ingestRejections() }
        }
        return routes
    }
}
