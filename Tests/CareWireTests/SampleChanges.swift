import CareModel
import Foundation
import Testing

/// Realistic changes of every kind, as a county → street → community federation makes them.
enum SampleChanges {
    static let county = DivisionCode("110105")!
    static let street = DivisionCode("110105001")!
    static let community = DivisionCode("110105001002")!

    static func version(_ millis: Int64, _ counter: UInt16 = 0, at origin: DivisionCode = street) -> Version {
        Version(hlc: HLC(millis: millis, counter: counter), origin: origin.rawValue)
    }

    /// A citizen ID with a correct check character, born on `birth` (YYYYMMDD).
    static func citizenID(region: String = "110105", birth: String, sequence: String) -> CitizenID {
        let first17 = region + birth + sequence
        return try! CitizenID(validating: first17 + String(CitizenID.checkCharacter(for: first17)!))
    }

    static let elderID = UUID(uuidString: "3F2A9C1E-7B4D-4E2A-9F10-6C8D2B1A0E55")!
    static let organisationID = UUID(uuidString: "0B7E4C2D-1A3F-4B5C-8D9E-0F1A2B3C4D5E")!
    static let staffID = UUID(uuidString: "5C6D7E8F-9A0B-4C1D-8E2F-3A4B5C6D7E8F")!
    static let orderID = UUID(uuidString: "9E8D7C6B-5A49-4382-A716-0F1E2D3C4B5A")!

    static let elder = Elder(
        id: elderID, home: community, name: "王秀英", gender: .female, birthDate: "1949-12-31",
        citizenId: try! CitizenID(validating: "11010519491231002X"), phone: "010-6512 3456",
        address: Address(text: "北京市朝阳区建外街道永安里社区3号楼2单元401", location: Coordinates(latitude: 39.9087, longitude: 116.4493)),
        livingSituation: .alone, abilityLevel: 2, chronicConditions: ["高血压", "2型糖尿病"],
        emergencyContacts: [
            EmergencyContact(name: "李明", relation: "儿子", phone: "13901234567", holdsKey: true),
            EmergencyContact(name: "张桂兰", relation: "邻居", phone: "13812345678"),
        ])

    static var elderChange: ChangeEnvelope {
        let created = ProfileMerge.edit(nil, to: elder, at: version(1_763_880_000_000, at: community))
        var edited = elder
        edited.abilityLevel = 3
        edited.phone = nil
        let state = ProfileMerge.edit(created, to: edited, at: version(1_763_966_400_000, 2))
        return ChangeEnvelope(
            id: elderID, home: community, version: state.version, stamps: state.stamps, body: RecordBody(state.record))
    }

    /// A deleted elder without coordinates: the tombstone still carries the last state.
    static var deletedElderChange: ChangeEnvelope {
        let other = Elder(
            id: UUID(uuidString: "7A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D")!, home: community, name: "赵德福", gender: .male,
            birthDate: "1940-02-29",
            citizenId: citizenID(birth: "19400229", sequence: "001"), address: Address(text: "永安里社区5号楼101"),
            livingSituation: .emptyNest, abilityLevel: 0,
            emergencyContacts: [EmergencyContact(name: "赵强", relation: "儿子", phone: "+86 139 0000 1111")])
        let created = ProfileMerge.edit(nil, to: other, at: version(1_763_000_000_000, at: community))
        let deleted = ProfileMerge.edit(created, to: other, deleted: true, at: version(1_763_100_000_000, 7, at: county))
        return ChangeEnvelope(
            id: other.id, home: community, version: deleted.version, deleted: true, stamps: deleted.stamps,
            body: RecordBody(deleted.record))
    }

    static var deviceChange: ChangeEnvelope {
        let device = Device(
            id: UUID(uuidString: "C0FFEE00-1234-4567-89AB-CDEF01234567")!, home: community, type: .callTerminal,
            serial: "CT-2025-000417", elderId: elderID, status: .active)
        let state = ProfileMerge.edit(nil, to: device, at: version(1_763_880_100_000, 1, at: community))
        return ChangeEnvelope(id: device.id, home: community, version: state.version, stamps: state.stamps, body: RecordBody(device))
    }

    static let organisation = ServiceOrganisation(
        id: organisationID, home: county, name: "朝阳区康乐居家养老服务中心", type: .homeCareCenter,
        categories: [.meals, .bathing, .homeCare], communities: [community, DivisionCode("110105001003")!],
        address: Address(text: "北京市朝阳区建国路88号"), phone: "010-8588 0000", creditStatus: .good)

    static var organisationChange: ChangeEnvelope {
        ChangeEnvelope(id: organisationID, home: county, version: version(1_760_000_000_000, at: county), body: RecordBody(organisation))
    }

    static var staffChange: ChangeEnvelope {
        let staff = Staff(
            id: staffID, home: county, name: "陈晓燕", role: .caregiver, organisationId: organisationID,
            phone: "13700001111", certificates: ["养老护理员（四级）", "健康照护师"])
        return ChangeEnvelope(id: staffID, home: county, version: version(1_760_000_500_000, 4, at: county), body: RecordBody(staff))
    }

    static var orderChange: ChangeEnvelope {
        let order = ServiceOrder(
            id: orderID, home: community, elderId: elderID, category: .bathing, channel: .phone,
            wantedAt: "2025-11-24T09:30:00+08:00", notes: "需要两人协助", takenAt: street, takenBy: "dispatcher-07",
            requestedAtMillis: 1_763_950_000_123)
        return ChangeEnvelope(id: orderID, home: community, version: version(1_763_950_000_123), body: RecordBody(order))
    }

    static var orderEventChange: ChangeEnvelope {
        let version = version(1_763_950_600_000, 1)
        let event = OrderEvent(
            id: UUID(uuidString: "1D2E3F40-5162-4738-89A0-B1C2D3E4F506")!, orderId: orderID, home: community, kind: .dispatch,
            version: version, actor: "dispatcher-07", channel: .phone, reason: nil, organisationId: organisationID,
            workerId: staffID, supersedes: UUID(uuidString: "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE")!,
            details: ["note": "上午到", "eta": "09:20"])
        return ChangeEnvelope(id: event.id, home: community, version: version, body: RecordBody(event))
    }

    static var evaluationChange: ChangeEnvelope {
        let evaluation = Evaluation(
            id: UUID(uuidString: "E1E2E3E4-F5F6-4789-8ABC-DEF012345678")!, home: community, orderId: orderID,
            organisationId: organisationID, stars: 5, attitude: 5, quality: 4, punctuality: nil, comment: "护理员很耐心",
            evaluator: .family, evaluatorName: "李明", createdAtMillis: 1_764_000_000_000)
        return ChangeEnvelope(id: evaluation.id, home: community, version: version(1_764_000_000_000, at: community), body: RecordBody(evaluation))
    }

    /// A field conflict an operator has resolved.
    static var conflictChange: ChangeEnvelope {
        var conflict = Conflict(
            home: community, entityKind: .elder, entityId: elderID, field: "phone", winnerValue: "\"010-6512 3456\"",
            loserValue: "\"13900000000\"", winner: version(1_763_966_400_000, 2), loser: version(1_763_966_399_000, at: community),
            reason: "concurrent edits of phone; the later one by clock was kept")
        conflict.resolution = .init(note: "已电话核实", by: "operator-3", at: version(1_764_100_000_000))
        return ChangeEnvelope(id: conflict.id, home: community, version: conflict.version, body: RecordBody(conflict))
    }

    /// A rejected lifecycle event: its winner is the zero version.
    static var rejectedEventConflictChange: ChangeEnvelope {
        guard var event = orderEventChange.body.as(OrderEvent.self) else { fatalError("sample is an order event") }
        event.kind = .cancel
        let conflict = Conflict(rejected: event)
        return ChangeEnvelope(id: conflict.id, home: community, version: conflict.version, body: RecordBody(conflict))
    }

    static var complaintChange: ChangeEnvelope {
        let complaint = Complaint(
            id: UUID(uuidString: "C0C1C2C3-D4D5-4E6F-8A0B-1C2D3E4F5A6B")!, home: community, orderId: orderID, organisationId: organisationID,
            complainant: "李明（儿子）", channel: .phone, description: "护理员迟到四十分钟", takenAt: street, takenBy: "window-2",
            receivedAtMillis: 1_764_010_000_000)
        return ChangeEnvelope(id: complaint.id, home: community, version: version(1_764_010_000_000), body: RecordBody(complaint))
    }

    static var complaintEventChange: ChangeEnvelope {
        let v = version(1_764_020_000_000)
        let event = ComplaintEvent(
            id: UUID(uuidString: "C1C2C3C4-D5D6-4E7F-8A0B-1C2D3E4F5A6B")!, complaintId: UUID(uuidString: "C0C1C2C3-D4D5-4E6F-8A0B-1C2D3E4F5A6B")!,
            home: community, step: .acknowledge, version: v, actor: "window-2", note: "已受理，三日内答复")
        return ChangeEnvelope(id: event.id, home: community, version: v, body: RecordBody(event))
    }

    static let alertID = UUID(uuidString: "A1A2A3A4-B5B6-4C7D-8E9F-0A1B2C3D4E5F")!

    static var alertChange: ChangeEnvelope {
        let alert = Alert(
            id: alertID, home: community, elderId: elderID, deviceSerial: "HC-2024-0017", condition: "spo2.low", measure: "spo2",
            value: 87, severity: .critical, message: "blood oxygen low: 87 %", messageZh: "血氧饱和度偏低：87 %",
            place: "永安里社区3号楼2单元401", raisedAtMillis: 1_764_030_000_000)
        return ChangeEnvelope(id: alert.id, home: community, version: version(1_764_030_000_000, at: community), body: RecordBody(alert))
    }

    static var alertEventChange: ChangeEnvelope {
        let v = version(1_764_030_400_000)
        let event = AlertEvent(
            id: UUID(uuidString: "A2A3A4A5-B6B7-4C8D-8E9F-0A1B2C3D4E5F")!, alertId: alertID, home: community, step: .escalate,
            version: v, actor: "escalation@110105001", note: "unacknowledged for 6 min", tier: .street)
        return ChangeEnvelope(id: event.id, home: community, version: v, body: RecordBody(event))
    }

    static var vitalsChange: ChangeEnvelope {
        let summary = VitalsSummary(
            home: community, elderId: elderID, measure: .systolic, day: "2025-11-24", count: 3, minimum: 128, maximum: 151,
            mean: 139.5, abnormal: 1)
        return ChangeEnvelope(id: summary.id, home: community, version: version(1_764_040_000_000, at: community), body: RecordBody(summary))
    }

    static var accountChange: ChangeEnvelope {
        let account = Operator(
            name: "staff1", displayName: "李四", role: .caregiver, home: community, organisationId: UUID(), staffId: UUID(),
            passwordHash: "$2b$10$" + String(repeating: "N9qo8uLOickgx2ZMRZoMye", count: 3).prefix(53), mustChangePassword: true)
        return ChangeEnvelope(id: account.id, home: community, version: version(1_764_050_000_000, at: street), body: RecordBody(account))
    }

    static var auditChange: ChangeEnvelope {
        let entry = AuditEntry(
            home: community, atMillis: 1_764_060_000_000, actor: "admin", action: "elder.reveal", subjectKind: "elder",
            subject: elderID.uuidString, detail: " GET /api/v1/elders\n(1 shown) ", reason: "家属核对", source: "10.0.0.7")
        return ChangeEnvelope(id: entry.id, home: community, version: version(1_764_060_000_000, at: community), body: RecordBody(entry))
    }

    static let checkup = Checkup(
        id: UUID(uuidString: "C1C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: community, elderId: elderID, date: "2025-11-20",
        place: "永安里社区卫生服务站", station: community, enteredBy: "站点医生", recordedAtMillis: 1_764_070_000_000,
        results: [
            CheckupResult(item: .systolic, value: 152), CheckupResult(item: .urineProtein, code: "plus1"),
            CheckupResult(item: .ecg, code: "stTChange", note: "II、III导联ST段压低"), CheckupResult(item: .weight, value: 62.5),
            CheckupResult(item: .height, value: 158), CheckupResult(item: .bmi, value: 25.0),
        ], summary: "血压偏高，建议复查")

    static var checkupChange: ChangeEnvelope {
        ChangeEnvelope(id: checkup.id, home: community, version: version(1_764_070_000_000, at: community), body: RecordBody(checkup))
    }

    static var conditionChange: ChangeEnvelope {
        let condition = ChronicCondition(home: community, elderId: elderID, disease: .diabetesType2, diagnosedOn: "2019-05-01", registeredOn: "2025-01-10", note: "口服二甲双胍")
        let v = version(1_764_080_000_000, at: community)
        return ChangeEnvelope(
            id: condition.id, home: community, version: v, stamps: Dictionary(uniqueKeysWithValues: ChronicCondition.mergeFieldNames.map { ($0, FieldStamp(version: v)) }),
            body: RecordBody(condition))
    }

    static var followUpChange: ChangeEnvelope {
        let followUp = FollowUp(
            id: UUID(uuidString: "F1F2F3F4-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, home: community,
            conditionId: ChronicCondition.id(elderId: elderID, disease: .diabetesType2), elderId: elderID, date: "2025-11-21", method: .home,
            by: "站点医生", systolic: 138, diastolic: 86, fastingGlucose: 7.4, outcome: .uncontrolled, nextDue: "2026-02-19",
            note: "调整饮食", recordedAtMillis: 1_764_090_000_000)
        return ChangeEnvelope(id: followUp.id, home: community, version: version(1_764_090_000_000, at: community), body: RecordBody(followUp))
    }

    static var thresholdDefaultChange: ChangeEnvelope {
        let value = ThresholdDefault(
            home: county, measure: .systolic, condition: .hypertension, threshold: Threshold(low: 90, high: 145, criticalLow: 70, criticalHigh: 180),
            source: ThresholdDefaults.hypertensionSource)
        return ChangeEnvelope(id: value.id, home: county, version: version(1_764_100_000_000, at: county), body: RecordBody(value))
    }

    static var thresholdOverrideChange: ChangeEnvelope {
        let value = ThresholdOverride(
            home: community, elderId: elderID, measure: .glucose, threshold: Threshold(low: 4.4, high: 9.0),
            note: "医嘱", setBy: "站点医生", setAtMillis: 1_764_110_000_000)
        let v = version(1_764_110_000_000, at: community)
        return ChangeEnvelope(
            id: value.id, home: community, version: v, stamps: Dictionary(uniqueKeysWithValues: ThresholdOverride.mergeFieldNames.map { ($0, FieldStamp(version: v)) }),
            body: RecordBody(value))
    }

    static var callChange: ChangeEnvelope {
        let call = CallRecord(
            id: UUID(uuidString: "C1C2C3C4-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, home: community, direction: .incoming, number: "+86 138-0013-8000",
            startedAtMillis: 1_764_095_000_000, takenAt: county, agent: "坐席01", elderId: elderID, matchedBy: .emergencyContact,
            purpose: .serviceRequest, outcome: .answered, durationSeconds: 185, completedAtMillis: 1_764_095_200_000, note: "女儿来电预约助浴",
            orderId: UUID(uuidString: "0D1D2D3D-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, recording: String(repeating: "ab", count: 32))
        let v = version(1_764_095_200_000, at: county)
        return ChangeEnvelope(
            id: call.id, home: community, version: v, stamps: Dictionary(uniqueKeysWithValues: CallRecord.mergeFieldNames.map { ($0, FieldStamp(version: v)) }),
            body: RecordBody(call))
    }

    static var prescriptionChange: ChangeEnvelope {
        let prescription = Prescription(
            id: UUID(uuidString: "A7B7C7D7-E7F7-4A7B-8C7D-9E7F0A1B2C3D")!, home: community, elderId: elderID,
            conditionId: ChronicCondition.id(elderId: elderID, disease: .diabetesType2), kind: .diet, issuedOn: "2025-11-21",
            doctor: "王医生", advice: "每日主食不超过250克，少吃甜食；\n晚饭后散步30分钟", validUntil: "2026-02-19", issuedBy: "站点医生",
            acknowledgedAtMillis: 1_764_095_000_000, acknowledgedBy: "本人")
        let v = version(1_764_095_000_000, at: community)
        return ChangeEnvelope(
            id: prescription.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: Prescription.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(prescription))
    }

    static let windowCase = WindowCase(
        id: UUID(uuidString: "A7A2A3A4-B5B6-4C7D-8E9F-0A1B2C3D4E5F")!, home: community, elderId: elderID, kind: .application,
        channel: .window, summary: "申请居家养老服务补贴", documents: [String(repeating: "ab", count: 32)], takenAt: street,
        takenBy: "窗口受理员", receivedAtMillis: 1_764_100_000_000, dueAtMillis: 1_765_828_000_000)

    static var windowCaseChange: ChangeEnvelope {
        ChangeEnvelope(id: windowCase.id, home: community, version: version(1_764_100_000_000, at: street), body: RecordBody(windowCase))
    }

    static var caseEventChange: ChangeEnvelope {
        let v = version(1_764_110_000_000, at: county)
        let event = CaseEvent(
            id: UUID(uuidString: "A8A2A3A4-B5B6-4C7D-8E9F-0A1B2C3D4E5F")!, caseId: windowCase.id, elderId: elderID, home: community,
            step: .approve, version: v, actor: "县民政局审批员", note: "符合补贴条件")
        return ChangeEnvelope(id: event.id, home: community, version: v, body: RecordBody(event))
    }

    static var referralChange: ChangeEnvelope {
        let referral = Referral(
            id: UUID(uuidString: "B8B2B3B4-C5C6-4D7E-8F9A-0B1C2D3E4F5A")!, home: community, elderId: elderID,
            orderId: UUID(uuidString: "0D1D2D3D-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, caseId: windowCase.id, fromStreet: street,
            reason: "老人需每周两次助浴，本街道内服务组织已满员；\n转介至邻近中心", toOrganisationId: organisationID,
            referredBy: "窗口受理员", referredAtMillis: 1_764_120_000_000,
            reply: ReferralReply(answer: .accepted, note: nil, by: "机构管理员", atMillis: 1_764_130_000_000),
            feedback: ReferralFeedback(text: "已安排每周二、周五上门助浴", by: "机构管理员", atMillis: 1_764_200_000_000))
        let v = version(1_764_200_000_000, at: community)
        return ChangeEnvelope(
            id: referral.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: Referral.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(referral))
    }

    static var thirdPartyReferralChange: ChangeEnvelope {
        let referral = Referral(
            id: UUID(uuidString: "B9B2B3B4-C5C6-4D7E-8F9A-0B1C2D3E4F5A")!, home: community, elderId: elderID, fromStreet: street,
            reason: "遗产纠纷咨询", toThirdParty: "区法律援助中心", toPhone: "027-8888 1234", referredBy: "窗口受理员",
            referredAtMillis: 1_764_120_000_000,
            reply: ReferralReply(answer: .refused, note: "不属于援助范围", by: "窗口受理员", atMillis: 1_764_130_000_000))
        let v = version(1_764_130_000_000, at: street)
        return ChangeEnvelope(
            id: referral.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: Referral.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(referral))
    }

    /// An approved assessment: every item at its highest score but three, and one adjustment.
    static var assessmentChange: ChangeEnvelope {
        var answers = Dictionary(uniqueKeysWithValues: AbilityItems.all.map { ($0.id, $0.maxScore) })
        answers["B.1.3"] = 2
        answers["B.2.4"] = 1
        answers["B.3.4"] = 3
        let assessment = Assessment(
            id: UUID(uuidString: "A9B9C9D9-E9F9-4A9B-8C9D-9E9F0A1B2C3D")!, home: community, elderId: elderID,
            planId: UUID(uuidString: "AAB9C9D9-E9F9-4A9B-8C9D-9E9F0A1B2C3D")!, reason: .routine, assessedOn: "2025-11-25",
            assessorIds: [UUID(uuidString: "5A5B5C5D-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, UUID(uuidString: "6A5B5C5D-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!],
            answers: answers, adjustments: AbilityAdjustments(riskEvents: [.fall: 1, .wandering: 1]), note: "家属陪同", createdBy: "评估员01",
            status: .approved, submittedAtMillis: 1_764_120_000_000, decidedAtMillis: 1_764_130_000_000, decidedBy: "审核员")
        let v = version(1_764_130_000_000, at: street)
        return ChangeEnvelope(
            id: assessment.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: Assessment.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(assessment))
    }

    static var assessmentPlanChange: ChangeEnvelope {
        let plan = AssessmentPlan(
            id: UUID(uuidString: "AAB9C9D9-E9F9-4A9B-8C9D-9E9F0A1B2C3D")!, home: community, elderId: elderID, dueOn: "2025-11-25",
            reason: .routine, organisationId: UUID(uuidString: "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D")!,
            assessorIds: [UUID(uuidString: "5A5B5C5D-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, UUID(uuidString: "6A5B5C5D-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!],
            note: "上门评估", plannedBy: "评估员01")
        let v = version(1_764_115_000_000, at: street)
        return ChangeEnvelope(
            id: plan.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: AssessmentPlan.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(plan))
    }

    static let volunteer = Volunteer(
        id: UUID(uuidString: "B1B2B3B4-C5C6-4D7E-8F90-A1B2C3D4E5F6")!, elderId: elderID, name: "王秀英", phone: "13901234567",
        community: community, skills: [.companionship, .haircut], registeredBy: "站点工作人员")

    static var volunteerChange: ChangeEnvelope {
        let v = version(1_764_200_000_000, at: community)
        return ChangeEnvelope(
            id: volunteer.id, home: county, version: v,
            stamps: Dictionary(uniqueKeysWithValues: Volunteer.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(volunteer))
    }

    static let activity = VolunteerActivity(
        id: UUID(uuidString: "B2B2B3B4-C5C6-4D7E-8F90-A1B2C3D4E5F6")!, home: community, title: "重阳节陪老人包饺子", date: "2025-10-29",
        place: "永安里社区活动室", minutes: 120, capacity: 20, signedUp: [volunteer.id], organisedBy: "站点工作人员")

    static var activityChange: ChangeEnvelope {
        let v = version(1_764_210_000_000, at: community)
        return ChangeEnvelope(
            id: activity.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: VolunteerActivity.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(activity))
    }

    static var earnChange: ChangeEnvelope {
        let entry = TimeEntry.attendance(activity, volunteer: volunteer, node: community, operator: "站点工作人员", atMillis: 1_764_220_000_000)
        return ChangeEnvelope(id: entry.id, home: county, version: version(1_764_220_000_000, at: community), body: RecordBody(entry))
    }

    static var redeemChange: ChangeEnvelope {
        let entry = TimeEntry(
            id: UUID(uuidString: "B3B2B3B4-C5C6-4D7E-8F90-A1B2C3D4E5F6")!, home: county, volunteerId: volunteer.id, kind: .redeem,
            minutes: 90, orderId: orderID, forElderId: elderID, relation: .own, note: "助浴一次", node: street, operator: "窗口受理员",
            atMillis: 1_764_230_000_000)
        return ChangeEnvelope(id: entry.id, home: county, version: version(1_764_230_000_000), body: RecordBody(entry))
    }

    static var adjustChange: ChangeEnvelope {
        let entry = TimeEntry(
            id: UUID(uuidString: "B4B2B3B4-C5C6-4D7E-8F90-A1B2C3D4E5F6")!, home: county, volunteerId: volunteer.id, kind: .adjust,
            minutes: -30, conflictId: UUID(uuidString: "B5B2B3B4-C5C6-4D7E-8F90-A1B2C3D4E5F6")!, note: "两站重复兑换，扣回", node: street,
            operator: "街道管理员", atMillis: 1_764_240_000_000)
        return ChangeEnvelope(id: entry.id, home: county, version: version(1_764_240_000_000), body: RecordBody(entry))
    }

    static var carePlanChange: ChangeEnvelope {
        let plan = CarePlan(
            home: community, elderId: elderID, group: .livingAlone, contactKind: .phoneCall, intervalDays: 3, assignee: "站点社工",
            volunteerName: "李志愿", volunteerPhone: "13800138001", startsOn: "2025-11-21", note: "白天常在楼下", setBy: "站点主任",
            setAtMillis: 1_764_120_000_000)
        let v = version(1_764_120_000_000, at: community)
        return ChangeEnvelope(
            id: plan.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: CarePlan.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(plan))
    }

    static var careContactChange: ChangeEnvelope {
        let contact = CareContact(
            id: UUID(uuidString: "C9C2C3C4-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, home: community, elderId: elderID, kind: .homeVisit,
            outcome: .concernFound, atMillis: 1_764_125_000_000, by: "站点社工", volunteer: "李志愿", notes: "冰箱里没有食物",
            followUpKind: .order, followUpId: UUID(uuidString: "0D1D2D3D-A5A6-4B7C-8D9E-0F1A2B3C4D5E")!, recordedAtMillis: 1_764_125_100_000)
        return ChangeEnvelope(id: contact.id, home: community, version: version(1_764_125_100_000, at: community), body: RecordBody(contact))
    }

    static var careDefaultChange: ChangeEnvelope {
        let rule = CareDefault(home: county, group: .emptyNest, contactKind: .video, intervalDays: 10, graceDays: 5)
        return ChangeEnvelope(id: rule.id, home: county, version: version(1_764_130_000_000, at: county), body: RecordBody(rule))
    }

    static let courseID = UUID(uuidString: "C1C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!
    static let sessionID = UUID(uuidString: "C2C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!

    static var courseChange: ChangeEnvelope {
        let course = Course(
            id: courseID, home: street, title: "失能老人居家照护基础", summary: "翻身、喂食与压疮预防；\n含操作视频", studyMinutes: 240,
            materials: [
                CourseMaterial(sha256: String(repeating: "ab", count: 32), kind: .document, name: "照护手册.pdf"),
                CourseMaterial(sha256: String(repeating: "cd", count: 32), kind: .video, name: "翻身操作.mp4"),
            ], authoredBy: "街道培训专干")
        let v = version(1_764_100_000_000)
        return ChangeEnvelope(
            id: course.id, home: street, version: v,
            stamps: Dictionary(uniqueKeysWithValues: Course.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(course))
    }

    static var trainingSessionChange: ChangeEnvelope {
        let session = TrainingSession(
            id: sessionID, home: community, courseId: courseID, startsAtMillis: 1_764_300_000_000, place: "永安里社区服务站二楼",
            capacity: 20, trainer: "李护士长", cancelled: false)
        let v = version(1_764_110_000_000, at: community)
        return ChangeEnvelope(
            id: session.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: TrainingSession.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(session))
    }

    static var certificateChange: ChangeEnvelope {
        let record = TrainingRecord(
            id: UUID(uuidString: "C3C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: community, staffId: staffID, kind: .certificate,
            courseId: courseID, certificateNumber: "JZPX-2025-0017", issuedOn: "2025-11-28", recordedBy: "站点工作人员",
            recordedAtMillis: 1_764_320_000_000)
        return ChangeEnvelope(id: record.id, home: community, version: version(1_764_320_000_000, at: community), body: RecordBody(record))
    }

    static var registrationChange: ChangeEnvelope {
        let record = TrainingRecord(
            id: UUID(uuidString: "C4C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: community, staffId: staffID, kind: .registration,
            sessionId: sessionID, recordedBy: "站点工作人员", recordedAtMillis: 1_764_120_000_000)
        return ChangeEnvelope(id: record.id, home: community, version: version(1_764_120_000_000, at: community), body: RecordBody(record))
    }

    static let stayID = UUID(uuidString: "D1C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!

    static var stayChange: ChangeEnvelope {
        let stay = Stay(
            id: stayID, home: community, elderId: elderID, kind: .fullCare, room: "201", bed: "2", careLevel: 3,
            assessmentId: UUID(uuidString: "D2C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, contractFrom: "2025-11-01", contractTo: "2026-10-31",
            contacts: [EmergencyContact(name: "李明", relation: "儿子", phone: "13900001111", holdsKey: true)],
            admittedAtMillis: 1_761_960_000_000, admittedBy: "站点工作人员", note: "对青霉素过敏")
        return ChangeEnvelope(id: stay.id, home: community, version: version(1_761_960_000_000, at: community), body: RecordBody(stay))
    }

    static var mealChange: ChangeEnvelope {
        let record = CareRecord(
            id: UUID(uuidString: "D3C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, stayId: stayID, elderId: elderID, home: community, item: .meal,
            meal: .lunch, by: "张护理员", atMillis: 1_762_000_000_000, recordedBy: "站点工作人员", recordedAtMillis: 1_762_000_100_000)
        return ChangeEnvelope(id: record.id, home: community, version: version(1_762_000_100_000, at: community), body: RecordBody(record))
    }

    static var transferChange: ChangeEnvelope {
        let record = CareRecord(
            id: UUID(uuidString: "D4C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, stayId: stayID, elderId: elderID, home: community,
            item: .transfer, detail: "换到一楼，方便轮椅", room: "105", bed: "1", by: "站长", atMillis: 1_762_100_000_000,
            recordedBy: "站点工作人员", recordedAtMillis: 1_762_100_000_000)
        return ChangeEnvelope(id: record.id, home: community, version: version(1_762_100_000_000, at: community), body: RecordBody(record))
    }

    static let inspectionID = UUID(uuidString: "E1C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!

    static var inspectionTemplateChange: ChangeEnvelope {
        let template = InspectionTemplate(
            id: UUID(uuidString: "E2C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: DivisionCode("110105")!, title: "居家养老服务机构检查表",
            target: .organisation, items: [ChecklistItem(code: "A1", text: "服务人员持证上岗"), ChecklistItem(code: "B2", text: "服务记录完整")])
        return ChangeEnvelope(id: template.id, home: template.home, version: version(1_764_000_000_000, at: DivisionCode("110105")!), body: RecordBody(template))
    }

    static var inspectionChange: ChangeEnvelope {
        let inspection = Inspection(
            id: inspectionID, home: community, target: .organisation, organisationId: UUID(uuidString: "E3C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!,
            templateId: UUID(uuidString: "E2C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, plannedOn: "2025-12-01", inspector: "督查员",
            plannedBy: "县级管理员", plannedAtMillis: 1_764_100_000_000, note: "季度例行检查")
        return ChangeEnvelope(id: inspection.id, home: community, version: version(1_764_100_000_000, at: DivisionCode("110105")!), body: RecordBody(inspection))
    }

    static var findingChange: ChangeEnvelope {
        let v = version(1_764_200_000_000, at: community)
        let event = InspectionEvent(
            id: UUID(uuidString: "E4C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, inspectionId: inspectionID, home: community, step: .finding, version: v,
            item: "A1", severity: .serious, note: "两名护理员无证上岗", photos: [String(repeating: "ab", count: 32)],
            dueAtMillis: 1_764_459_200_000, actor: "督查员", atMillis: 1_764_200_000_000)
        return ChangeEnvelope(id: event.id, home: community, version: v, body: RecordBody(event))
    }

    static let recreationID = UUID(uuidString: "A1C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!

    static var recreationChange: ChangeEnvelope {
        let activity = Activity(
            id: recreationID, home: community, title: "重阳节书画联谊会", category: .handicraft, place: "永安里社区服务站活动室",
            startsAtMillis: 1_764_400_000_000, endsAtMillis: 1_764_407_200_000, capacity: 30, organiser: "社区书画协会",
            summary: "现场挥毫；\n提供笔墨纸砚", createdBy: "站点工作人员")
        let v = version(1_764_130_000_000, at: community)
        return ChangeEnvelope(
            id: activity.id, home: community, version: v,
            stamps: Dictionary(uniqueKeysWithValues: Activity.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(activity))
    }

    /// A booking made by the street window, cancelled at the station: two writers of one record.
    static var bookingChange: ChangeEnvelope {
        let booked = ActivityBooking(
            home: community, activityId: recreationID, elderId: elderID, bookedAtMillis: 1_764_140_000_000, bookedBy: "街道窗口", channel: .staff)
        let made = ProfileMerge.edit(nil, to: booked, at: version(1_764_140_000_000))
        var cancelled = booked
        cancelled.cancellation = BookingCancellation(atMillis: 1_764_150_000_000, by: "站点工作人员", reason: "老人住院")
        let state = ProfileMerge.edit(made, to: cancelled, at: version(1_764_150_000_000, at: community))
        return ChangeEnvelope(id: booked.id, home: community, version: state.version, stamps: state.stamps, body: RecordBody(state.record))
    }

    /// A booking attended (face-recognition device) and rated.
    static var ratedBookingChange: ChangeEnvelope {
        var booking = ActivityBooking(
            home: community, activityId: recreationID, elderId: UUID(uuidString: "4F2A9C1E-7B4D-4E2A-9F10-6C8D2B1A0E55")!,
            bookedAtMillis: 1_764_141_000_000, bookedBy: "站点工作人员", channel: .elder)
        booking.attendance = BookingAttendance(atMillis: 1_764_400_100_000, source: .faceDevice, deviceSerial: "FACE-0012", recordedBy: "人脸识别网关")
        booking.rating = BookingRating(score: 5, comment: "很开心", atMillis: 1_764_410_000_000, recordedBy: "站点工作人员")
        let state = ProfileMerge.edit(nil, to: booking, at: version(1_764_410_000_000, at: community))
        return ChangeEnvelope(id: booking.id, home: community, version: state.version, stamps: state.stamps, body: RecordBody(booking))
    }

    static var weightsChange: ChangeEnvelope {
        let weights = PerformanceWeights(county: DivisionCode("110105")!, ratings: 50, inspections: 25, returnVisits: 15, selfAssessment: 10)
        return ChangeEnvelope(id: weights.id, home: weights.home, version: version(1_764_300_000_000, at: DivisionCode("110105")!), body: RecordBody(weights))
    }

    static var selfAssessmentChange: ChangeEnvelope {
        let assessment = SelfAssessment(
            id: UUID(uuidString: "F1C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: community, organisationId: UUID(uuidString: "E3C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!,
            quarter: "2025Q4", score: 88, note: "助餐留样制度已落实", by: "机构管理员", atMillis: 1_764_300_000_000)
        return ChangeEnvelope(id: assessment.id, home: community, version: version(1_764_300_000_000, at: community), body: RecordBody(assessment))
    }

    static var violationChange: ChangeEnvelope {
        let complaint = UUID(uuidString: "F1C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!
        let record = CreditRecord(
            id: CreditRecord.stableID(source: .complaint, sourceId: complaint), home: county, organisationId: organisationID, kind: .violation,
            severity: .serious, source: .complaint, sourceId: complaint, description: "未按约定时间上门，投诉查实；\n已约谈负责人",
            occurredOn: "2025-11-20", recordedBy: "县调度员", recordedAtMillis: 1_764_200_000_000)
        return ChangeEnvelope(id: record.id, home: county, version: version(1_764_200_000_000, at: county), body: RecordBody(record))
    }

    static var awardChange: ChangeEnvelope {
        let record = CreditRecord(
            id: UUID(uuidString: "F2C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: county, organisationId: organisationID, kind: .award,
            awardLevel: .municipal, source: .county, description: "市级养老服务示范单位", occurredOn: "2025-10-01", recordedBy: "县调度员",
            recordedAtMillis: 1_764_210_000_000)
        return ChangeEnvelope(id: record.id, home: county, version: version(1_764_210_000_000, at: county), body: RecordBody(record))
    }

    static var policyChange: ChangeEnvelope {
        let policy = Policy(
            id: UUID(uuidString: "F3C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: county, kind: .guide, title: "居家养老服务补贴申领指南",
            body: "一、申领条件\n二、所需材料", attachments: [PolicyAttachment(sha256: String(repeating: "ef", count: 32), name: "申领表.pdf")],
            effectiveFrom: "2025-12-01", effectiveTo: "2026-12-31", publishedBy: "县管理员", publishedAtMillis: 1_764_220_000_000)
        return ChangeEnvelope(id: policy.id, home: county, version: version(1_764_220_000_000, at: county), body: RecordBody(policy))
    }

    static var publicRequestChange: ChangeEnvelope {
        let submission = PublicSubmission(
            id: UUID(uuidString: "F4C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: community, kind: .service, tracking: "7K2M9QX4T0BD",
            name: "王桂兰", contactPhone: "13912345678", address: "青山区红卫路8号", category: .meals, organisationId: nil,
            description: "老人行动不便，希望每天送午餐", submittedAtMillis: 1_764_230_000_000,
            taken: PublicSubmissionTaken(
                target: .order, recordId: UUID(uuidString: "F5C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, by: "站点工作人员", atMillis: 1_764_231_000_000),
            answer: PublicSubmissionAnswer(text: "已安排助餐服务", by: "站点工作人员", atMillis: 1_764_232_000_000))
        return ChangeEnvelope(id: submission.id, home: community, version: version(1_764_232_000_000, at: county), body: RecordBody(submission))
    }

    static var publicComplaintChange: ChangeEnvelope {
        let submission = PublicSubmission(
            id: UUID(uuidString: "F6C2C3C4-D5D6-4E7F-8A9B-0C1D2E3F4A5B")!, home: community, kind: .complaint, tracking: "0123456789AB",
            name: nil, contactPhone: "027-8765-4321", address: nil, category: nil, organisationId: organisationID,
            description: "服务人员多次迟到", submittedAtMillis: 1_764_240_000_000)
        return ChangeEnvelope(id: submission.id, home: community, version: version(1_764_240_000_000, at: county), body: RecordBody(submission))
    }

    static var named: [Sample] {
        [
            Sample("elder", elderChange), Sample("deleted elder", deletedElderChange), Sample("device", deviceChange),
            Sample("organisation", organisationChange), Sample("staff", staffChange), Sample("order", orderChange),
            Sample("order event", orderEventChange), Sample("evaluation", evaluationChange),
            Sample("resolved conflict", conflictChange), Sample("rejected-event conflict", rejectedEventConflictChange),
            Sample("complaint", complaintChange), Sample("complaint event", complaintEventChange), Sample("alert", alertChange),
            Sample("alert event", alertEventChange), Sample("vitals summary", vitalsChange),
            Sample("operator account", accountChange), Sample("audit entry", auditChange), Sample("check-up", checkupChange),
            Sample("chronic condition", conditionChange), Sample("follow-up", followUpChange),
            Sample("threshold default", thresholdDefaultChange), Sample("threshold override", thresholdOverrideChange),
            Sample("call record", callChange),
            Sample("prescription", prescriptionChange),
            Sample("window case", windowCaseChange), Sample("case event", caseEventChange),
            Sample("referral", referralChange), Sample("third-party referral", thirdPartyReferralChange),
            Sample("assessment", assessmentChange), Sample("assessment plan", assessmentPlanChange),
            Sample("volunteer", volunteerChange), Sample("volunteer activity", activityChange), Sample("earn entry", earnChange),
            Sample("redeem entry", redeemChange), Sample("adjust entry", adjustChange),
            Sample("care plan", carePlanChange), Sample("care contact", careContactChange), Sample("care default", careDefaultChange),
            Sample("course", courseChange), Sample("training session", trainingSessionChange),
            Sample("certificate", certificateChange), Sample("registration", registrationChange),
            Sample("stay", stayChange), Sample("meal record", mealChange), Sample("transfer record", transferChange),
            Sample("inspection template", inspectionTemplateChange), Sample("inspection", inspectionChange), Sample("finding", findingChange),
            Sample("performance weights", weightsChange), Sample("self-assessment", selfAssessmentChange),
            Sample("activity", recreationChange), Sample("cancelled booking", bookingChange), Sample("rated booking", ratedBookingChange),
            Sample("violation", violationChange), Sample("award", awardChange), Sample("policy", policyChange),
            Sample("public request", publicRequestChange), Sample("public complaint", publicComplaintChange),
        ]
    }

    static var all: [ChangeEnvelope] { named.map(\.change) }
}

/// A sample change with a short name for test reports.
struct Sample: Sendable, CustomTestStringConvertible {
    let name: String
    let change: ChangeEnvelope

    init(_ name: String, _ change: ChangeEnvelope) {
        self.name = name
        self.change = change
    }

    var testDescription: String { name }
}
