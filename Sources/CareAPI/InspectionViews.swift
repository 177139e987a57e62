import CareModel
import CareStore
import Foundation
import Hummingbird

struct InspectionTemplateView: ResponseEncodable, Decodable {
    let id: UUID
    let title: String
    let target: String
    let items: [ChecklistItem]
    let retired: Bool
    let version: String

    init(_ stored: Stored<InspectionTemplate>) {
        id = stored.model.id
        title = stored.model.title
        target = stored.model.target.rawValue
        items = stored.model.items
        retired = stored.model.retired
        version = stored.etag
    }
}

/// An inspection as lists show it: its status, how many findings are still open, the earliest
/// open deadline and whether it has passed.
struct InspectionView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let target: String
    let organisationId: UUID?
    let organisationName: String?
    let templateId: UUID
    let plannedOn: String
    let inspector: String
    let plannedBy: String
    let note: String?
    let status: String
    let openFindings: Int
    let nextDueAt: Date?
    let overdue: Bool
    let version: String

    init(_ s: InspectionSummary, organisationName: String?, nowMillis: Int64) {
        let i = s.inspection
        id = i.id
        home = i.home.rawValue
        target = i.target.rawValue
        organisationId = i.organisationId
        self.organisationName = organisationName
        templateId = i.templateId
        plannedOn = i.plannedOn
        inspector = i.inspector
        plannedBy = i.plannedBy
        note = i.note
        status = s.status.rawValue
        openFindings = s.openFindings
        nextDueAt = s.nextDueMillis.map(date(millis:))
        overdue = (s.nextDueMillis ?? .max) < nowMillis
        version = "\"\(s.version.hlc.packed)-\(s.version.origin)\""
    }
}

struct InspectionStepView: ResponseEncodable, Decodable {
    let id: UUID
    let step: String
    let findingId: UUID?
    let item: String?
    let severity: String?
    let note: String
    let photos: [String]
    let dueAt: Date?
    let actor: String
    /// The node the step was taken at.
    let node: String
    let at: Date

    init(_ e: InspectionEvent) {
        id = e.id
        step = e.step.rawValue
        findingId = e.findingId
        item = e.item
        severity = e.severity?.rawValue
        note = e.note
        photos = e.photos
        dueAt = e.dueAtMillis.map(date(millis:))
        actor = e.actor
        node = e.version.origin
        at = date(millis: e.atMillis)
    }
}

/// A finding with where its rectification stands: `urgency` dueSoon (within a day: the
/// reminder) or overdue (escalated), for an open one.
struct FindingView: ResponseEncodable, Decodable {
    let id: UUID
    let item: String?
    let severity: String?
    let note: String
    let photos: [String]
    let state: String
    let dueAt: Date
    let urgency: String
    let rejections: Int
    let steps: [InspectionStepView]

    init(_ f: FindingState, nowMillis: Int64) {
        id = f.finding.id
        item = f.finding.item
        severity = f.finding.severity?.rawValue
        note = f.finding.note
        photos = f.finding.photos
        state = f.state.rawValue
        dueAt = date(millis: f.dueAtMillis)
        urgency = f.urgency(nowMillis: nowMillis).rawValue
        rejections = f.rejections
        steps = f.steps.map(InspectionStepView.init)
    }
}

struct InspectionDetailView: ResponseEncodable, Decodable {
    let inspection: InspectionView
    let checklist: InspectionTemplateView?
    let findings: [FindingView]
    let steps: [InspectionStepView]
    /// Steps written apart that no longer fit (kept, not applied).
    let ignoredSteps: [InspectionStepView]
}

/// A line of the rectification list: the finding and its inspection.
struct RectificationView: ResponseEncodable, Decodable {
    let inspection: InspectionView
    let finding: FindingView

    init(_ item: RectificationItem, organisationName: String?, nowMillis: Int64) {
        inspection = InspectionView(item.summary, organisationName: organisationName, nowMillis: nowMillis)
        finding = FindingView(item.finding, nowMillis: nowMillis)
    }
}
