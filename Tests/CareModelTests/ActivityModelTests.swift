import CareModel
import Foundation
import Testing

/// Activities as pure rules: what an activity must carry, one booking per elder by its derived
/// id, the list of places and the waiting list as a fold of the bookings (the same in any
/// order, moving up on a cancellation), a cancellation and an attendance made at two nodes
/// merging, and when attendance and ratings are taken.
@Suite struct ActivityModelTests {
    let community = Fixtures.community
    let start: Int64 = 1_900_000_000_000
    var end: Int64 { start + 7_200_000 }

    func draft(_ edit: (inout Activity.Draft) -> Void = { _ in }) -> Activity.Draft {
        var d = Activity.Draft()
        d.title = "重阳书画联谊"
        d.category = "handicraft"
        d.place = "服务站活动室"
        d.startsAtMillis = start
        d.endsAtMillis = end
        d.capacity = 2
        d.organiser = "社区书画协会"
        edit(&d)
        return d
    }

    func activity(capacity: Int = 2) -> Activity {
        try! Activity(validating: draft { $0.capacity = capacity }, home: community, createdBy: "站点")
    }

    func booking(_ activity: Activity, at millis: Int64, elder: UUID = UUID()) -> ActivityBooking {
        ActivityBooking(home: community, activityId: activity.id, elderId: elder, bookedAtMillis: millis, bookedBy: "站点", channel: .staff)
    }

    @Test func anActivityIsRunByAStationAndNeedsItsFields() throws {
        let made = try Activity(validating: draft(), home: community, createdBy: "站点")
        #expect(made.category == .handicraft && made.capacity == 2 && !made.cancelled && made.validationErrors.isEmpty)
        #expect(throws: ValidationFailure.self) { try Activity(validating: draft(), home: DivisionCode("420107001")!, createdBy: "街道") }
        do {
            _ = try Activity(validating: draft { $0.title = nil; $0.category = "dance"; $0.endsAtMillis = start; $0.capacity = 0 }, home: community, createdBy: "x")
            Issue.record("accepted a bad draft")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["title", "category", "endsAtMillis", "capacity"])
            #expect(error.errors.allSatisfy { !$0.messageZh.isEmpty })
        }
        #expect(throws: ValidationFailure.self) {
            try Activity(validating: draft { $0.endsAtMillis = start + Activity.longestMillis + 1 }, home: community, createdBy: "x")
        }
    }

    /// Found by the API check: times at the ends of Int64 are refused, not subtracted into an overflow.
    @Test func timesPastTheRangeOfTimesAreRefusedWithoutOverflow() {
        for (starts, ends) in [(Int64.min, Int64(0)), (Int64(0), Int64.max), (Int64.max, Int64.min), (start, Validator.latestMillis + 1)] {
            do {
                _ = try Activity(validating: draft { $0.startsAtMillis = starts; $0.endsAtMillis = ends }, home: community, createdBy: "x")
                Issue.record("accepted \(starts)…\(ends)")
            } catch {
                #expect(!error.errors.isEmpty)
            }
        }
        var stored = try! Activity(validating: draft(), home: community, createdBy: "站点")
        stored.startsAtMillis = Int64.min
        stored.endsAtMillis = Int64.max
        #expect(Set(stored.validationErrors.map(\.field)) == ["startsAtMillis", "endsAtMillis"])
    }

    @Test func anElderHasOneBookingPerActivityWhoeverMakesIt() {
        let a = activity()
        let elder = UUID()
        let atStation = booking(a, at: start - 100_000, elder: elder)
        let atStreet = ActivityBooking(home: community, activityId: a.id, elderId: elder, bookedAtMillis: start - 90_000, bookedBy: "街道", channel: .elder)
        #expect(atStation.id == atStreet.id && atStation.id == ActivityBooking.id(activity: a.id, elder: elder))
        #expect(atStation.id != booking(a, at: 0).id && atStation.validationErrors.isEmpty)
        var forged = atStation
        forged.id = UUID()
        #expect(forged.validationErrors.map(\.field) == ["id"])
    }

    @Test func placesGoInBookingOrderAndTheRestWaitInTurn() {
        let a = activity(capacity: 2)
        let bookings = (0..<5).map { booking(a, at: start - 1_000_000 + Int64($0) * 1000) }
        let roll = ActivityRoll.fold(capacity: 2, bookings)
        #expect(roll.entries.map(\.booking.id) == bookings.map(\.id))
        #expect(roll.entries.map(\.standing) == [.confirmed, .confirmed, .waiting, .waiting, .waiting])
        #expect(roll.entries.map(\.waitingPosition) == [nil, nil, 1, 2, 3])
        for _ in 0..<10 {
            #expect(ActivityRoll.fold(capacity: 2, bookings.shuffled()) == roll, "the same list whatever order the bookings arrived in")
        }
        var moved = bookings
        moved[0].cancellation = BookingCancellation(atMillis: start - 10, by: "街道", reason: "住院")
        let after = ActivityRoll.fold(capacity: 2, moved)
        #expect(after.entry(booking: bookings[2].id)?.standing == .confirmed, "the first waiting takes the place freed")
        #expect(after.entry(booking: bookings[3].id)?.waitingPosition == 1 && after.entry(booking: bookings[4].id)?.waitingPosition == 2)
        #expect(after.entry(booking: bookings[0].id)?.standing == .cancelled)
        #expect((after.count(.confirmed), after.count(.waiting), after.count(.cancelled)) == (2, 2, 1))
    }

    @Test func equalBookingTimesAreOrderedByIdTheSameEverywhere() {
        let a = activity(capacity: 1)
        let x = booking(a, at: start - 5000), y = booking(a, at: start - 5000)
        let first = x.id.uuidString < y.id.uuidString ? x : y
        #expect(ActivityRoll.fold(capacity: 1, [x, y]).entries.first?.booking.id == first.id)
        #expect(ActivityRoll.fold(capacity: 1, [y, x]).entries.first?.booking.id == first.id)
    }

    @Test func anElderWhoCameHoldsAPlaceEvenIfAnEarlierBookingArrivesLater() {
        let a = activity(capacity: 1)
        var late = booking(a, at: start - 1000)
        late.attendance = BookingAttendance(atMillis: start, source: .hand, recordedBy: "站点")
        let early = booking(a, at: start - 9000)
        let roll = ActivityRoll.fold(capacity: 1, [early, late])
        #expect(roll.entry(booking: late.id)?.standing == .confirmed && roll.entry(booking: early.id)?.waitingPosition == 1)
        #expect(!roll.overCapacity && roll.attended == 1)
        var cancelledApart = late
        cancelledApart.cancellation = BookingCancellation(atMillis: start - 1, by: "街道")
        let merged = ActivityRoll.fold(capacity: 1, [early, cancelledApart])
        #expect(merged.entry(booking: late.id)?.standing == .confirmed, "a cancellation made apart does not undo that the elder came")
    }

    @Test func aCancellationAtTheStreetAndARatingAtTheStationMerge() {
        let a = activity(capacity: 3)
        let base = booking(a, at: start - 50_000)
        let made = ProfileMerge.edit(nil, to: base, at: Fixtures.version(start - 50_000, community.rawValue))
        var cancelled = base
        cancelled.cancellation = BookingCancellation(atMillis: start - 20_000, by: "街道", reason: "")
        let street = ProfileMerge.edit(made, to: cancelled, at: Fixtures.version(start - 20_000, "420107001"))
        var channel = base
        channel.channel = .elder
        let station = ProfileMerge.edit(made, to: channel, at: Fixtures.version(start - 30_000, community.rawValue))
        let one = ProfileMerge.merge(street, station)
        let other = ProfileMerge.merge(station, street)
        #expect(one.state.record == other.state.record && one.conflicts.isEmpty)
        #expect(one.state.record.isCancelled && one.state.record.channel == .elder)
    }

    @Test func bookingIsRefusedWhenClosedTakenTwiceOrForAnotherStationsElder() throws {
        let a = activity()
        var elder = Fixtures.elder()
        let made = try ActivityBooking.booking(.init(), activity: a, elder: elder, current: nil, bookedBy: "站点", nowMillis: start - 1000)
        #expect(made.channel == .staff && made.bookedAtMillis == start - 1000)
        #expect(throws: ValidationFailure.self) {
            try ActivityBooking.booking(.init(), activity: a, elder: elder, current: made, bookedBy: "站点", nowMillis: start - 900)
        }
        #expect(throws: ValidationFailure.self) { try ActivityBooking.booking(.init(), activity: a, elder: elder, current: nil, bookedBy: "站点", nowMillis: start) }
        var cancelledActivity = a
        cancelledActivity.cancelled = true
        #expect(throws: ValidationFailure.self) {
            try ActivityBooking.booking(.init(), activity: cancelledActivity, elder: elder, current: nil, bookedBy: "站点", nowMillis: 0)
        }
        let gone = try made.cancelled(.init(), activity: a, by: "街道", nowMillis: start - 800)
        let again = try ActivityBooking.booking(.init(), activity: a, elder: elder, current: gone, bookedBy: "站点", nowMillis: start - 700)
        #expect(!again.isCancelled && again.bookedAtMillis == start - 700 && again.id == made.id, "booking again joins the end of the queue")
        elder.home = Fixtures.otherCommunity
        #expect(throws: ValidationFailure.self) { try ActivityBooking.booking(.init(), activity: a, elder: elder, current: nil, bookedBy: "站点", nowMillis: 0) }
    }

    @Test func attendanceNeedsAPlaceAndARatingNeedsAttendanceAfterTheEnd() throws {
        let a = activity(capacity: 1)
        let first = booking(a, at: start - 9000), second = booking(a, at: start - 8000)
        let roll = ActivityRoll.fold(capacity: 1, [first, second])
        do {
            _ = try second.attending(at: start, source: .hand, deviceSerial: nil, standing: roll.entry(booking: second.id), activity: a, recordedBy: "站点")
            Issue.record("a waiting elder attended")
        } catch {
            #expect(error.errors.first?.messageZh.contains("候补") == true)
        }
        #expect(throws: ValidationFailure.self) {
            try first.attending(at: start - Activity.earlyArrivalMillis - 1, source: .hand, deviceSerial: nil, standing: roll.entry(booking: first.id), activity: a, recordedBy: "站点")
        }
        #expect(throws: ValidationFailure.self) { try first.rated(.init(), activity: a, by: "站点", nowMillis: end + 1) }
        let came = try first.attending(at: start + 60_000, source: .faceDevice, deviceSerial: "FACE-1", standing: roll.entry(booking: first.id), activity: a, recordedBy: "网关")
        #expect(came.attendance?.deviceSerial == "FACE-1" && came.validationErrors.isEmpty)
        #expect(throws: ValidationFailure.self) { try came.cancelled(.init(), activity: a, by: "站点", nowMillis: start - 1) }
        var five = ActivityBooking.RatingDraft()
        five.score = 5
        #expect(throws: ValidationFailure.self) { try came.rated(five, activity: a, by: "站点", nowMillis: end - 1) }
        let rated = try came.rated(five, activity: a, by: "站点", nowMillis: end + 1)
        #expect(rated.rating?.score == 5)
        #expect(throws: ValidationFailure.self) { try rated.rated(five, activity: a, by: "站点", nowMillis: end + 2) }
        var six = five
        six.score = 6
        #expect(throws: ValidationFailure.self) { try came.rated(six, activity: a, by: "站点", nowMillis: end + 1) }
    }

    @Test func figuresCountBookingsByStatusAndNoShowsOnceEnded() throws {
        let a = activity(capacity: 2)
        var b = (0..<4).map { booking(a, at: start - 10_000 + Int64($0)) }
        b[0].attendance = BookingAttendance(atMillis: start, source: .hand, recordedBy: "站点")
        b[0].rating = BookingRating(score: 4, atMillis: end + 1, recordedBy: "站点")
        b[3].cancellation = BookingCancellation(atMillis: start - 1, by: "站点")
        let roll = ActivityRoll.fold(capacity: 2, b)
        var before = ActivityFigures()
        before.add(a, roll, nowMillis: start)
        #expect((before.bookings, before.confirmed, before.waiting, before.cancelledBookings, before.attended, before.noShows) == (3, 2, 1, 1, 1, 0))
        var after = ActivityFigures()
        after.add(a, roll, nowMillis: end)
        #expect(after.noShows == 1 && after.averageRating == 4 && after.ratings == 1)
        let sum = after + after
        #expect(sum.activities == 2 && sum.attended == 2 && sum.averageRating == 4)
    }
}
