import CareModel
import Foundation

extension WireActivity {
    init(_ a: Activity) {
        self.init()
        title = a.title
        category = a.category.rawValue
        place = a.place
        startsAtMillis = a.startsAtMillis
        endsAtMillis = a.endsAtMillis
        capacity = Int32(a.capacity)
        organiser = a.organiser
        summary = a.summary
        cancelled = a.cancelled
        createdBy = a.createdBy
    }
}

extension Activity: WireMapped {
    static let wireKind = WireEntityKind.activity
    static func message(in record: WireChange.OneOf_Record) -> WireActivity? { if case .activity(let message) = record { message } else { nil } }
    static func record(_ message: WireActivity) -> WireChange.OneOf_Record { .activity(message) }
    var wireMessage: WireActivity { WireActivity(self) }

    static func decode(_ m: WireActivity, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        Activity(
            id: id, home: home, title: try FieldCheck.required(m.title, "title"), category: try FieldCheck.code(m.category, "category"),
            place: try FieldCheck.required(m.place, "place"), startsAtMillis: m.startsAtMillis, endsAtMillis: m.endsAtMillis,
            capacity: try FieldCheck.range(m.capacity, "capacity", Activity.capacityRange),
            organiser: try FieldCheck.required(m.organiser, "organiser"), summary: m.summary, cancelled: m.cancelled,
            createdBy: try FieldCheck.required(m.createdBy, "created_by"))
    }
}

extension WireActivityBooking {
    init(_ b: ActivityBooking) {
        self.init()
        activityID = b.activityId.uuidString
        elderID = b.elderId.uuidString
        bookedAtMillis = b.bookedAtMillis
        bookedBy = b.bookedBy
        channel = b.channel.rawValue
        if let c = b.cancellation {
            var wire = WireBookingCancellation()
            wire.atMillis = c.atMillis
            wire.by = c.by
            wire.reason = c.reason
            cancellation = wire
        }
        if let a = b.attendance {
            var wire = WireBookingAttendance()
            wire.atMillis = a.atMillis
            wire.source = a.source.rawValue
            if let serial = a.deviceSerial { wire.deviceSerial = serial }
            wire.recordedBy = a.recordedBy
            attendance = wire
        }
        if let r = b.rating {
            var wire = WireBookingRating()
            wire.score = Int32(r.score)
            wire.comment = r.comment
            wire.atMillis = r.atMillis
            wire.recordedBy = r.recordedBy
            rating = wire
        }
    }
}

extension ActivityBooking: WireMapped {
    static let wireKind = WireEntityKind.activityBooking
    static func message(in record: WireChange.OneOf_Record) -> WireActivityBooking? {
        if case .activityBooking(let message) = record { message } else { nil }
    }
    static func record(_ message: WireActivityBooking) -> WireChange.OneOf_Record { .activityBooking(message) }
    var wireMessage: WireActivityBooking { WireActivityBooking(self) }

    /// A booking from a peer. Its id must be the one derived from its activity and elder,
    /// which the validation rules check, so a peer cannot put an elder on a list twice.
    static func decode(_ m: WireActivityBooking, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var booking = ActivityBooking(
            home: home, activityId: try FieldCheck.uuid(m.activityID, "activity_id"), elderId: try FieldCheck.uuid(m.elderID, "elder_id"),
            bookedAtMillis: m.bookedAtMillis, bookedBy: try FieldCheck.required(m.bookedBy, "booked_by"),
            channel: try FieldCheck.code(m.channel, "channel"))
        booking.id = id
        if m.hasCancellation {
            booking.cancellation = BookingCancellation(
                atMillis: m.cancellation.atMillis, by: try FieldCheck.required(m.cancellation.by, "cancellation.by"), reason: m.cancellation.reason)
        }
        if m.hasAttendance {
            let a = m.attendance
            booking.attendance = BookingAttendance(
                atMillis: a.atMillis, source: try FieldCheck.code(a.source, "attendance.source"),
                deviceSerial: a.hasDeviceSerial ? a.deviceSerial : nil, recordedBy: try FieldCheck.required(a.recordedBy, "attendance.recorded_by"))
        }
        if m.hasRating {
            let r = m.rating
            booking.rating = BookingRating(
                score: try FieldCheck.range(r.score, "rating.score", BookingRating.scores), comment: r.comment, atMillis: r.atMillis,
                recordedBy: try FieldCheck.required(r.recordedBy, "rating.recorded_by"))
        }
        return booking
    }
}
