import CareModel
import Foundation
import GRDB

/// An activity with its list as this node knows it.
public struct ActivityWithRoll: Sendable {
    public var activity: Stored<Activity>
    public var bookings: [Stored<ActivityBooking>]
    public var roll: ActivityRoll

    public init(activity: Stored<Activity>, bookings: [Stored<ActivityBooking>]) {
        self.activity = activity
        self.bookings = bookings
        roll = ActivityRoll.fold(capacity: activity.model.capacity, bookings.map(\.model))
    }
}

/// Activities (文娱活动): a station's calendar, its elders' bookings, attendance and ratings.
extension AppDatabase {
    /// The activities homed in `within` that start in `period`, earliest first, with their lists.
    public func stationActivities(within: DivisionCode, period: Range<Int64>, includeCancelled: Bool, limit: Int) throws -> [ActivityWithRoll] {
        try read { db in
            let sql = """
                SELECT * FROM activity WHERE deleted = 0 AND (home = ? OR home LIKE ?) AND starts_at_millis >= ? AND starts_at_millis < ?
                """ + (includeCancelled ? "" : " AND cancelled = 0") + " ORDER BY starts_at_millis, id LIMIT ?"
            let activities = try Row.fetchAll(
                db, sql: sql, arguments: [within.rawValue, within.rawValue + "%", period.lowerBound, period.upperBound, limit]
            ).map(ActivityTable.decode)
            return try activities.map { ActivityWithRoll(activity: $0, bookings: try Self.bookings(of: $0.model.id, db)) }
        }
    }

    public func stationActivity(id: UUID) throws -> ActivityWithRoll? {
        try read { db in try Self.activityWithRoll(id, db) }
    }

    /// A new activity, or an edit of one (`ifMatch` its current ETag, nil to skip the check).
    public func saveStationActivity(_ activity: Activity, new: Bool, ifMatch: String?, actor: String) throws -> Stored<Activity> {
        try writeProfile(ActivityTable.self, activity, expect: new ? .absent : .present(ifMatch: ifMatch), actor: actor)
    }

    public func activityBooking(id: UUID) throws -> Stored<ActivityBooking>? {
        try read { db in try ActivityBookingTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// The bookings of an elder held here, newest first.
    public func activityBookings(elderId: UUID) throws -> [Stored<ActivityBooking>] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM activity_booking WHERE elder_id = ? AND deleted = 0 ORDER BY booked_at_millis DESC, id",
                arguments: [elderId.canonicalString]
            ).map(ActivityBookingTable.decode)
        }
    }

    /// Books an elder: `make` builds the booking from the activity and the elder's booking as
    /// stored (nil, or one cancelled before), inside the write transaction, so two desks of
    /// this node cannot both book the elder. The booking's id is derived from the activity and
    /// the elder, so a booking made at another node while apart merges into this one.
    public func bookActivity(
        activityId: UUID, elderId: UUID, actor: String, _ make: (Activity, ActivityBooking?) throws -> ActivityBooking
    ) throws -> (booking: Stored<ActivityBooking>, list: ActivityWithRoll) {
        try write { db in
            guard let held = try Self.activityWithRoll(activityId, db) else { throw StoreError.notFound(.activity, activityId) }
            let current = try ActivityBookingTable.fetch(ActivityBooking.id(activity: activityId, elder: elderId), db)
            let booking = try Self.checked { try make(held.activity.model, current.flatMap { $0.meta.deleted ? nil : $0.model }) }
            try Self.checked { try booking.validate() }
            let stored = try writeProfile(ActivityBookingTable.self, booking, expect: .any, deleted: false, actor: actor, db)
            return (stored, try Self.activityWithRoll(activityId, db)!)
        }
    }

    /// Changes a booking (cancels it, records attendance or a rating): `make` sees the booking,
    /// its activity and the list as they stand inside the write transaction.
    public func changeBooking(
        id: UUID, ifMatch: String?, actor: String, _ make: (ActivityBooking, Activity, ActivityRoll) throws -> ActivityBooking
    ) throws -> (booking: Stored<ActivityBooking>, list: ActivityWithRoll) {
        try write { db in
            guard let current = try ActivityBookingTable.fetch(id, db), !current.meta.deleted else { throw StoreError.notFound(.activityBooking, id) }
            guard let held = try Self.activityWithRoll(current.model.activityId, db) else {
                throw StoreError.notFound(.activity, current.model.activityId)
            }
            let next = try Self.checked { try make(current.model, held.activity.model, held.roll) }
            try Self.checked { try next.validate() }
            let stored = try writeProfile(ActivityBookingTable.self, next, expect: .present(ifMatch: ifMatch), deleted: false, actor: actor, db)
            return (stored, try Self.activityWithRoll(held.activity.model.id, db)!)
        }
    }

    /// The activities homed in `within` that start in `period`, with their lists, by station.
    public func activityFigures(within: DivisionCode, period: Range<Int64>, nowMillis: Int64) throws -> [DivisionCode: ActivityFigures] {
        var figures: [DivisionCode: ActivityFigures] = [:]
        for held in try stationActivities(within: within, period: period, includeCancelled: true, limit: Int.max) {
            figures[held.activity.model.home, default: ActivityFigures()].add(held.activity.model, held.roll, nowMillis: nowMillis)
        }
        return figures
    }

    static func activityWithRoll(_ id: UUID, _ db: Database) throws -> ActivityWithRoll? {
        guard let stored = try ActivityTable.fetch(id, db), !stored.meta.deleted else { return nil }
        return ActivityWithRoll(activity: stored, bookings: try bookings(of: id, db))
    }

    private static func bookings(of activityId: UUID, _ db: Database) throws -> [Stored<ActivityBooking>] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM activity_booking WHERE activity_id = ? AND deleted = 0 ORDER BY booked_at_millis, id",
            arguments: [activityId.canonicalString]
        ).map(ActivityBookingTable.decode)
    }

    /// Runs a model rule; its refusal becomes the store's 422, and nothing is written.
    private static func checked<T>(_ rule: () throws -> T) throws -> T {
        do {
            return try rule()
        } catch let failure as ValidationFailure {
            throw StoreError.invalid(failure)
        }
    }
}
