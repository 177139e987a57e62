import CareModel
import CareStore
import Foundation
import Hummingbird

struct CheckupView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let date: String
    let place: String
    let station: String
    let enteredBy: String
    let recordedAt: Date
    let results: [CheckupResult]
    let abnormal: Int
    let summary: String?

    init(_ stored: Stored<Checkup>) {
        let c = stored.model
        id = c.id
        home = c.home.rawValue
        elderId = c.elderId
        date = c.date
        place = c.place
        station = c.station.rawValue
        enteredBy = c.enteredBy
        recordedAt = CareAPI.date(millis: c.recordedAtMillis)
        results = c.results
        abnormal = c.abnormalCount
        summary = c.summary
    }
}

struct ConditionView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let disease: String
    let diagnosedOn: String?
    let registeredOn: String
    let intervalDays: Int
    let status: String
    let note: String?
    /// When the next follow-up falls due, for an active entry.
    let dueOn: String?
    let dueState: String?
    let version: String

    init(_ stored: Stored<ChronicCondition>, lastFollowUp: FollowUp?, today: String) {
        let c = stored.model
        id = c.id
        home = c.home.rawValue
        elderId = c.elderId
        disease = c.disease.rawValue
        diagnosedOn = c.diagnosedOn
        registeredOn = c.registeredOn
        intervalDays = c.intervalDays
        status = c.status.rawValue
        note = c.note
        let due = c.status == .active ? FollowUpDue.of(c, lastFollowUp: lastFollowUp, today: today) : nil
        dueOn = due?.dueOn
        dueState = due?.state.rawValue
        version = stored.etag
    }
}

struct FollowUpView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let conditionId: UUID
    let elderId: UUID
    let date: String
    let method: String
    let by: String
    let systolic: Double?
    let diastolic: Double?
    let fastingGlucose: Double?
    let weight: Double?
    let outcome: String
    let nextDue: String
    let note: String?

    init(_ f: FollowUp) {
        id = f.id
        home = f.home.rawValue
        conditionId = f.conditionId
        elderId = f.elderId
        date = f.date
        method = f.method.rawValue
        by = f.by
        systolic = f.systolic
        diastolic = f.diastolic
        fastingGlucose = f.fastingGlucose
        weight = f.weight
        outcome = f.outcome.rawValue
        nextDue = f.nextDue
        note = f.note
    }
}

struct HealthRecordView: ResponseEncodable, Decodable {
    let elderId: UUID
    let today: String
    let checkups: [CheckupView]
    let conditions: [ConditionView]
    let followUps: [FollowUpView]
    let prescriptions: [PrescriptionView]
}

/// A line of the follow-up list: the condition, its elder by name, and how late it is.
struct DueView: ResponseEncodable, Decodable {
    let conditionId: UUID
    let elderId: UUID
    let elderName: String
    let home: String
    let disease: String
    let dueOn: String
    let state: String
    let daysLate: Int
    let lastFollowUp: String?
}

/// The reference ranges and item units the console shows beside a check-up form.
struct ReferenceView: ResponseEncodable, Decodable {
    struct Item: ResponseEncodable, Decodable {
        let item: String
        let label: String
        let labelZh: String
        let unit: String
        let codes: [String]?
        let low: Double?
        let below: Double?
        let normalCodes: [String]?
        let source: String?
        let computed: Bool
    }

    let items: [Item]

    init() {
        items = CheckupItem.allCases.map { item in
            let reference = CheckupReference.table[item]
            var codes: [String]?
            if case .code(let list) = item.resultKind { codes = list }
            return Item(
                item: item.rawValue, label: item.label.en, labelZh: item.label.zh, unit: item.unit, codes: codes,
                low: reference?.low, below: reference?.below, normalCodes: reference.map { $0.normalCodes.sorted() }.flatMap { $0.isEmpty ? nil : $0 },
                source: reference?.source, computed: item.isComputed)
        }
    }
}

/// An elder on the risk list: the score and each rule that fired with its figure, in words.
struct RiskView: ResponseEncodable, Decodable {
    struct Finding: ResponseEncodable, Decodable {
        let rule: String
        let points: Int
        let figure: Double
        let message: String
        let messageZh: String
    }

    let elderId: UUID
    let elderName: String
    let home: String
    let score: Int
    /// Whether the blood-pressure trend rule fired (the county's list of elders at rising risk).
    let rising: Bool
    let findings: [Finding]

    init(_ entry: RiskEntry) {
        elderId = entry.assessment.elderId
        elderName = entry.elderName
        home = entry.home.rawValue
        score = entry.assessment.score
        rising = entry.assessment.rising
        findings = entry.assessment.findings.map {
            Finding(rule: $0.rule.rawValue, points: $0.rule.points, figure: $0.figure, message: $0.message.en, messageZh: $0.message.zh)
        }
    }
}
