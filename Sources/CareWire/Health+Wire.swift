import CareModel
import Foundation

extension WireCheckupResult {
    init(_ r: CheckupResult) {
        self.init()
        item = r.item.rawValue
        if let value = r.value { self.value = value }
        if let code = r.code { self.code = code }
        if let note = r.note { self.note = note }
        unit = r.unit
        abnormal = r.abnormal
    }
}

extension WireCheckup {
    init(_ c: Checkup) {
        self.init()
        elderID = c.elderId.uuidString
        date = c.date
        place = c.place
        station = c.station.rawValue
        enteredBy = c.enteredBy
        recordedAtMillis = c.recordedAtMillis
        results = c.results.map(WireCheckupResult.init)
        if let summary = c.summary { self.summary = summary }
    }
}

extension Checkup {
    /// A check-up from a peer; `id` and `home` are the change's. The results keep the flag
    /// the entering node gave them (its reference ranges were the ones in force there).
    init(wire: WireCheckup, id: UUID, home: DivisionCode) throws(WireError) {
        var results: [CheckupResult] = []
        for (index, r) in wire.results.enumerated() {
            let item: CheckupItem = try FieldCheck.nested("results[\(index)]") { () throws(WireError) -> CheckupItem in try FieldCheck.code(r.item, "item") }
            results.append(CheckupResult(
                item: item, value: r.hasValue ? r.value : nil, code: r.hasCode ? r.code : nil, note: r.hasNote ? r.note : nil,
                unit: r.unit, abnormal: r.abnormal))
        }
        try self.init(
            id: id, home: home, elderId: FieldCheck.uuid(wire.elderID, "elder_id"), date: FieldCheck.required(wire.date, "date"),
            place: FieldCheck.required(wire.place, "place"), station: FieldCheck.division(wire.station, "station"),
            enteredBy: FieldCheck.required(wire.enteredBy, "entered_by"), recordedAtMillis: wire.recordedAtMillis, results: results,
            summary: wire.hasSummary ? wire.summary : nil)
    }
}

extension WireChronicCondition {
    init(_ c: ChronicCondition) {
        self.init()
        elderID = c.elderId.uuidString
        disease = c.disease.rawValue
        if let diagnosedOn = c.diagnosedOn { self.diagnosedOn = diagnosedOn }
        registeredOn = c.registeredOn
        intervalDays = Int32(clamping: c.intervalDays)
        status = c.status.rawValue
        if let note = c.note { self.note = note }
    }
}

extension ChronicCondition {
    /// An entry from a peer; its id must be the one its elder and disease give.
    init(wire: WireChronicCondition, id: UUID, home: DivisionCode) throws(WireError) {
        let elderId = try FieldCheck.uuid(wire.elderID, "elder_id")
        let disease: ChronicDisease = try FieldCheck.code(wire.disease, "disease")
        try self.init(
            home: home, elderId: elderId, disease: disease, diagnosedOn: wire.hasDiagnosedOn ? wire.diagnosedOn : nil,
            registeredOn: FieldCheck.required(wire.registeredOn, "registered_on"),
            intervalDays: FieldCheck.range(wire.intervalDays, "interval_days", ChronicCondition.intervalRange),
            status: FieldCheck.code(wire.status, "status"), note: wire.hasNote ? wire.note : nil)
        guard self.id == id else { throw WireError(field: "", problem: "condition id \(id) does not match its elder and disease") }
    }
}

extension WireFollowUp {
    init(_ f: FollowUp) {
        self.init()
        conditionID = f.conditionId.uuidString
        elderID = f.elderId.uuidString
        date = f.date
        method = f.method.rawValue
        by = f.by
        if let systolic = f.systolic { self.systolic = systolic }
        if let diastolic = f.diastolic { self.diastolic = diastolic }
        if let fastingGlucose = f.fastingGlucose { self.fastingGlucose = fastingGlucose }
        if let weight = f.weight { self.weight = weight }
        outcome = f.outcome.rawValue
        nextDue = f.nextDue
        if let note = f.note { self.note = note }
        recordedAtMillis = f.recordedAtMillis
    }
}

extension FollowUp {
    init(wire: WireFollowUp, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, conditionId: FieldCheck.uuid(wire.conditionID, "condition_id"),
            elderId: FieldCheck.uuid(wire.elderID, "elder_id"), date: FieldCheck.required(wire.date, "date"),
            method: FieldCheck.code(wire.method, "method"), by: FieldCheck.required(wire.by, "by"),
            systolic: wire.hasSystolic ? wire.systolic : nil, diastolic: wire.hasDiastolic ? wire.diastolic : nil,
            fastingGlucose: wire.hasFastingGlucose ? wire.fastingGlucose : nil, weight: wire.hasWeight ? wire.weight : nil,
            outcome: FieldCheck.code(wire.outcome, "outcome"), nextDue: FieldCheck.required(wire.nextDue, "next_due"),
            note: wire.hasNote ? wire.note : nil, recordedAtMillis: wire.recordedAtMillis)
    }
}

extension Checkup: WireMapped {
    static let wireKind = WireEntityKind.checkup
    static func message(in record: WireChange.OneOf_Record) -> WireCheckup? { if case .checkup(let message) = record { message } else { nil } }
    static func record(_ message: WireCheckup) -> WireChange.OneOf_Record { .checkup(message) }
    var wireMessage: WireCheckup { WireCheckup(self) }
    static func decode(_ message: WireCheckup, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Checkup(wire: message, id: id, home: home) }
}

extension ChronicCondition: WireMapped {
    static let wireKind = WireEntityKind.chronicCondition
    static func message(in record: WireChange.OneOf_Record) -> WireChronicCondition? { if case .chronicCondition(let message) = record { message } else { nil } }
    static func record(_ message: WireChronicCondition) -> WireChange.OneOf_Record { .chronicCondition(message) }
    var wireMessage: WireChronicCondition { WireChronicCondition(self) }
    static func decode(_ message: WireChronicCondition, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try ChronicCondition(wire: message, id: id, home: home) }
}

extension FollowUp: WireMapped {
    static let wireKind = WireEntityKind.followUp
    static func message(in record: WireChange.OneOf_Record) -> WireFollowUp? { if case .followUp(let message) = record { message } else { nil } }
    static func record(_ message: WireFollowUp) -> WireChange.OneOf_Record { .followUp(message) }
    var wireMessage: WireFollowUp { WireFollowUp(self) }
    static func decode(_ message: WireFollowUp, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try FollowUp(wire: message, id: id, home: home) }
}
