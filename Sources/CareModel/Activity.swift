import Foundation

/// What kind of activity a station runs (文娱活动, Anhui §5.3.2.5).
public enum ActivityCategory: String, CodeTable {
    case performance, fitness, lecture, handicraft, games, outing, festival, other

    public var label: Label {
        switch self {
        case .performance: Label(en: "singing, dance and performance", zh: "文艺演出")
        case .fitness: Label(en: "fitness", zh: "健身运动")
        case .lecture: Label(en: "lecture", zh: "知识讲座")
        case .handicraft: Label(en: "handicraft, calligraphy and painting", zh: "手工书画")
        case .games: Label(en: "chess, cards and games", zh: "棋牌游戏")
        case .outing: Label(en: "outing", zh: "外出游览")
        case .festival: Label(en: "festival gathering", zh: "节日联欢")
        case .other: Label(en: "other", zh: "其他")
        }
    }
}

/// An activity on a station's calendar (文娱活动, Anhui §5.3.2.5: "活动预约、活动记录、活动评价"):
/// a title, a kind, a place, when it starts and ends, how many places and who organises it.
/// Homed at the community station that runs it, so it flows up to the street and the county
/// and its bookings live with it.
///
/// Merge class: profile. Cancelling is a field, not a deletion, so the bookings, attendance
/// and ratings recorded for it keep an activity to name.
public struct Activity: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The community station that runs it.
    public var home: DivisionCode
    public var title: String
    public var category: ActivityCategory
    public var place: String
    public var startsAtMillis: Int64
    public var endsAtMillis: Int64
    public var capacity: Int
    /// Who organises it: a person, a team or a partner organisation, as the station names it.
    public var organiser: String
    public var summary: String
    public var cancelled: Bool
    public var createdBy: String

    public init(
        id: UUID = UUID(), home: DivisionCode, title: String, category: ActivityCategory, place: String, startsAtMillis: Int64,
        endsAtMillis: Int64, capacity: Int, organiser: String, summary: String = "", cancelled: Bool = false, createdBy: String
    ) {
        self.id = id
        self.home = home
        self.title = title
        self.category = category
        self.place = place
        self.startsAtMillis = startsAtMillis
        self.endsAtMillis = endsAtMillis
        self.capacity = capacity
        self.organiser = organiser
        self.summary = summary
        self.cancelled = cancelled
        self.createdBy = createdBy
    }

    public static let titleMax = 100
    public static let placeMax = 200
    public static let organiserMax = 100
    public static let summaryMax = 2000
    public static let capacityRange = 1...1000
    /// The longest an activity may run: an outing of a day and a night.
    public static let longestMillis: Int64 = 36 * 3_600_000
    /// How long before its start attendance may be taken (people arrive early).
    public static let earlyArrivalMillis: Int64 = 3_600_000
}

/// How a booking was made: the elder asked for it (at the station, by phone, at a terminal)
/// or staff booked on the elder's behalf.
public enum BookingChannel: String, CodeTable {
    case elder, staff

    public var label: Label {
        switch self {
        case .elder: Label(en: "booked by the elder", zh: "老人本人预约")
        case .staff: Label(en: "booked by staff on the elder's behalf", zh: "工作人员代为预约")
        }
    }
}

/// How an attendance was taken.
public enum AttendanceSource: String, CodeTable {
    case hand, faceDevice

    public var label: Label {
        switch self {
        case .hand: Label(en: "recorded by hand", zh: "人工签到")
        case .faceDevice: Label(en: "face-recognition device", zh: "人脸识别签到")
        }
    }
}

/// A booking's cancellation: when, by whom, why.
public struct BookingCancellation: Hashable, Codable, Sendable {
    public var atMillis: Int64
    public var by: String
    public var reason: String

    public init(atMillis: Int64, by: String, reason: String = "") {
        self.atMillis = atMillis
        self.by = by
        self.reason = reason
    }
}

/// An elder's attendance: when, how and who (or which device) took it.
public struct BookingAttendance: Hashable, Codable, Sendable {
    public var atMillis: Int64
    public var source: AttendanceSource
    /// The face-recognition device's serial, for an attendance it took.
    public var deviceSerial: String?
    public var recordedBy: String

    public init(atMillis: Int64, source: AttendanceSource, deviceSerial: String? = nil, recordedBy: String) {
        self.atMillis = atMillis
        self.source = source
        self.deviceSerial = deviceSerial
        self.recordedBy = recordedBy
    }
}

/// An elder's rating of an activity they attended, 1 (poor) to 5 (excellent).
public struct BookingRating: Hashable, Codable, Sendable {
    public var score: Int
    public var comment: String
    public var atMillis: Int64
    public var recordedBy: String

    public init(score: Int, comment: String = "", atMillis: Int64, recordedBy: String) {
        self.score = score
        self.comment = comment
        self.atMillis = atMillis
        self.recordedBy = recordedBy
    }

    public static let scores = 1...5
    public static let commentMax = 500
}

/// One elder's booking of one activity, homed with the activity. Its id is derived from the
/// activity and the elder (`ActivityBooking.id(activity:elder:)`), so two desks that book the
/// same elder while apart write the same record and it merges into one: an elder is never on
/// an activity's list twice. Booking again after a cancellation clears the cancellation and
/// takes a new booking time: the elder joins the end of the queue.
///
/// Whether a booking has a place or waits is not stored: it is derived, at every node, from
/// the bookings it holds (`ActivityRoll`), so a cancellation made anywhere moves the waiting
/// list up everywhere once it arrives, with nothing lost or doubled.
///
/// Merge class: profile, field by field: a cancellation made at the street and an attendance
/// or rating taken at the station merge without either being lost.
public struct ActivityBooking: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The activity's home.
    public var home: DivisionCode
    public var activityId: UUID
    public var elderId: UUID
    /// When it was booked: the queue's order (then the id, so that every node agrees).
    public var bookedAtMillis: Int64
    public var bookedBy: String
    public var channel: BookingChannel
    public var cancellation: BookingCancellation?
    public var attendance: BookingAttendance?
    public var rating: BookingRating?

    public init(
        home: DivisionCode, activityId: UUID, elderId: UUID, bookedAtMillis: Int64, bookedBy: String, channel: BookingChannel,
        cancellation: BookingCancellation? = nil, attendance: BookingAttendance? = nil, rating: BookingRating? = nil
    ) {
        self.id = Self.id(activity: activityId, elder: elderId)
        self.home = home
        self.activityId = activityId
        self.elderId = elderId
        self.bookedAtMillis = bookedAtMillis
        self.bookedBy = bookedBy
        self.channel = channel
        self.cancellation = cancellation
        self.attendance = attendance
        self.rating = rating
    }

    /// The one booking id of an elder for an activity.
    public static func id(activity: UUID, elder: UUID) -> UUID {
        StableID.make("activity-booking", activity.canonicalString, elder.canonicalString)
    }

    public var isCancelled: Bool { cancellation != nil }
}

extension Activity: ReplicatedRecord {
    public static let kind = EntityKind.activity
    public static let label = Label(en: "activity", zh: "文娱活动")
    public static let mergeClass = MergeClass.profile
    public static var collection: String { "activities" }
}

extension Activity: ProfileRecord {
    public static let mergeFields: [MergeField<Activity>] = [
        MergeField("home", \.home), MergeField("title", \.title), MergeField("category", \.category), MergeField("place", \.place),
        MergeField("startsAtMillis", \.startsAtMillis), MergeField("endsAtMillis", \.endsAtMillis), MergeField("capacity", \.capacity),
        MergeField("organiser", \.organiser), MergeField("summary", \.summary), MergeField("cancelled", \.cancelled),
        MergeField("createdBy", \.createdBy),
    ]
}

extension ActivityBooking: ReplicatedRecord {
    public static let kind = EntityKind.activityBooking
    public static let label = Label(en: "activity booking", zh: "活动预约")
    public static let mergeClass = MergeClass.profile
    public var parent: RecordReference? { RecordReference(.activity, activityId) }
    public var clockReadings: [Int64] {
        [bookedAtMillis] + [cancellation?.atMillis, attendance?.atMillis, rating?.atMillis].compactMap { $0 }
    }
}

extension ActivityBooking: ProfileRecord {
    public static let mergeFields: [MergeField<ActivityBooking>] = [
        MergeField("home", \.home), MergeField("activityId", \.activityId), MergeField("elderId", \.elderId),
        MergeField("bookedAtMillis", \.bookedAtMillis), MergeField("bookedBy", \.bookedBy), MergeField("channel", \.channel),
        MergeField("cancellation", \.cancellation), MergeField("attendance", \.attendance), MergeField("rating", \.rating),
    ]
}
