import Foundation

/// One result of a check-up: the item, its value or code in the item's unit, an optional note
/// (the ECG's written summary) and whether it lies outside the item's reference.
public struct CheckupResult: Hashable, Codable, Sendable {
    public var item: CheckupItem
    public var value: Double?
    public var code: String?
    public var note: String?
    public var unit: String
    public var abnormal: Bool

    public init(item: CheckupItem, value: Double? = nil, code: String? = nil, note: String? = nil, unit: String? = nil, abnormal: Bool? = nil) {
        self.item = item
        self.value = value
        self.code = code
        self.note = note
        self.unit = unit ?? item.unit
        self.abnormal = abnormal ?? CheckupReference.isAbnormal(item, value: value, code: code)
    }
}

/// A check-up (健康体检, Anhui §5.3.2.6) entered at a station: a fact, homed with its elder
/// (it lives in the elder's community and follows the elder when the elder moves), flowing up.
public struct Checkup: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community.
    public var home: DivisionCode
    public var elderId: UUID
    /// YYYY-MM-DD, the day of the examination.
    public var date: String
    /// Where it took place (the station, a clinic, a home visit).
    public var place: String
    /// The node where it was entered.
    public var station: DivisionCode
    public var enteredBy: String
    public var recordedAtMillis: Int64
    public var results: [CheckupResult]
    /// The examining doctor's conclusion, if any.
    public var summary: String?

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, date: String, place: String, station: DivisionCode, enteredBy: String,
        recordedAtMillis: Int64, results: [CheckupResult], summary: String? = nil
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.date = date
        self.place = place
        self.station = station
        self.enteredBy = enteredBy
        self.recordedAtMillis = recordedAtMillis
        self.results = results
        self.summary = summary
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var date: String?
        public var place: String?
        public var summary: String?
        public var items: [ItemDraft]?

        public init() {}

        public struct ItemDraft: Codable, Sendable, Equatable {
            public var item: String?
            public var value: Double?
            public var code: String?
            public var note: String?
            public var unit: String?

            public init() {}
        }
    }

    public static let placeMax = 100
    public static let noteMax = 200
    public static let summaryMax = 1000

    /// Validates an operator's entry for `elder` (whose home the check-up takes), flags each
    /// result against `CheckupReference`, and computes BMI from weight and height.
    public init(
        validating draft: Draft, elderId: UUID, home: DivisionCode, station: DivisionCode, enteredBy: String, nowMillis: Int64
    ) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let date = v.required(draft.date, "date")
        if let date {
            if !CalendarDate.isValid(date) {
                v.fail("date", en: "date '\(date)' must be a date YYYY-MM-DD", zh: "体检日期格式应为YYYY-MM-DD")
            } else if date > VitalsSummary.day(nowMillis) {
                v.fail("date", en: "date \(date) is in the future", zh: "体检日期不能晚于今天")
            }
        }
        let place = v.text(draft.place, "place", max: Self.placeMax)
        let summary = v.text(draft.summary, "summary", max: Self.summaryMax, optional: true, multiline: true)
        var results: [CheckupResult] = []
        let items = draft.items ?? []
        if items.isEmpty { v.fail("items", en: "items needs at least one result", zh: "体检项目至少填写一项") }
        for (index, entry) in items.enumerated() {
            let field = "items[\(index)]"
            guard let item = v.code(entry.item, "\(field).item", as: CheckupItem.self) else { continue }
            if item.isComputed {
                v.fail("\(field).item", en: "\(item.rawValue) is computed from weight and height: leave it out", zh: "体质指数由身高体重自动计算，无需填写")
                continue
            }
            if results.contains(where: { $0.item == item }) {
                v.fail("\(field).item", en: "\(item.rawValue) is given twice", zh: "\(item.label.zh)重复填写")
                continue
            }
            if let unit = entry.unit, unit != item.unit {
                v.fail("\(field).unit", en: "\(item.rawValue) is recorded in '\(item.unit)', not '\(unit)'", zh: "\(item.label.zh)的单位应为“\(item.unit)”")
            }
            let note = v.text(entry.note, "\(field).note", max: Self.noteMax, optional: true)
            switch item.resultKind {
            case .number(let plausible):
                if entry.code != nil { v.fail("\(field).code", en: "\(item.rawValue) takes a value, not a code", zh: "\(item.label.zh)应填写数值") }
                guard let value = v.required(entry.value, "\(field).value") else { continue }
                guard value.isFinite, plausible.contains(value) else {
                    v.fail("\(field).value", en: "\(item.rawValue) \(value) is outside \(plausible.lowerBound)–\(plausible.upperBound) \(item.unit)",
                        zh: "\(item.label.zh)数值应在\(plausible.lowerBound)到\(plausible.upperBound)\(item.unit)之间")
                    continue
                }
                results.append(CheckupResult(item: item, value: value, note: note))
            case .code(let codes):
                if entry.value != nil { v.fail("\(field).value", en: "\(item.rawValue) takes a code, not a value", zh: "\(item.label.zh)应选择结果代码") }
                guard let code = v.required(entry.code, "\(field).code") else { continue }
                guard codes.contains(code) else {
                    v.fail("\(field).code", en: "\(item.rawValue) '\(code)' is not one of: \(codes.joined(separator: ", "))", zh: "\(item.label.zh)结果“\(code)”无效")
                    continue
                }
                results.append(CheckupResult(item: item, code: code, note: note))
            }
        }
        try v.check()
        if let bmi = Self.bmi(results) { results.append(CheckupResult(item: .bmi, value: bmi)) }
        self.init(
            id: id!, home: home, elderId: elderId, date: date!, place: place!, station: station, enteredBy: enteredBy,
            recordedAtMillis: nowMillis, results: results, summary: summary)
    }

    /// Weight (kg) over height (m) squared, to one decimal, when both were measured.
    public static func bmi(_ results: [CheckupResult]) -> Double? {
        guard let weight = results.first(where: { $0.item == .weight })?.value,
            let height = results.first(where: { $0.item == .height })?.value, height > 0
        else { return nil }
        let metres = height / 100
        return (weight / (metres * metres) * 10).rounded() / 10
    }

    /// The result of `item`, if measured.
    public func result(_ item: CheckupItem) -> CheckupResult? { results.first { $0.item == item } }

    /// How many results lie outside their reference.
    public var abnormalCount: Int { results.filter(\.abnormal).count }
}

extension Checkup: ReplicatedRecord {
    public static let kind = EntityKind.checkup
    public static let label = Label(en: "check-up", zh: "健康体检")
    /// A fact: what was measured on a day does not change. It is homed with its elder, and
    /// the one thing that may change is that home, when the elder moves (see CheckupTable).
    public static let mergeClass = MergeClass.fact
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
}

extension Checkup: ValidatedRecord {
    /// A check-up as it stands, however it arrived: every result in its item's unit and
    /// plausible range, each item once, BMI the one its weight and height give.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if !CalendarDate.isValid(date) { v.fail("date", en: "date '\(date)' must be a date YYYY-MM-DD", zh: "体检日期格式应为YYYY-MM-DD") }
        v.checkText(place, "place", max: Self.placeMax)
        v.checkText(enteredBy, "enteredBy", max: Operator.nameMaxLength)
        v.checkText(summary, "summary", max: Self.summaryMax, optional: true, multiline: true)
        v.checkMillis(recordedAtMillis, "recordedAtMillis")
        if results.isEmpty { v.fail("results", en: "results needs at least one result", zh: "体检项目至少一项") }
        var seen = Set<CheckupItem>()
        for (index, r) in results.enumerated() {
            let field = "results[\(index)]"
            if !seen.insert(r.item).inserted { v.fail("\(field).item", en: "\(r.item.rawValue) is given twice", zh: "\(r.item.label.zh)重复") }
            if r.unit != r.item.unit { v.fail("\(field).unit", en: "\(r.item.rawValue) is recorded in '\(r.item.unit)'", zh: "\(r.item.label.zh)的单位应为“\(r.item.unit)”") }
            v.checkText(r.note, "\(field).note", max: Self.noteMax, optional: true)
            switch r.item.resultKind {
            case .number(let plausible):
                if r.code != nil || !(r.value.map { $0.isFinite && plausible.contains($0) } ?? false) {
                    v.fail("\(field).value", en: "\(r.item.rawValue) needs a value within \(plausible.lowerBound)–\(plausible.upperBound)", zh: "\(r.item.label.zh)数值无效")
                }
            case .code(let codes):
                if r.value != nil || !(r.code.map(codes.contains) ?? false) {
                    v.fail("\(field).code", en: "\(r.item.rawValue) needs one of: \(codes.joined(separator: ", "))", zh: "\(r.item.label.zh)结果代码无效")
                }
            }
        }
        if let bmi = result(.bmi)?.value, bmi != Self.bmi(results) {
            v.fail("results", en: "bmi \(bmi) is not the one weight and height give", zh: "体质指数与身高体重不符")
        }
        return v.errors
    }
}
