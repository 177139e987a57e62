import CareModel
import CareStore
import Foundation
import Hummingbird

/// A window case as the API shows it: the elder by name, times as dates, and what may be done
/// next.
struct CaseView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let elderName: String?
    let kind: String
    let channel: String
    let summary: String
    let documents: [String]
    let complaintId: UUID?
    let takenAt: String
    let takenBy: String
    let receivedAt: Date
    let dueAt: Date
    let status: String
    let overdue: Bool
    let allowedSteps: [String]
    let version: String

    init(_ s: CaseSummary, elderName: String?, nowMillis: Int64) {
        let c = s.windowCase
        id = c.id
        home = c.home.rawValue
        elderId = c.elderId
        self.elderName = elderName
        kind = c.kind.rawValue
        channel = c.channel.rawValue
        summary = c.summary
        documents = c.documents
        complaintId = c.complaintId
        takenAt = c.takenAt.rawValue
        takenBy = c.takenBy
        receivedAt = date(millis: c.receivedAtMillis)
        dueAt = date(millis: c.dueAtMillis)
        status = s.status.rawValue
        overdue = s.isOverdue(nowMillis: nowMillis)
        allowedSteps = CaseStep.allowed(from: s.status, kind: c.kind).map(\.rawValue)
        version = "\"\(s.version.hlc.packed)-\(s.version.origin)\""
    }
}

struct CaseStepView: ResponseEncodable, Decodable {
    let id: UUID
    let step: String
    let actor: String
    /// The node the step was taken at (the county for a decision).
    let node: String
    let note: String
    let orderId: UUID?
    let at: Date

    init(_ e: CaseEvent) {
        id = e.id
        step = e.step.rawValue
        actor = e.actor
        node = e.version.origin
        note = e.note
        orderId = e.orderId
        at = date(millis: e.version.hlc.millis)
    }
}

struct CaseDetailView: ResponseEncodable, Decodable {
    let `case`: CaseView
    let steps: [CaseStepView]
    /// Steps that no longer fitted when they arrived (a stage taken at two tiers at once).
    let ignoredSteps: [CaseStepView]
    /// The county's decision on an application: approve or return.
    let decision: String?
    let result: String?
    let orderId: UUID?
}
