import CareModel
import Foundation

// Centralised care: a stay and the records of what was done in it.

extension WireStay {
    init(_ s: Stay) {
        self.init()
        elderID = s.elderId.uuidString
        kind = s.kind.rawValue
        room = s.room
        if let bed = s.bed { self.bed = bed }
        careLevel = Int32(s.careLevel)
        if let id = s.assessmentId { assessmentID = id.uuidString }
        contractFrom = s.contractFrom
        contractTo = s.contractTo
        contacts = s.contacts.map(WireEmergencyContact.init)
        admittedAtMillis = s.admittedAtMillis
        admittedBy = s.admittedBy
        if let note = s.note { self.note = note }
    }
}

extension Stay: WireMapped {
    static let wireKind = WireEntityKind.stay
    static func message(in record: WireChange.OneOf_Record) -> WireStay? { if case .stay(let message) = record { message } else { nil } }
    static func record(_ message: WireStay) -> WireChange.OneOf_Record { .stay(message) }
    var wireMessage: WireStay { WireStay(self) }

    static func decode(_ m: WireStay, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try Stay(
            id: id, home: home, elderId: FieldCheck.uuid(m.elderID, "elder_id"), kind: FieldCheck.code(m.kind, "kind"),
            room: FieldCheck.required(m.room, "room"), bed: m.hasBed ? m.bed : nil, careLevel: FieldCheck.range(m.careLevel, "care_level", 0...4),
            assessmentId: FieldCheck.uuid(m.assessmentID, present: m.hasAssessmentID, "assessment_id"),
            contractFrom: FieldCheck.required(m.contractFrom, "contract_from"), contractTo: FieldCheck.required(m.contractTo, "contract_to"),
            contacts: EmergencyContact.decode(m.contacts, "contacts"), admittedAtMillis: m.admittedAtMillis,
            admittedBy: FieldCheck.required(m.admittedBy, "admitted_by"), note: m.hasNote ? m.note : nil)
    }
}

extension WireCareRecord {
    init(_ r: CareRecord) {
        self.init()
        stayID = r.stayId.uuidString
        elderID = r.elderId.uuidString
        item = r.item.rawValue
        if let meal = r.meal { self.meal = meal.rawValue }
        if let detail = r.detail { self.detail = detail }
        if let room = r.room { self.room = room }
        if let bed = r.bed { self.bed = bed }
        by = r.by
        atMillis = r.atMillis
        recordedBy = r.recordedBy
        recordedAtMillis = r.recordedAtMillis
    }
}

extension CareRecord: WireMapped {
    static let wireKind = WireEntityKind.careRecord
    static func message(in record: WireChange.OneOf_Record) -> WireCareRecord? { if case .careRecord(let message) = record { message } else { nil } }
    static func record(_ message: WireCareRecord) -> WireChange.OneOf_Record { .careRecord(message) }
    var wireMessage: WireCareRecord { WireCareRecord(self) }

    static func decode(_ m: WireCareRecord, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try CareRecord(
            id: id, stayId: FieldCheck.uuid(m.stayID, "stay_id"), elderId: FieldCheck.uuid(m.elderID, "elder_id"), home: home,
            item: FieldCheck.code(m.item, "item"), meal: FieldCheck.code(m.meal, present: m.hasMeal, "meal"),
            detail: m.hasDetail ? m.detail : nil, room: m.hasRoom ? m.room : nil, bed: m.hasBed ? m.bed : nil,
            by: FieldCheck.required(m.by, "by"), atMillis: m.atMillis, recordedBy: FieldCheck.required(m.recordedBy, "recorded_by"),
            recordedAtMillis: m.recordedAtMillis)
    }
}
