import Foundation

extension Activity {
    /// What `POST /api/v1/activities` and `PUT /api/v1/activities/{id}` carry.
    public struct Draft: Codable, Sendable, Equatable {
        public var title: String?
        public var category: String?
        public var place: String?
        public var startsAtMillis: Int64?
        public var endsAtMillis: Int64?
        public var capacity: Int?
        public var organiser: String?
        public var summary: String?
        public var cancelled: Bool?
        public init() {}
    }

    /// An activity run at `home`, which must be a community station.
    public init(validating draft: Draft, id: UUID = UUID(), home: DivisionCode, createdBy: String) throws(ValidationFailure) {
        var v = Validator()
        if home.role != .community {
            v.fail("home", en: "an activity is run by a community station, not at a \(home.role.rawValue) (\(home))", zh: "文娱活动由社区养老服务站组织")
        }
        let title = v.text(draft.title, "title", max: Self.titleMax)
        let category = v.code(draft.category, "category", as: ActivityCategory.self)
        let place = v.text(draft.place, "place", max: Self.placeMax)
        let starts = v.millis(draft.startsAtMillis, "startsAtMillis")
        let ends = v.millis(draft.endsAtMillis, "endsAtMillis")
        if let starts, let ends {
            if ends <= starts {
                v.fail("endsAtMillis", en: "an activity ends after it starts", zh: "结束时间应晚于开始时间")
            } else if ends - starts > Self.longestMillis {
                v.fail("endsAtMillis", en: "an activity lasts at most \(Self.longestMillis / 3_600_000) hours", zh: "活动时长不能超过\(Self.longestMillis / 3_600_000)小时")
            }
        }
        let capacity = v.range(draft.capacity, "capacity", Self.capacityRange)
        let organiser = v.text(draft.organiser, "organiser", max: Self.organiserMax)
        let summary = v.text(draft.summary, "summary", max: Self.summaryMax, optional: true, multiline: true) ?? ""
        try v.check()
        self.init(
            id: id, home: home, title: title!, category: category!, place: place!, startsAtMillis: starts!, endsAtMillis: ends!,
            capacity: capacity!, organiser: organiser!, summary: summary, cancelled: draft.cancelled ?? false, createdBy: createdBy)
    }
}

extension Activity: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        if home.role != .community { v.fail("home", en: "an activity is homed at a community station", zh: "文娱活动应属于社区养老服务站") }
        v.checkText(title, "title", max: Self.titleMax)
        v.checkText(place, "place", max: Self.placeMax)
        v.checkText(organiser, "organiser", max: Self.organiserMax)
        if !summary.isEmpty { v.checkText(summary, "summary", max: Self.summaryMax, multiline: true) }
        let startIsATime = v.checkMillis(startsAtMillis, "startsAtMillis")
        let endIsATime = v.checkMillis(endsAtMillis, "endsAtMillis")
        if startIsATime, endIsATime, endsAtMillis <= startsAtMillis || endsAtMillis - startsAtMillis > Self.longestMillis {
            v.fail("endsAtMillis", en: "an activity ends after it starts, within \(Self.longestMillis / 3_600_000) hours", zh: "结束时间无效")
        }
        _ = v.range(capacity, "capacity", Self.capacityRange)
        v.checkActor(createdBy, "createdBy")
        return v.errors
    }
}

extension ActivityBooking {
    /// What `POST /api/v1/activities/{id}/bookings` carries.
    public struct Draft: Codable, Sendable, Equatable {
        public var elderId: String?
        /// `elder` (the elder asked) or `staff` (on the elder's behalf, the default).
        public var channel: String?
        public init() {}
    }

    /// What a cancellation carries.
    public struct CancelDraft: Codable, Sendable, Equatable {
        public var reason: String?
        public init() {}
    }

    /// What a rating carries.
    public struct RatingDraft: Codable, Sendable, Equatable {
        public var score: Int?
        public var comment: String?
        public init() {}
    }

    /// What a face-recognition device reports: who it saw, where and when.
    public struct DeviceEventDraft: Codable, Sendable, Equatable {
        public var deviceSerial: String?
        public var elderId: String?
        public var atMillis: Int64?
        public init() {}
    }

    public static let reasonMax = 200

    /// A booking of `activity` for `elder`, or a booking again of one cancelled (`current`):
    /// refused when the activity is cancelled or over, when the elder is not one of the
    /// station's, or already holds a booking that stands. Past the places, it waits.
    public static func booking(
        _ draft: Draft, activity: Activity, elder: Elder, current: ActivityBooking?, bookedBy: String, nowMillis: Int64
    ) throws(ValidationFailure) -> ActivityBooking {
        var v = Validator()
        let channel = v.code(draft.channel ?? BookingChannel.staff.rawValue, "channel", as: BookingChannel.self)
        Self.checkOpen(activity, nowMillis: nowMillis, &v)
        if elder.home != activity.home {
            v.fail(
                "elderId", en: "\(elder.name) belongs to community \(elder.home); this activity is run by \(activity.home) for its own elders",
                zh: "该老人不属于组织活动的社区（\(activity.home)）")
        }
        if elder.mergedInto != nil {
            v.fail("elderId", en: "this elder's file was merged into another: book the one kept", zh: "该老人档案已合并，请使用保留的档案")
        }
        if let current, !current.isCancelled {
            v.fail("elderId", en: "\(elder.name) is already booked for this activity", zh: "该老人已预约此活动")
        }
        try v.check()
        return ActivityBooking(
            home: activity.home, activityId: activity.id, elderId: elder.id, bookedAtMillis: nowMillis, bookedBy: bookedBy, channel: channel!)
    }

    /// This booking cancelled; refused once cancelled, once attended, or after the start.
    public func cancelled(_ draft: CancelDraft, activity: Activity, by actor: String, nowMillis: Int64) throws(ValidationFailure) -> ActivityBooking {
        var v = Validator()
        let reason = v.text(draft.reason, "reason", max: Self.reasonMax, optional: true) ?? ""
        if isCancelled {
            v.fail("booking", en: "this booking is already cancelled", zh: "该预约已取消")
        } else if attendance != nil {
            v.fail("booking", en: "the elder's attendance is recorded: a booking that was used is not cancelled", zh: "已签到，不能取消预约")
        } else if nowMillis >= activity.startsAtMillis {
            v.fail("booking", en: "the activity has started: a booking is cancelled before it", zh: "活动已开始，不能取消预约")
        }
        try v.check()
        var next = self
        next.cancellation = BookingCancellation(atMillis: nowMillis, by: actor, reason: reason)
        return next
    }

    /// This booking with the elder's attendance taken at `atMillis`. Only an elder with a
    /// place (`standing`) attends, from an hour before the start to the end.
    public func attending(
        at atMillis: Int64, source: AttendanceSource, deviceSerial: String?, standing: ActivityRoll.Entry?, activity: Activity,
        recordedBy: String
    ) throws(ValidationFailure) -> ActivityBooking {
        var v = Validator()
        if activity.cancelled { v.fail("activity", en: "the activity was cancelled", zh: "该活动已取消") }
        if atMillis < activity.startsAtMillis - Activity.earlyArrivalMillis || atMillis > activity.endsAtMillis {
            v.fail(
                source == .hand ? "activity" : "atMillis", en: "attendance is taken from an hour before the activity starts until it ends",
                zh: "签到时间应在活动开始前一小时至活动结束之间")
        }
        switch standing?.standing {
        case .confirmed?: break
        case .waiting?:
            v.fail("booking", en: "the elder is number \(standing!.waitingPosition!) on the waiting list and has no place", zh: "该老人在候补名单第\(standing!.waitingPosition!)位，尚无名额")
        case .cancelled?, nil:
            v.fail("booking", en: "the booking is cancelled", zh: "该预约已取消")
        }
        if attendance != nil { v.fail("booking", en: "attendance is already recorded", zh: "已记录签到") }
        try v.check()
        var next = self
        next.attendance = BookingAttendance(atMillis: atMillis, source: source, deviceSerial: deviceSerial, recordedBy: recordedBy)
        return next
    }

    /// This booking with the elder's rating, once the activity has ended and they attended.
    public func rated(_ draft: RatingDraft, activity: Activity, by actor: String, nowMillis: Int64) throws(ValidationFailure) -> ActivityBooking {
        var v = Validator()
        let score = v.range(draft.score, "score", BookingRating.scores)
        let comment = v.text(draft.comment, "comment", max: BookingRating.commentMax, optional: true, multiline: true) ?? ""
        if nowMillis < activity.endsAtMillis {
            v.fail("activity", en: "an activity is rated after it has ended", zh: "活动结束后才能评价")
        }
        if attendance == nil {
            v.fail("booking", en: "only an elder who attended rates the activity", zh: "只有参加了活动的老人才能评价")
        }
        if rating != nil { v.fail("booking", en: "the elder has already rated this activity", zh: "该老人已评价此活动") }
        try v.check()
        var next = self
        next.rating = BookingRating(score: score!, comment: comment, atMillis: nowMillis, recordedBy: actor)
        return next
    }

    /// An activity takes bookings until it starts, unless cancelled.
    static func checkOpen(_ activity: Activity, nowMillis: Int64, _ v: inout Validator) {
        if activity.cancelled {
            v.fail("activity", en: "the activity was cancelled", zh: "该活动已取消")
        } else if nowMillis >= activity.startsAtMillis {
            v.fail("activity", en: "the activity has started: bookings are closed", zh: "活动已开始，停止预约")
        }
    }
}

extension ActivityBooking: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        if home.role != .community { v.fail("home", en: "a booking is homed with its activity at a community", zh: "活动预约应属于社区") }
        if id != Self.id(activity: activityId, elder: elderId) {
            v.fail("id", en: "a booking's id is derived from its activity and elder", zh: "预约编号与活动、老人不符")
        }
        v.checkMillis(bookedAtMillis, "bookedAtMillis")
        v.checkActor(bookedBy, "bookedBy")
        if let c = cancellation {
            v.checkMillis(c.atMillis, "cancellation.atMillis")
            v.checkActor(c.by, "cancellation.by")
            if !c.reason.isEmpty { v.checkText(c.reason, "cancellation.reason", max: Self.reasonMax) }
        }
        if let a = attendance {
            v.checkMillis(a.atMillis, "attendance.atMillis")
            v.checkActor(a.recordedBy, "attendance.recordedBy")
            if (a.source == .faceDevice) != (a.deviceSerial != nil) {
                v.fail("attendance.deviceSerial", en: "a device's attendance names the device, and only it", zh: "人脸识别签到须注明设备")
            }
            if let serial = a.deviceSerial { v.checkText(serial, "attendance.deviceSerial", max: 64) }
        }
        if let r = rating {
            _ = v.range(r.score, "rating.score", BookingRating.scores)
            if !r.comment.isEmpty { v.checkText(r.comment, "rating.comment", max: BookingRating.commentMax, multiline: true) }
            v.checkMillis(r.atMillis, "rating.atMillis")
            v.checkActor(r.recordedBy, "rating.recordedBy")
        }
        return v.errors
    }
}
