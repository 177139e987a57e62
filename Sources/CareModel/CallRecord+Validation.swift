import Foundation

extension CallRecord {
    /// `POST /api/v1/calls/incoming`: what a softphone or CTI integration (or the agent) posts
    /// when a number rings.
    public struct IncomingDraft: Codable, Sendable, Equatable {
        public var id: String?
        public var number: String?
        public init() {}
    }

    /// `POST /api/v1/calls/outgoing`: a call the center makes (a callback, a return visit).
    public struct OutgoingDraft: Codable, Sendable, Equatable {
        public var id: String?
        public var elderId: String?
        /// Defaults to the elder's own phone.
        public var number: String?
        public var purpose: String?
        public var callbackOf: String?
        public var orderId: String?
        public init() {}
    }

    /// `PATCH /api/v1/calls/{id}`: the agent completes the call (a merge patch: an absent field
    /// keeps its value). `order` or `complaint` creates that record from the call in the same
    /// step, through the same rules as `POST /orders` and `POST /complaints`.
    public struct CompletionDraft: Codable, Sendable, Equatable {
        public var elderId: String?
        public var purpose: String?
        public var outcome: String?
        public var durationSeconds: Int?
        public var note: String?
        public var orderId: String?
        public var alertId: String?
        public var complaintId: String?
        public var recording: String?
        public var order: ServiceOrder.Draft?
        public var complaint: Complaint.Draft?
        public init() {}
    }

    /// A ringing call, before any elder is matched: the caller resolves the elder and home.
    public init(validating draft: IncomingDraft, takenAt: DivisionCode, agent: String, nowMillis: Int64) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let number = v.phone(draft.number, "number")
        try v.check()
        self.init(id: id!, home: takenAt, direction: .incoming, number: number, startedAtMillis: nowMillis, takenAt: takenAt, agent: agent)
    }

    /// Checks an outgoing draft's own fields; the caller resolves the elder (and its phone).
    public static func validate(_ draft: OutgoingDraft) throws(ValidationFailure) -> (id: UUID, elderId: UUID, number: String?, purpose: CallPurpose, callbackOf: UUID?, orderId: UUID?) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let elderId = v.uuid(draft.elderId, "elderId")
        let number = v.phone(draft.number, "number", optional: true)
        let purpose = v.code(draft.purpose, "purpose", as: CallPurpose.self)
        let callbackOf = v.uuid(draft.callbackOf, "callbackOf", optional: true)
        let orderId = v.uuid(draft.orderId, "orderId", optional: true)
        if purpose == .callback, draft.callbackOf == nil {
            v.fail("callbackOf", en: "a callback names the missed call it returns (callbackOf)", zh: "回拨须关联未接来电（callbackOf）")
        }
        try v.check()
        return (id!, elderId!, number, purpose!, callbackOf, orderId)
    }

    /// The call with the completion applied. `elder` is the elder the draft names (resolved by
    /// the caller: id and home), nil when the draft names none; the call then keeps its own.
    public func completed(_ draft: CompletionDraft, elder: (id: UUID, home: DivisionCode)?, nowMillis: Int64) throws(ValidationFailure) -> CallRecord {
        var v = Validator()
        var next = self
        if draft.elderId != nil, v.uuid(draft.elderId, "elderId") != nil, let elder {
            if next.elderId != elder.id { next.matchedBy = .chosen }
            next.elderId = elder.id
            next.home = elder.home
        }
        if let purpose = v.code(draft.purpose, "purpose", as: CallPurpose.self, optional: true) { next.purpose = purpose }
        if let outcome = v.code(draft.outcome, "outcome", as: CallOutcome.self, optional: true) {
            next.outcome = outcome
        } else if draft.outcome == nil, outcome == nil {
            v.fail("outcome", en: "outcome is required to complete a call; one of: \(CallOutcome.codeList)", zh: "请填写通话结果")
        }
        if let duration = draft.durationSeconds {
            if v.range(duration, "durationSeconds", Self.durationRange) != nil { next.durationSeconds = duration }
        } else if next.durationSeconds == nil, let outcome = next.outcome {
            // Talk time until the agent completes it, when the line did not report one.
            next.durationSeconds = outcome.connected ? Int(min(Int64(Self.durationRange.upperBound), max(0, (nowMillis - startedAtMillis) / 1000))) : 0
        }
        if let outcome = next.outcome, !outcome.connected, (next.durationSeconds ?? 0) > 0 {
            v.fail("durationSeconds", en: "a call that ended \(outcome.rawValue) has no talk time", zh: "未接通的电话通话时长应为0")
        }
        if next.outcome == .answered, next.purpose == nil {
            v.fail("purpose", en: "purpose is required for an answered call; one of: \(CallPurpose.codeList)", zh: "已接通的电话须填写来电事由")
        }
        if draft.note != nil { next.note = v.text(draft.note, "note", max: Self.noteMax, optional: true, multiline: true) }
        if draft.orderId != nil { next.orderId = v.uuid(draft.orderId, "orderId") }
        if draft.alertId != nil { next.alertId = v.uuid(draft.alertId, "alertId") }
        if draft.complaintId != nil { next.complaintId = v.uuid(draft.complaintId, "complaintId") }
        if draft.recording != nil { next.recording = BlobHash.validate(draft.recording, "recording", &v) }
        if draft.order != nil, draft.orderId != nil {
            v.fail("order", en: "give either orderId (an existing order) or order (a new one), not both", zh: "关联已有工单与新建工单只能二选一")
        }
        if draft.complaint != nil, draft.complaintId != nil {
            v.fail("complaint", en: "give either complaintId or complaint, not both", zh: "关联已有投诉与新建投诉只能二选一")
        }
        if (draft.order != nil || draft.complaint != nil), next.elderId == nil, draft.complaint?.home == nil {
            v.fail("elderId", en: "choose the caller's elder (elderId) before creating an order or complaint from the call", zh: "请先选择来电老人再生成工单或投诉")
        }
        if next.completedAtMillis == nil { next.completedAtMillis = max(nowMillis, startedAtMillis) }
        try v.check()
        return next
    }
}

extension CallRecord: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        if elderId != nil {
            _ = v.division(home.rawValue, "home", role: .community)
        } else if home != takenAt {
            v.fail("home", en: "a call no elder was matched to is homed at the node that took it (\(takenAt))", zh: "未匹配老人的通话记录应归属受理节点")
        }
        if (elderId == nil) != (matchedBy == nil) {
            v.fail("matchedBy", en: "matchedBy says how the call's elder was found, and only when it has one", zh: "匹配方式须与关联老人一致")
        }
        if let number {
            _ = v.phone(number, "number")
        } else if deviceSerial == nil {
            v.fail("number", en: "number is required for a call that is not a device's one-key call", zh: "请填写电话号码")
        }
        v.checkText(deviceSerial, "deviceSerial", max: 64, optional: true)
        v.checkActor(agent, "agent")
        v.checkMillis(startedAtMillis, "startedAtMillis")
        if (outcome == nil) != (completedAtMillis == nil) {
            v.fail("completedAtMillis", en: "a call is completed (completedAtMillis) exactly when it has an outcome", zh: "通话结果与完成时间须同时填写")
        }
        if let completedAtMillis, completedAtMillis < startedAtMillis {
            v.fail("completedAtMillis", en: "a call is completed after it started", zh: "完成时间不能早于来电时间")
        }
        if let durationSeconds {
            _ = v.range(durationSeconds, "durationSeconds", Self.durationRange)
            if let outcome, !outcome.connected, durationSeconds > 0 {
                v.fail("durationSeconds", en: "a call that ended \(outcome.rawValue) has no talk time", zh: "未接通的电话通话时长应为0")
            }
        }
        if outcome == .answered, purpose == nil {
            v.fail("purpose", en: "purpose is required for an answered call", zh: "已接通的电话须填写来电事由")
        }
        if callbackOf != nil, direction != .outgoing {
            v.fail("callbackOf", en: "only an outgoing call returns a missed one", zh: "只有呼出电话可作为回拨")
        }
        if let recording, !BlobHash.isValid(recording) {
            v.fail("recording", en: "recording must be the SHA-256 of an uploaded audio blob", zh: "录音应为已上传音频的SHA-256")
        }
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        return v.errors
    }
}
