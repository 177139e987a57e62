import CareModel
import Foundation
import Testing

@Suite struct StayModelTests {
    static let station = DivisionCode("420107001001")!
    /// 2025-11-02 08:00 China time.
    static let monday: Int64 = 1_762_041_600_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    static func stay(kind: StayKind = .fullCare, at: Int64 = monday) -> Stay {
        Stay(
            home: station, elderId: UUID(), kind: kind, room: "201", bed: kind == .fullCare ? "1" : nil, careLevel: 2, assessmentId: nil,
            contractFrom: "2025-11-01", contractTo: "2026-10-31", contacts: [EmergencyContact(name: "李明", relation: "儿子", phone: "13900001111")],
            admittedAtMillis: at, admittedBy: "站长")
    }

    static func record(_ stay: Stay, _ item: CareRecordItem, at: Int64, meal: Meal? = nil, detail: String? = nil, room: String? = nil, bed: String? = nil) -> CareRecord {
        CareRecord(
            stayId: stay.id, elderId: stay.elderId, home: stay.home, item: item, meal: meal, detail: detail, room: room, bed: bed, by: "张护理员",
            atMillis: at, recordedBy: "站长", recordedAtMillis: at)
    }

    @Test func theFoldFollowsLeaveReturnTransferAndDischargeInTheOrderTheyWereDone() {
        let stay = Self.stay()
        let m = Self.monday
        let records = [
            Self.record(stay, .discharge, at: m + 5 * Self.day, detail: "回家由子女照顾"),
            Self.record(stay, .return, at: m + 2 * Self.day),
            Self.record(stay, .leave, at: m + Self.day, detail: "住院"),
            Self.record(stay, .transfer, at: m + 3 * Self.day, room: "105", bed: "3"),
            Self.record(stay, .meal, at: m + 6 * Self.day, meal: .lunch),
        ]
        // Any arrival order gives the same state.
        for order in [records, records.reversed(), records.shuffled()] {
            let state = StayState.fold(stay, order)
            #expect(state.status == .discharged && state.room == "105" && state.bed == "3")
            #expect(state.dischargedAtMillis == m + 5 * Self.day && state.dischargeReason == "回家由子女照顾")
            #expect(state.applied.map(\.item) == [.leave, .return, .transfer, .discharge])
            #expect(state.ignored.map(\.item) == [.meal], "a meal after discharge is kept, not applied")
        }
    }

    @Test func aRecordThatDoesNotFitWhereItsTimePutsItIsRefused() {
        let stay = Self.stay()
        let m = Self.monday
        let leave = Self.record(stay, .leave, at: m + Self.day, detail: "探亲")
        let back = Self.record(stay, .return, at: m + 3 * Self.day)
        let held = [leave, back]
        #expect(StayState.refusal(of: Self.record(stay, .meal, at: m + 2 * Self.day, meal: .lunch), in: stay, records: held)?.en.contains("onLeave") == true)
        #expect(StayState.refusal(of: Self.record(stay, .meal, at: m + 4 * Self.day, meal: .lunch), in: stay, records: held) == nil)
        #expect(StayState.refusal(of: Self.record(stay, .return, at: m + 4 * Self.day), in: stay, records: held) != nil, "a return without a leave")
        #expect(StayState.refusal(of: Self.record(stay, .meal, at: m - Self.hour, meal: .breakfast), in: stay, records: held) != nil, "before admission")
        // A discharge dated before the return would leave the return not fitting: refused.
        let early = Self.record(stay, .discharge, at: m + 2 * Self.day, detail: "转院")
        #expect(StayState.refusal(of: early, in: stay, records: held)?.en.contains("no longer fit") == true)
    }

    @Test func occupancyCountsEachDayOfTheStayAndTheMealsOfThatDay() {
        let full = Self.stay(kind: .fullCare)
        let dayCare = Self.stay(kind: .dayCare, at: Self.monday + Self.day)
        let m = Self.monday
        let fullRecords = [
            Self.record(full, .meal, at: m + Self.hour, meal: .breakfast),
            Self.record(full, .meal, at: m + 4 * Self.hour, meal: .lunch),
            Self.record(full, .bathing, at: m + 6 * Self.hour),
            Self.record(full, .leave, at: m + Self.day + 2 * Self.hour, detail: "看病"),
            Self.record(full, .return, at: m + 2 * Self.day + 2 * Self.hour),
            Self.record(full, .discharge, at: m + 3 * Self.day, detail: "合同到期"),
        ]
        let dayRecords = [Self.record(dayCare, .meal, at: m + Self.day + 4 * Self.hour, meal: .lunch)]
        let rows = OccupancyDay.count(
            [(full, StayState.fold(full, fullRecords)), (dayCare, StayState.fold(dayCare, dayRecords))], from: "2025-11-01", to: "2025-11-07")
        let byDate = Dictionary(grouping: rows, by: \.date).mapValues { $0[0] }
        #expect(Set(rows.map(\.station)) == [Self.station] && rows.count == 6, "\(rows)")
        #expect(byDate["2025-11-01"] == nil, "before the admission")
        let first = byDate["2025-11-02"]!
        #expect(first.fullCare == 1 && first.dayCare == 0 && first.breakfast == 1 && first.lunch == 1 && first.meals == 2 && first.bathing == 1)
        let second = byDate["2025-11-03"]!
        #expect(second.onLeave == 1 && second.fullCare == 0 && second.dayCare == 1 && second.lunch == 1)
        #expect(byDate["2025-11-04"]!.fullCare == 1 && byDate["2025-11-04"]!.onLeave == 0)
        #expect(byDate["2025-11-05"]!.fullCare == 1, "the discharge day counts")
        #expect(byDate["2025-11-06"]!.fullCare == 0 && byDate["2025-11-06"]!.dayCare == 1)
    }

    @Test func anAdmissionIsCheckedFieldByField() throws {
        var draft = Stay.Draft()
        draft.elderId = UUID().uuidString
        draft.kind = "fullCare"
        draft.room = "201"
        draft.contractFrom = "2025-11-01"
        draft.contractTo = "2025-10-01"
        let failure = #expect(throws: ValidationFailure.self) { try Stay.validate(draft, nowMillis: Self.monday) }
        #expect(Set(failure?.errors.map(\.field) ?? []) == ["bed", "contractTo"])
        draft.bed = "1"
        draft.contractTo = "2026-10-31"
        let fields = try Stay.validate(draft, nowMillis: Self.monday)
        #expect(fields.admittedAtMillis == Self.monday && fields.contacts == nil)
        draft.at = "2025-10-20T09:00:00+08:00"
        #expect(throws: ValidationFailure.self) { try Stay.validate(draft, nowMillis: Self.monday) }
    }

    @Test func aCareRecordNamesWhatItsItemNeeds() throws {
        let stay = Self.stay()
        var draft = CareRecord.Draft()
        draft.item = "meal"
        #expect(throws: ValidationFailure.self) { try CareRecord(validating: draft, stay: stay, recordedBy: "站长", nowMillis: Self.monday) }
        draft.meal = "dinner"
        let meal = try CareRecord(validating: draft, stay: stay, recordedBy: "站长", nowMillis: Self.monday)
        #expect(meal.by == "站长" && meal.meal == .dinner && meal.validationErrors.isEmpty)
        draft = CareRecord.Draft()
        draft.item = "medication"
        #expect(throws: ValidationFailure.self) { try CareRecord(validating: draft, stay: stay, recordedBy: "站长", nowMillis: Self.monday) }
        draft.item = "bathing"
        draft.room = "101"
        #expect(throws: ValidationFailure.self) { try CareRecord(validating: draft, stay: stay, recordedBy: "站长", nowMillis: Self.monday) }
    }
}
