import Foundation

/// How a period's figures are read (`QualitySummary.plan`): which months, days and hours come
/// from the kept tables, and which hours from the records.
extension QualitySummary {
    /// How a period is read: whole months from a month table (keys yyyymm), whole days around
    /// them from a day table (days since 1970 in China Standard Time), and the rest (`raw`, as
    /// [from, to) millisecond ranges) from the records. A month mostly inside the period is
    /// read whole, less the days outside it (`lessDays`).
    struct Plan: Equatable {
        var months: [Range<Int>] = []
        var days: [Range<Int64>] = []
        /// Days of months read whole that lie outside the period: their sums are taken away.
        var lessDays: [Range<Int64>] = []
        var raw: [Range<Int64>] = []
        /// Hours of days read whole that lie outside the period: read from the records and
        /// taken away. A day more than half inside the period is read whole less the rest.
        var lessRaw: [Range<Int64>] = []
        /// Whole hours (keys: hours since 1970) of `raw` and of `lessRaw`, when the question
        /// is one the street tables answer (`splitHours`).
        var hours: [Range<Int64>] = []
        var lessHours: [Range<Int64>] = []

        /// Reads the whole hours of the raw ranges from the hour table: only the minutes at
        /// either end of each are left to the records.
        mutating func splitHours() {
            func split(_ ranges: [Range<Int64>]) -> (hours: [Range<Int64>], rest: [Range<Int64>]) {
                var hours: [Range<Int64>] = [], rest: [Range<Int64>] = []
                for range in ranges {
                    let first = (range.lowerBound + hourMillis - 1) / hourMillis, end = range.upperBound / hourMillis
                    guard first < end, range.lowerBound >= kept.lowerBound, range.upperBound <= kept.upperBound else {
                        rest.append(range)
                        continue
                    }
                    hours.append(first..<end)
                    if range.lowerBound < first * hourMillis { rest.append(range.lowerBound..<(first * hourMillis)) }
                    if end * hourMillis < range.upperBound { rest.append((end * hourMillis)..<range.upperBound) }
                }
                return (hours, rest)
            }
            (hours, raw) = split(raw)
            (lessHours, lessRaw) = split(lessRaw)
        }

        /// Every part of the plan with the sign it counts with: the ranges read from the records
        /// (milliseconds) and the ranges of kept periods (the period's name and keys). Every
        /// reader of a plan goes through here, so none leaves a part out.
        func forEachPart(raw: (Range<Int64>, Int) throws -> Void, summed: (String, Range<Int64>, Int) throws -> Void) rethrows {
            for range in self.raw { try raw(range, 1) }
            for range in lessRaw { try raw(range, -1) }
            for range in months { try summed("month", Int64(range.lowerBound)..<Int64(range.upperBound), 1) }
            for range in days { try summed("day", range, 1) }
            for range in lessDays { try summed("day", range, -1) }
            for range in hours { try summed("hour", range, 1) }
            for range in lessHours { try summed("hour", range, -1) }
        }

        /// Reads `day` whole too: a month's day taken away is kept instead, or the day joins
        /// the days read next to it.
        mutating func whole(day: Int64) {
            if let index = lessDays.firstIndex(where: { $0.contains(day) }) {
                let range = lessDays.remove(at: index)
                lessDays.insert(contentsOf: [range.lowerBound..<day, (day + 1)..<range.upperBound].filter { !$0.isEmpty }, at: index)
            } else if let index = days.firstIndex(where: { $0.lowerBound == day + 1 }) {
                days[index] = day..<days[index].upperBound
            } else if let index = days.firstIndex(where: { $0.upperBound == day }) {
                days[index] = days[index].lowerBound..<(day + 1)
            } else {
                days.append(day..<(day + 1))
            }
        }

        /// Adds months, joined to the last range when they follow it.
        mutating func addMonths(_ range: Range<Int>) {
            if let last = months.last, last.upperBound == range.lowerBound {
                months[months.count - 1] = last.lowerBound..<range.upperBound
            } else {
                months.append(range)
            }
        }
    }

    /// The yyyymm key of the month after `month` of `year`.
    static func key(after year: Int, _ month: Int) -> Int { month == 12 ? (year + 1) * 100 + 1 : year * 100 + month + 1 }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: Int(offsetMillis / 1000))!
        return calendar
    }()

    static func dayStart(_ day: Int64) -> Int64 { day * dayMillis - offsetMillis }

    /// The year and month `day` lies in, and whether it is the month's first day.
    static func month(of day: Int64) -> (year: Int, month: Int, isFirst: Bool) {
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(dayStart(day)) / 1000))
        return (parts.year!, parts.month!, parts.day == 1)
    }

    /// The day a month starts on (`month` may be 13: January of the next year).
    static func startDay(year: Int, month: Int) -> Int64 {
        let date = calendar.date(from: DateComponents(year: year + (month - 1) / 12, month: (month - 1) % 12 + 1, day: 1))!
        return (Int64((date.timeIntervalSince1970 * 1000).rounded()) + offsetMillis) / dayMillis
    }

    /// The plan of `[from, to)`. Hours after `now` hold no records yet (all but future-dated
    /// ones), so reading them costs nothing: a period that ends now reads today as its day less
    /// the rest of it. Any `now` gives the same figures, only faster or slower.
    static func plan(from: Int64, to: Int64, now: Int64 = .max, hourly: Bool) -> Plan {
        var plan = plan(from: from, to: to, now: now)
        if hourly { plan.splitHours() }
        return plan
    }

    static func plan(from: Int64, to: Int64, now: Int64 = .max) -> Plan {
        guard from < to else { return Plan() }
        var plan = Plan()
        // Times the sums do not hold come from the records.
        let start = max(from, kept.lowerBound), end = min(to, kept.upperBound)
        if from < start { plan.raw.append(from..<min(to, start)) }
        if end < to { plan.raw.append(max(from, end)..<to) }
        guard start < end else { return plan }
        // Whole days: the first that starts at or after `start`, up to the last that ends by `end`.
        let firstDay = (start + offsetMillis + dayMillis - 1) / dayMillis
        let endDay = (end + offsetMillis) / dayMillis
        guard firstDay < endDay else {
            plan.raw.append(start..<end)
            return plan
        }
        // The hours before the first whole day and after the last: from the records, or as
        // their day less the other hours when those are fewer (`whole`, below).
        var before: Int64?, after: Int64?
        func cost(_ a: Int64, _ b: Int64) -> Int64 { max(0, min(b, now) - a) }
        if start < dayStart(firstDay) {
            if cost(dayStart(firstDay - 1), start) < cost(start, dayStart(firstDay)), dayStart(firstDay - 1) >= kept.lowerBound {
                before = firstDay - 1
                plan.lessRaw.append(dayStart(firstDay - 1)..<start)
            } else {
                plan.raw.insert(start..<dayStart(firstDay), at: 0)
            }
        }
        if dayStart(endDay) < end {
            if cost(end, dayStart(endDay + 1)) < cost(dayStart(endDay), end), dayStart(endDay + 1) <= kept.upperBound {
                after = endDay
                plan.lessRaw.append(end..<dayStart(endDay + 1))
            } else {
                plan.raw.append(dayStart(endDay)..<end)
            }
        }
        // Each month the whole days touch: whole, it is read from the month table; in part,
        // from the day table, or as the month less the days it lacks when those are fewer.
        func part(_ year: Int, _ month: Int, _ first: Int64, _ end: Int64) {
            let monthStart = startDay(year: year, month: month), monthEnd = startDay(year: year, month: month + 1)
            if (first - monthStart) + (monthEnd - end) < end - first {
                plan.addMonths(year * 100 + month..<key(after: year, month))
                if monthStart < first { plan.lessDays.append(monthStart..<first) }
                if end < monthEnd { plan.lessDays.append(end..<monthEnd) }
            } else {
                plan.days.append(first..<end)
            }
        }
        let a = month(of: firstDay), z = month(of: endDay - 1)
        if (a.year, a.month) == (z.year, z.month) {
            part(a.year, a.month, firstDay, endDay)
        } else {
            let (secondYear, second) = (a.year + a.month / 12, a.month % 12 + 1)
            part(a.year, a.month, firstDay, startDay(year: secondYear, month: second))
            if (secondYear, second) < (z.year, z.month) { plan.addMonths(secondYear * 100 + second..<z.year * 100 + z.month) }
            part(z.year, z.month, startDay(year: z.year, month: z.month), endDay)
        }
        if let before { plan.whole(day: before) }
        if let after { plan.whole(day: after) }
        return plan
    }
}
