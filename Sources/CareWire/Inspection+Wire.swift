import CareModel
import Foundation

// Supervision: the county's checklists, inspections and their steps.

extension WireInspectionTemplate {
    init(_ t: InspectionTemplate) {
        self.init()
        title = t.title
        target = t.target.rawValue
        items = t.items.map {
            var item = WireChecklistItem()
            item.code = $0.code
            item.text = $0.text
            return item
        }
        retired = t.retired
    }
}

extension InspectionTemplate: WireMapped {
    static let wireKind = WireEntityKind.inspectionTemplate
    static func message(in record: WireChange.OneOf_Record) -> WireInspectionTemplate? {
        if case .inspectionTemplate(let message) = record { message } else { nil }
    }
    static func record(_ message: WireInspectionTemplate) -> WireChange.OneOf_Record { .inspectionTemplate(message) }
    var wireMessage: WireInspectionTemplate { WireInspectionTemplate(self) }

    static func decode(_ m: WireInspectionTemplate, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try InspectionTemplate(
            id: id, home: home, title: FieldCheck.required(m.title, "title"), target: FieldCheck.code(m.target, "target"),
            items: m.items.map { ChecklistItem(code: $0.code, text: $0.text) }, retired: m.retired)
    }
}

extension WireInspection {
    init(_ i: Inspection) {
        self.init()
        target = i.target.rawValue
        if let id = i.organisationId { organisationID = id.uuidString }
        templateID = i.templateId.uuidString
        plannedOn = i.plannedOn
        inspector = i.inspector
        plannedBy = i.plannedBy
        plannedAtMillis = i.plannedAtMillis
        if let note = i.note { self.note = note }
    }
}

extension Inspection: WireMapped {
    static let wireKind = WireEntityKind.inspection
    static func message(in record: WireChange.OneOf_Record) -> WireInspection? { if case .inspection(let message) = record { message } else { nil } }
    static func record(_ message: WireInspection) -> WireChange.OneOf_Record { .inspection(message) }
    var wireMessage: WireInspection { WireInspection(self) }

    static func decode(_ m: WireInspection, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try Inspection(
            id: id, home: home, target: FieldCheck.code(m.target, "target"),
            organisationId: FieldCheck.uuid(m.organisationID, present: m.hasOrganisationID, "organisation_id"),
            templateId: FieldCheck.uuid(m.templateID, "template_id"), plannedOn: FieldCheck.required(m.plannedOn, "planned_on"),
            inspector: FieldCheck.required(m.inspector, "inspector"), plannedBy: FieldCheck.required(m.plannedBy, "planned_by"),
            plannedAtMillis: m.plannedAtMillis, note: m.hasNote ? m.note : nil)
    }
}

extension WireInspectionEvent {
    init(_ e: InspectionEvent) {
        self.init()
        inspectionID = e.inspectionId.uuidString
        step = e.step.rawValue
        if let id = e.findingId { findingID = id.uuidString }
        if let item = e.item { self.item = item }
        if let severity = e.severity { self.severity = severity.rawValue }
        note = e.note
        photos = e.photos
        if let due = e.dueAtMillis { dueAtMillis = due }
        actor = e.actor
        atMillis = e.atMillis
    }
}

extension InspectionEvent: WireMapped {
    static let wireKind = WireEntityKind.inspectionEvent
    static func message(in record: WireChange.OneOf_Record) -> WireInspectionEvent? {
        if case .inspectionEvent(let message) = record { message } else { nil }
    }
    static func record(_ message: WireInspectionEvent) -> WireChange.OneOf_Record { .inspectionEvent(message) }
    var wireMessage: WireInspectionEvent { WireInspectionEvent(self) }

    /// A step from a peer; its version is the change's, which is its place in the fold.
    static func decode(_ m: WireInspectionEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try InspectionEvent(
            id: id, inspectionId: FieldCheck.uuid(m.inspectionID, "inspection_id"), home: home, step: FieldCheck.code(m.step, "step"),
            version: version, findingId: FieldCheck.uuid(m.findingID, present: m.hasFindingID, "finding_id"),
            item: m.hasItem ? m.item : nil, severity: FieldCheck.code(m.severity, present: m.hasSeverity, "severity"), note: m.note,
            photos: m.photos, dueAtMillis: m.hasDueAtMillis ? m.dueAtMillis : nil, actor: FieldCheck.required(m.actor, "actor"),
            atMillis: m.atMillis)
    }
}
