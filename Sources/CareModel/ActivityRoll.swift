import Foundation

/// Where a booking stands on its activity's list, derived from the bookings held.
public enum BookingStanding: String, CodeTable {
    case confirmed, waiting, cancelled

    public var label: Label {
        switch self {
        case .confirmed: Label(en: "has a place", zh: "已确认")
        case .waiting: Label(en: "on the waiting list", zh: "候补中")
        case .cancelled: Label(en: "cancelled", zh: "已取消")
        }
    }
}

/// An activity's list as a node knows it: who has a place, who waits and in what order, who
/// cancelled. A pure fold of the bookings, the same at every node that holds the same ones:
///
/// - the bookings not cancelled are queued by booking time, then id;
/// - an elder whose attendance is recorded holds a place whatever the queue says (they came),
///   even when a desk apart cancelled the booking meanwhile;
/// - the places left go to the others in queue order; the rest wait, numbered from 1.
///
/// So a cancellation, wherever it is made, frees a place that the first waiting elder takes
/// at every node as soon as the cancellation reaches it.
public struct ActivityRoll: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var booking: ActivityBooking
        public var standing: BookingStanding
        /// The place on the waiting list, from 1, for a waiting booking.
        public var waitingPosition: Int?
    }

    /// Places first (queue order), then the waiting list (in order), then the cancellations.
    public var entries: [Entry]
    public var capacity: Int

    public static func fold(capacity: Int, _ bookings: [ActivityBooking]) -> ActivityRoll {
        // An elder who came stands on the list even if a desk apart cancelled the booking meanwhile.
        let stands = { (b: ActivityBooking) in !b.isCancelled || b.attendance != nil }
        let queued = bookings.filter(stands).sorted(by: queueOrder)
        let attended = queued.filter { $0.attendance != nil }
        var placesLeft = max(0, capacity - attended.count)
        var confirmed: [Entry] = []
        var waiting: [Entry] = []
        for booking in queued {
            if booking.attendance != nil {
                confirmed.append(Entry(booking: booking, standing: .confirmed))
            } else if placesLeft > 0 {
                placesLeft -= 1
                confirmed.append(Entry(booking: booking, standing: .confirmed))
            } else {
                waiting.append(Entry(booking: booking, standing: .waiting, waitingPosition: waiting.count + 1))
            }
        }
        let cancelled = bookings.filter { !stands($0) }.sorted(by: queueOrder).map { Entry(booking: $0, standing: .cancelled) }
        return ActivityRoll(entries: confirmed + waiting + cancelled, capacity: capacity)
    }

    /// Booking time, then id: a total order every node computes alike.
    static func queueOrder(_ a: ActivityBooking, _ b: ActivityBooking) -> Bool {
        (a.bookedAtMillis, a.id.canonicalString) < (b.bookedAtMillis, b.id.canonicalString)
    }

    public func entry(elder: UUID) -> Entry? { entries.first { $0.booking.elderId == elder } }
    public func entry(booking id: UUID) -> Entry? { entries.first { $0.booking.id == id } }

    public func count(_ standing: BookingStanding) -> Int { entries.count { $0.standing == standing } }
    public var attended: Int { entries.count { $0.standing == .confirmed && $0.booking.attendance != nil } }
    /// More attended than there are places: people who came while apart from each other's desks.
    public var overCapacity: Bool { attended > capacity }
    public var ratings: [Int] { entries.compactMap { $0.standing == .cancelled ? nil : $0.booking.rating?.score } }
}

/// Participation figures of a set of activities (one activity, or a station's or a whole
/// subtree's over a period): how many were booked, had places, waited, cancelled, came and did
/// not, and the ratings given.
public struct ActivityFigures: Sendable, Hashable, Codable {
    public var activities = 0
    public var cancelledActivities = 0
    public var bookings = 0
    public var confirmed = 0
    public var waiting = 0
    public var cancelledBookings = 0
    public var attended = 0
    /// Confirmed bookings of activities that have ended, with no attendance recorded.
    public var noShows = 0
    public var ratings = 0
    public var ratingTotal = 0

    public init() {}

    public var averageRating: Double? { ratings == 0 ? nil : Double(ratingTotal) / Double(ratings) }

    /// Adds one activity and its roll; `nowMillis` tells whether it has ended.
    public mutating func add(_ activity: Activity, _ roll: ActivityRoll, nowMillis: Int64) {
        activities += 1
        if activity.cancelled {
            cancelledActivities += 1
        }
        confirmed += roll.count(.confirmed)
        waiting += roll.count(.waiting)
        cancelledBookings += roll.count(.cancelled)
        bookings += roll.count(.confirmed) + roll.count(.waiting)
        attended += roll.attended
        if !activity.cancelled && activity.endsAtMillis <= nowMillis {
            noShows += roll.count(.confirmed) - roll.attended
        }
        ratings += roll.ratings.count
        ratingTotal += roll.ratings.reduce(0, +)
    }

    public static func + (a: ActivityFigures, b: ActivityFigures) -> ActivityFigures {
        var sum = a
        sum.activities += b.activities
        sum.cancelledActivities += b.cancelledActivities
        sum.bookings += b.bookings
        sum.confirmed += b.confirmed
        sum.waiting += b.waiting
        sum.cancelledBookings += b.cancelledBookings
        sum.attended += b.attended
        sum.noShows += b.noShows
        sum.ratings += b.ratings
        sum.ratingTotal += b.ratingTotal
        return sum
    }
}
