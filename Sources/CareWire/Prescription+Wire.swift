import CareModel
import Foundation

extension WirePrescription {
    init(_ p: Prescription) {
        self.init()
        elderID = p.elderId.uuidString
        if let conditionId = p.conditionId { self.conditionID = conditionId.uuidString }
        kind = p.kind.rawValue
        issuedOn = p.issuedOn
        doctor = p.doctor
        advice = p.advice
        if let validUntil = p.validUntil { self.validUntil = validUntil }
        issuedBy = p.issuedBy
        if let at = p.acknowledgedAtMillis { acknowledgedAtMillis = at }
        if let by = p.acknowledgedBy { acknowledgedBy = by }
        if let at = p.withdrawnAtMillis { withdrawnAtMillis = at }
        if let reason = p.withdrawnReason { withdrawnReason = reason }
    }
}

extension Prescription: WireMapped {
    static let wireKind = WireEntityKind.prescription
    static func message(in record: WireChange.OneOf_Record) -> WirePrescription? { if case .prescription(let message) = record { message } else { nil } }
    static func record(_ message: WirePrescription) -> WireChange.OneOf_Record { .prescription(message) }
    var wireMessage: WirePrescription { WirePrescription(self) }

    /// A prescription from a peer; its record rules are checked after decoding, as every kind's.
    static func decode(_ m: WirePrescription, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try Prescription(
            id: id, home: home, elderId: FieldCheck.uuid(m.elderID, "elder_id"),
            conditionId: FieldCheck.uuid(m.conditionID, present: m.hasConditionID, "condition_id"),
            kind: FieldCheck.code(m.kind, "kind"), issuedOn: FieldCheck.required(m.issuedOn, "issued_on"),
            doctor: FieldCheck.required(m.doctor, "doctor"), advice: FieldCheck.required(m.advice, "advice"),
            validUntil: m.hasValidUntil ? m.validUntil : nil, issuedBy: FieldCheck.required(m.issuedBy, "issued_by"),
            acknowledgedAtMillis: m.hasAcknowledgedAtMillis ? m.acknowledgedAtMillis : nil,
            acknowledgedBy: m.hasAcknowledgedBy ? m.acknowledgedBy : nil,
            withdrawnAtMillis: m.hasWithdrawnAtMillis ? m.withdrawnAtMillis : nil,
            withdrawnReason: m.hasWithdrawnReason ? m.withdrawnReason : nil)
    }
}
