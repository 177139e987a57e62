import CareModel
import CareStore
import Foundation
import Hummingbird

/// An activity as the calendar lists it, with its figures.
struct StationActivityView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let home: String
    let title: String
    let category: String
    let place: String
    let startsAt: Date
    let endsAt: Date
    let startsAtMillis: Int64
    let endsAtMillis: Int64
    let capacity: Int
    let organiser: String
    let summary: String
    let cancelled: Bool
    let createdBy: String
    let figures: FiguresView
    let version: String

    init(_ held: ActivityWithRoll, nowMillis: Int64) {
        let a = held.activity.model
        id = a.id
        home = a.home.rawValue
        title = a.title
        category = a.category.rawValue
        place = a.place
        startsAt = date(millis: a.startsAtMillis)
        endsAt = date(millis: a.endsAtMillis)
        startsAtMillis = a.startsAtMillis
        endsAtMillis = a.endsAtMillis
        capacity = a.capacity
        organiser = a.organiser
        summary = a.summary
        cancelled = a.cancelled
        createdBy = a.createdBy
        var f = ActivityFigures()
        f.add(a, held.roll, nowMillis: nowMillis)
        figures = FiguresView(f)
        version = held.activity.etag
    }
}

/// An activity with its list: who has a place, who waits and in what order, who cancelled.
struct ActivityDetailView: ResponseEncodable, Decodable, Sendable {
    let activity: StationActivityView
    let overCapacity: Bool
    let bookings: [BookingView]
}

/// One booking with where it stands.
struct BookingView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let activityId: UUID
    let elderId: UUID
    let elderName: String?
    let standing: String
    let waitingPosition: Int?
    let bookedAt: Date
    let bookedBy: String
    let channel: String
    let cancelledAt: Date?
    let cancelledBy: String?
    let cancelReason: String?
    let attendedAt: Date?
    let attendanceSource: String?
    let attendanceDevice: String?
    let rating: Int?
    let ratingComment: String?
    let version: String?

    init(_ entry: ActivityRoll.Entry, elderName: String?, etag: String?) {
        let b = entry.booking
        id = b.id
        activityId = b.activityId
        elderId = b.elderId
        self.elderName = elderName
        standing = entry.standing.rawValue
        waitingPosition = entry.waitingPosition
        bookedAt = date(millis: b.bookedAtMillis)
        bookedBy = b.bookedBy
        channel = b.channel.rawValue
        cancelledAt = b.cancellation.map { date(millis: $0.atMillis) }
        cancelledBy = b.cancellation?.by
        cancelReason = b.cancellation?.reason
        attendedAt = b.attendance.map { date(millis: $0.atMillis) }
        attendanceSource = b.attendance?.source.rawValue
        attendanceDevice = b.attendance?.deviceSerial
        rating = b.rating?.score
        ratingComment = b.rating?.comment
        version = etag
    }
}

/// One of an elder's bookings with its activity: the elder's participation record.
struct ElderActivityView: ResponseEncodable, Decodable, Sendable {
    let activityId: UUID
    let title: String
    let category: String
    let startsAt: Date
    let place: String
    let home: String
    let cancelled: Bool
    let booking: BookingView

    init(activity a: Activity, booking: BookingView) {
        activityId = a.id
        title = a.title
        category = a.category.rawValue
        startsAt = date(millis: a.startsAtMillis)
        place = a.place
        home = a.home.rawValue
        cancelled = a.cancelled
        self.booking = booking
    }
}

/// A booking just written, with the activity's list after it.
struct BookingResultView: ResponseEncodable, Decodable, Sendable {
    let booking: BookingView
    let activity: ActivityDetailView
}

/// Counts by status, for one activity or a set of them.
struct FiguresView: Codable, Sendable {
    let activities: Int
    let cancelledActivities: Int
    let bookings: Int
    let confirmed: Int
    let waiting: Int
    let cancelledBookings: Int
    let attended: Int
    let noShows: Int
    let ratings: Int
    let averageRating: Double?

    init(_ f: ActivityFigures) {
        activities = f.activities
        cancelledActivities = f.cancelledActivities
        bookings = f.bookings
        confirmed = f.confirmed
        waiting = f.waiting
        cancelledBookings = f.cancelledBookings
        attended = f.attended
        noShows = f.noShows
        ratings = f.ratings
        averageRating = f.averageRating.map { ($0 * 100).rounded() / 100 }
    }
}

/// Participation figures per station over a period, and their total.
struct ActivityFiguresView: ResponseEncodable, Decodable, Sendable {
    let within: String
    let from: String
    let to: String
    let stations: [Station]
    let total: FiguresView

    struct Station: Codable, Sendable {
        let home: String
        let figures: FiguresView
    }
}

extension AppDatabase {
    func activityDetailView(_ held: ActivityWithRoll, nowMillis: Int64) throws -> ActivityDetailView {
        let etags = Dictionary(held.bookings.map { ($0.model.id, $0.etag) }, uniquingKeysWith: { a, _ in a })
        let bookings = try held.roll.entries.map { entry in
            BookingView(entry, elderName: try elder(id: entry.booking.elderId)?.model.name, etag: etags[entry.booking.id])
        }
        return ActivityDetailView(
            activity: StationActivityView(held, nowMillis: nowMillis), overCapacity: held.roll.overCapacity, bookings: bookings)
    }

    func bookingResultView(_ booking: Stored<ActivityBooking>, _ held: ActivityWithRoll, nowMillis: Int64) throws -> BookingResultView {
        let detail = try activityDetailView(held, nowMillis: nowMillis)
        guard let mine = detail.bookings.first(where: { $0.id == booking.model.id }) else {
            throw StoreError.corrupt("booking \(booking.model.id) is not on its activity's list")
        }
        return BookingResultView(booking: mine, activity: detail)
    }
}
