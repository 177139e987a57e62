import Foundation

/// A stay's state: the fold of its care records in the order they were done (their time, then
/// their id), so the same records give the same state at every node whatever order they
/// arrived in. A record that does not fit where its time puts it (a meal while on leave, a
/// return without a leave, anything after discharge) is kept as ignored, never dropped; the
/// station refuses to write one (`admits`), so only records written apart can end up there.
public struct StayState: Sendable, Hashable {
    public var status: StayStatus = .inCare
    public var room: String
    public var bed: String?
    public var leftAtMillis: Int64?
    public var dischargedAtMillis: Int64?
    public var dischargeReason: String?
    public var applied: [CareRecord] = []
    public var ignored: [CareRecord] = []

    public init(room: String, bed: String?) {
        self.room = room
        self.bed = bed
    }

    static func inFoldOrder(_ a: CareRecord, _ b: CareRecord) -> Bool {
        a.atMillis != b.atMillis ? a.atMillis < b.atMillis : a.id.canonicalString < b.id.canonicalString
    }

    public static func fold(_ stay: Stay, _ records: some Sequence<CareRecord>) -> StayState {
        var seen = Set<UUID>()
        let ordered = records.filter { $0.stayId == stay.id && seen.insert($0.id).inserted }.sorted(by: inFoldOrder)
        var state = StayState(room: stay.room, bed: stay.bed)
        for record in ordered { state.apply(record, admittedAtMillis: stay.admittedAtMillis) }
        return state
    }

    mutating func apply(_ record: CareRecord, admittedAtMillis: Int64) {
        guard record.atMillis >= admittedAtMillis, record.item.allowedFrom.contains(status) else {
            ignored.append(record)
            return
        }
        switch record.item {
        case .leave: leftAtMillis = record.atMillis
        case .return: leftAtMillis = nil
        case .transfer:
            room = record.room ?? room
            bed = record.bed
        case .discharge:
            dischargedAtMillis = record.atMillis
            dischargeReason = record.detail
        default: break
        }
        if let next = record.item.leadsTo { status = next }
        applied.append(record)
    }

    /// Whether `record` may be written: it fits where its time puts it among `records`, and
    /// every record that fitted before still does. The reason when it may not.
    public static func refusal(of record: CareRecord, in stay: Stay, records: [CareRecord]) -> Label? {
        let before = fold(stay, records)
        let after = fold(stay, records + [record])
        if record.atMillis < stay.admittedAtMillis {
            return Label(en: "the record is dated before the admission", zh: "记录时间早于入住时间")
        }
        if after.ignored.contains(where: { $0.id == record.id }) {
            let status = fold(stay, records.filter { inFoldOrder($0, record) }).status
            return Label(
                en: "a \(record.item.rawValue) record does not fit a stay that is \(status.rawValue) at that time",
                zh: "该时间老人状态为“\(status.label.zh)”，不能登记“\(record.item.label.zh)”")
        }
        if after.applied.count != before.applied.count + 1 {
            return Label(
                en: "a \(record.item.rawValue) record at that time would no longer fit records already made after it",
                zh: "该时间的“\(record.item.label.zh)”与其后已登记的记录不符")
        }
        return nil
    }

    /// The status at the end of the instant `millis` (exclusive), replaying only what was done before it.
    public func status(before millis: Int64) -> StayStatus {
        var status = StayStatus.inCare
        for record in applied where record.atMillis < millis {
            if let next = record.item.leadsTo { status = next }
        }
        return status
    }
}

/// Occupancy and meals per station and day (入住率与助餐人次), China Standard Time days: a stay
/// counts on every day from its admission to its discharge, both included, as in care or on
/// leave by its status at the end of the day; meals and baths count on the day they were given.
public struct OccupancyDay: Sendable, Hashable, Codable {
    public var date: String
    public var station: DivisionCode
    public var dayCare = 0
    public var fullCare = 0
    public var onLeave = 0
    public var breakfast = 0
    public var lunch = 0
    public var dinner = 0
    public var bathing = 0

    public init(date: String, station: DivisionCode) {
        self.date = date
        self.station = station
    }

    public var meals: Int { breakfast + lunch + dinner }

    /// This day's figures with `other`'s added (a street's or the county's total over its stations).
    public func adding(_ other: OccupancyDay) -> OccupancyDay {
        var sum = self
        sum.dayCare += other.dayCare
        sum.fullCare += other.fullCare
        sum.onLeave += other.onLeave
        sum.breakfast += other.breakfast
        sum.lunch += other.lunch
        sum.dinner += other.dinner
        sum.bathing += other.bathing
        return sum
    }
    public var occupied: Int { dayCare + fullCare + onLeave }

    /// The longest period one request may count.
    public static let periodDaysMax = 93

    /// Each station's figures on each day of `from`…`to` that had a stay, by station and date.
    public static func count(_ stays: [(stay: Stay, state: StayState)], from: String, to: String) -> [OccupancyDay] {
        var rows: [String: OccupancyDay] = [:]
        let days = CalendarDate.days(from: from, to: to)
        guard days >= 0 else { return [] }
        for (stay, state) in stays {
            for offset in 0...days {
                let date = CalendarDate.adding(days: offset, to: from)
                let day = CalendarDate.chinaMillis(from: date, through: date)
                guard stay.admittedAtMillis < day.upperBound, (state.dischargedAtMillis ?? .max) >= day.lowerBound else { continue }
                let key = "\(date) \(stay.home.rawValue)"
                var row = rows[key] ?? OccupancyDay(date: date, station: stay.home)
                switch (state.status(before: day.upperBound), stay.kind) {
                case (.onLeave, _): row.onLeave += 1
                case (_, .dayCare): row.dayCare += 1
                case (_, .fullCare): row.fullCare += 1
                }
                for record in state.applied where day.contains(record.atMillis) {
                    switch (record.item, record.meal) {
                    case (.meal, .breakfast): row.breakfast += 1
                    case (.meal, .lunch): row.lunch += 1
                    case (.meal, .dinner): row.dinner += 1
                    case (.bathing, _): row.bathing += 1
                    default: break
                    }
                }
                rows[key] = row
            }
        }
        return rows.values.sorted { ($0.date, $0.station.rawValue) < ($1.date, $1.station.rawValue) }
    }
}
