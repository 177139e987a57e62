import CareModel
import CareStore
import Foundation
import Hummingbird

/// A call as the console sees it. The number is personal data: masked for a role without
/// `elder.identity`, as an elder's phone is.
struct CallView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let direction: String
    let number: String?
    let deviceSerial: String?
    let startedAt: Date
    let takenAt: String
    let agent: String
    let elderId: UUID?
    let matchedBy: String?
    let purpose: String?
    let outcome: String?
    let open: Bool
    let durationSeconds: Int?
    let completedAt: Date?
    let note: String?
    let orderId: UUID?
    let alertId: UUID?
    let complaintId: UUID?
    let callbackOf: UUID?
    let recording: String?
    let version: String

    init(_ stored: Stored<CallRecord>, reveal: Bool) {
        let c = stored.model
        id = c.id
        home = c.home.rawValue
        direction = c.direction.rawValue
        number = reveal ? c.number : Mask.phone(c.number)
        deviceSerial = c.deviceSerial
        startedAt = date(millis: c.startedAtMillis)
        takenAt = c.takenAt.rawValue
        agent = c.agent
        elderId = c.elderId
        matchedBy = c.matchedBy?.rawValue
        purpose = c.purpose?.rawValue
        outcome = c.outcome?.rawValue
        open = c.isOpen
        durationSeconds = c.durationSeconds
        completedAt = c.completedAtMillis.map(date(millis:))
        note = c.note
        orderId = c.orderId
        alertId = c.alertId
        complaintId = c.complaintId
        callbackOf = c.callbackOf
        recording = c.recording
        version = stored.etag
    }
}

/// One elder the call may concern, with what the agent needs on the screen at once (来电弹屏):
/// the profile (masked), open orders and open alerts.
struct CallerView: ResponseEncodable, Decodable {
    let elder: ElderView
    let matchedBy: String
    let openOrders: [OrderView]
    let openAlerts: [AlertView]
}

/// The pop-up: the call and its caller(s). One caller when the call's elder is known; every
/// match when the number belongs to several elders (a daughter listed for both parents).
struct CallPopupView: ResponseEncodable, Decodable {
    let call: CallView
    let callers: [CallerView]

    /// Orders still being served: neither finished nor closed.
    static let openOrderStatuses: Set<OrderStatus> = [.requested, .referred, .dispatched, .accepted, .checkedIn]

    /// Builds the pop-up of `stored`; `matches` are the number's elders when the call was just
    /// taken (otherwise the call's own elder is shown).
    static func make(_ stored: Stored<CallRecord>, matches: [CallerMatch]?, scope: Jurisdiction?, reveal: Bool, _ db: AppDatabase) throws -> CallPopupView {
        var callers: [CallerMatch] = []
        if let elderId = stored.model.elderId {
            if let elder = try db.elder(id: elderId, in: scope) {
                callers = [CallerMatch(elder: elder, matchedBy: stored.model.matchedBy ?? .chosen)]
            }
        } else if let matches {
            callers = matches
        } else if let number = stored.model.number {
            callers = try db.callers(number: number, scope: scope)
        }
        return CallPopupView(call: CallView(stored, reveal: reveal), callers: try callers.map { try caller($0, scope: scope, db) })
    }

    private static func caller(_ match: CallerMatch, scope: Jurisdiction?, _ db: AppDatabase) throws -> CallerView {
        var orders = ListFilter(limit: 50)
        orders.elder = match.elder.model.id
        orders.scope = scope
        var alerts = ListFilter(limit: 50)
        alerts.elder = match.elder.model.id
        alerts.scope = scope
        let name = match.elder.model.name
        return CallerView(
            elder: ElderView(match.elder), matchedBy: match.matchedBy.rawValue,
            openOrders: try db.orders(orders).items.filter { openOrderStatuses.contains($0.status) }.map { OrderView($0) },
            openAlerts: try db.alerts(alerts).items.filter { $0.status.isOpen }.map { AlertView($0, elderName: name) })
    }
}

struct CallQueueView: ResponseEncodable, Decodable {
    let open: [CallView]
    let callbacksDue: [CallView]
}

struct CallFiguresView: ResponseEncodable, Decodable {
    struct Row: ResponseEncodable, Decodable {
        let agent: String
        let day: String
        let calls: Int
        let answered: Int
        let missed: Int
        let averageHandlingSeconds: Double?
    }

    let from: String
    let to: String
    let rows: [Row]
    /// All agents together over the period.
    let total: Row
}
