import CareModel
import Foundation
import Testing

/// Call records as pure rules: numbers reduced to the line they name, a completion checked
/// field by field in both languages, and the rules a record from a peer must keep.
@Suite struct CallModelTests {
    static let county = DivisionCode("420107")!
    static let community = DivisionCode("420107001001")!
    /// 2026-03-01 12:00 China Standard Time.
    static let now: Int64 = 1_772_337_600_000

    static func ringing(_ number: String = "+86 139-1234-5678") throws -> CallRecord {
        var draft = CallRecord.IncomingDraft()
        draft.number = number
        return try CallRecord(validating: draft, takenAt: county, agent: "坐席01", nowMillis: now)
    }

    @Test func numbersFromTheLineAndFromTheRecordsCompareByTheLineTheyName() {
        for number in ["13912345678", "139 1234 5678", "+86-139-1234-5678", "8613912345678", "0086 139 1234 5678"] {
            #expect(PhoneKey.of(number) == "13912345678", "\(number)")
        }
        #expect(PhoneKey.of("0551-6512 3456") == "55165123456")
        #expect(PhoneKey.of("+86 551 65123456") == "55165123456")
        #expect(PhoneKey.of("(027) 8888-1234") == PhoneKey.of("+86 27 88881234"))
        #expect(PhoneKey.of("13912345678") != PhoneKey.of("13912345679"))
    }

    @Test func aRingingCallIsOpenAndHomedWhereItWasTaken() throws {
        let call = try Self.ringing()
        #expect(call.isOpen && call.home == Self.county && call.direction == .incoming && call.elderId == nil)
        #expect(call.validationErrors.isEmpty, "\(call.validationErrors)")

        var bad = CallRecord.IncomingDraft()
        bad.number = "call me"
        #expect(throws: ValidationFailure.self) { try CallRecord(validating: bad, takenAt: Self.county, agent: "a", nowMillis: Self.now) }
        do {
            _ = try CallRecord(validating: CallRecord.IncomingDraft(), takenAt: Self.county, agent: "a", nowMillis: Self.now)
            Issue.record("a call without a number was accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["number"] && !error.errors[0].messageZh.isEmpty)
        }
    }

    @Test func aCompletionNeedsAnOutcomeAndAnAnsweredCallItsPurpose() throws {
        let call = try Self.ringing()
        do {
            _ = try call.completed(CallRecord.CompletionDraft(), elder: nil, nowMillis: Self.now + 60_000)
            Issue.record("a completion without an outcome was accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["outcome"])
        }
        var answered = CallRecord.CompletionDraft()
        answered.outcome = "answered"
        do {
            _ = try call.completed(answered, elder: nil, nowMillis: Self.now + 60_000)
            Issue.record("an answered call without a purpose was accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["purpose"] && error.errors[0].messageZh.contains("事由"))
        }
        var missed = CallRecord.CompletionDraft()
        missed.outcome = "missed"
        missed.durationSeconds = 30
        #expect(throws: ValidationFailure.self) { try call.completed(missed, elder: nil, nowMillis: Self.now) }

        answered.purpose = "serviceRequest"
        answered.note = "女儿来电预约助浴"
        let elderId = UUID()
        answered.elderId = elderId.uuidString
        let done = try call.completed(answered, elder: (elderId, Self.community), nowMillis: Self.now + 95_000)
        #expect(done.outcome == .answered && done.durationSeconds == 95 && done.completedAtMillis == Self.now + 95_000)
        #expect(done.elderId == elderId && done.matchedBy == .chosen && done.home == Self.community)
        #expect(done.validationErrors.isEmpty, "\(done.validationErrors)")
    }

    @Test func anOrderFromACallNeedsItsElderAndOnlyOneWayToLinkIt() throws {
        let call = try Self.ringing()
        var draft = CallRecord.CompletionDraft()
        draft.outcome = "answered"
        draft.purpose = "serviceRequest"
        draft.order = ServiceOrder.Draft()
        draft.orderId = UUID().uuidString
        do {
            _ = try call.completed(draft, elder: nil, nowMillis: Self.now)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["order", "elderId"])
        }
    }

    @Test func aRecordFromAPeerKeepsTheRules() throws {
        var call = try Self.ringing()
        call.elderId = UUID()
        #expect(call.validationErrors.map(\.field).contains("matchedBy"))
        call.matchedBy = .emergencyContact
        #expect(call.validationErrors.map(\.field).contains("home"), "a call with an elder lives in the elder's community")
        call.home = Self.community
        #expect(call.validationErrors.isEmpty)
        call.outcome = .answered
        #expect(Set(call.validationErrors.map(\.field)) == ["completedAtMillis", "purpose"])
        call.completedAtMillis = Self.now - 1
        call.purpose = .emergency
        #expect(call.validationErrors.map(\.field) == ["completedAtMillis"])
        call.completedAtMillis = Self.now + 1
        call.callbackOf = UUID()
        call.recording = "not-a-hash"
        #expect(Set(call.validationErrors.map(\.field)) == ["callbackOf", "recording"])

        let unmatched = CallRecord(home: Self.community, direction: .incoming, number: "13912345678", startedAtMillis: Self.now, takenAt: Self.county, agent: "a")
        #expect(unmatched.validationErrors.map(\.field) == ["home"], "an unmatched call is homed where it was taken")
        let oneKey = CallRecord(
            home: Self.community, direction: .incoming, number: nil, deviceSerial: "SOS-1", startedAtMillis: Self.now, takenAt: Self.community,
            agent: "device:SOS-1", elderId: UUID(), matchedBy: .device, purpose: .emergency)
        #expect(oneKey.validationErrors.isEmpty)
    }
}
