import CareModel
import Foundation
import GRDB

/// Activities: a profile homed at the community station that runs it.
enum ActivityTable: RecordTable {
    static let table = "activity"
    static let columns = [
        "id", "home", "title", "category", "place", "starts_at_millis", "ends_at_millis", "capacity", "organiser", "summary", "cancelled",
        "created_by", "version", "origin", "deleted", "stamps",
    ]

    static func values(_ a: Activity, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            a.id.canonicalString, a.home.rawValue, a.title, a.category.rawValue, a.place, a.startsAtMillis, a.endsAtMillis, a.capacity, a.organiser,
            a.summary, a.cancelled, a.createdBy, meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Activity> {
        let activity = Activity(
            id: try row.uuid("id"), home: try row.division("home"), title: row["title"], category: try row.code("category", as: ActivityCategory.self),
            place: row["place"], startsAtMillis: row["starts_at_millis"], endsAtMillis: row["ends_at_millis"], capacity: row["capacity"],
            organiser: row["organiser"], summary: row["summary"], cancelled: row["cancelled"], createdBy: row["created_by"])
        return Stored(model: activity, meta: RecordMeta(version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }
}

/// Bookings: a profile homed with its activity; the cancellation, attendance and rating are
/// each one JSON column (NULL when absent), merged whole.
enum ActivityBookingTable: RecordTable {
    static let table = "activity_booking"
    static let columns = [
        "id", "home", "activity_id", "elder_id", "booked_at_millis", "booked_by", "channel", "cancellation", "attendance", "rating",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ b: ActivityBooking, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            b.id.canonicalString, b.home.rawValue, b.activityId.canonicalString, b.elderId.canonicalString, b.bookedAtMillis, b.bookedBy, b.channel.rawValue,
            b.cancellation.map(JSONColumn.encode), b.attendance.map(JSONColumn.encode), b.rating.map(JSONColumn.encode),
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<ActivityBooking> {
        func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T? {
            guard let text: String = row[column] else { return nil }
            return try JSONColumn.decode(T.self, text, column: column)
        }
        var booking = ActivityBooking(
            home: try row.division("home"), activityId: try row.uuid("activity_id"), elderId: try row.uuid("elder_id"),
            bookedAtMillis: row["booked_at_millis"], bookedBy: row["booked_by"], channel: try row.code("channel", as: BookingChannel.self),
            cancellation: try json(BookingCancellation.self, "cancellation"), attendance: try json(BookingAttendance.self, "attendance"),
            rating: try json(BookingRating.self, "rating"))
        booking.id = try row.uuid("id")
        return Stored(model: booking, meta: RecordMeta(version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }
}
