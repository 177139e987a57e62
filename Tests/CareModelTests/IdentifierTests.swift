import CareModel
import Testing

@Suite struct DivisionCodeTests {
    @Test func codeKnowsItsTierParentAndSubtree() throws {
        let community = try DivisionCode(validating: "420107001001")
        #expect(community.role == .community)
        #expect(community.parent == DivisionCode("420107001"))
        #expect(community.parent?.parent == DivisionCode("420107"))
        #expect(DivisionCode("420107")!.contains(community))
        #expect(!DivisionCode("420107002")!.contains(community))
        #expect(DivisionCode("420107001")!.isParent(of: community))
        #expect(!DivisionCode("420107")!.isParent(of: community))
    }

    @Test(arguments: ["4201", "42010700100", "42010A", "", "4201070010011"])
    func malformedCodesAreRejectedWithTheReason(_ text: String) {
        #expect(throws: DivisionCodeError.self) { try DivisionCode(validating: text) }
    }
}

@Suite struct CitizenIDTests {
    @Test func validNumberIsAcceptedAndMasked() throws {
        let id = try CitizenID(validating: "11010519491231002X")
        #expect(id.birthDate == "1949-12-31")
        #expect(id.masked == "110105********002X")
        #expect(id.description == id.masked)
    }

    @Test func lowercaseCheckCharacterIsNormalised() throws {
        #expect(try CitizenID(validating: "11010519491231002x").rawValue == "11010519491231002X")
    }

    @Test func wrongCheckCharacterIsRejected() {
        #expect(throws: CitizenIDError.badCheckCharacter(expected: "X")) { try CitizenID(validating: "110105194912310021") }
    }

    @Test func wrongLengthAndLettersAndDatesAreRejected() {
        #expect(throws: CitizenIDError.badLength(17)) { try CitizenID(validating: "11010519491231002") }
        #expect(throws: CitizenIDError.notDigits) { try CitizenID(validating: "1101051949123100AX") }
        let body = "42010719450230001"  // 30 February
        #expect(throws: CitizenIDError.badBirthDate) { try CitizenID(validating: body + String(CitizenID.checkCharacter(for: body)!)) }
    }

    @Test func birthDatesFollowTheCalendar() throws {
        func id(_ body: String) throws -> CitizenID { try CitizenID(validating: body + String(CitizenID.checkCharacter(for: body)!)) }
        #expect(try id("42010720000229001").birthDate == "2000-02-29")  // a leap year by 400
        #expect(try id("42010719000101001").birthDate == "1900-01-01")
        #expect(try id("42010721001231001").birthDate == "2100-12-31")
        for body in ["42010719000229001", "42010718991231001", "42010721010101001", "42010719451301001", "42010719450100001", "42010719450431001"] {
            #expect(throws: CitizenIDError.badBirthDate, "\(body)") { try id(body) }
        }
    }

    @Test func generatedNumbersValidate() throws {
        for serial in 0..<50 {
            _ = try CitizenID(validating: Fixtures.citizenID(serial: serial))
        }
    }
}

@Suite struct HLCTests {
    @Test func readingsNeverGoBackwardsWhenTheWallClockDoes() {
        let wall = WallClockStub(1_000)
        let clock = HybridLogicalClock(wallClock: wall.read)
        let first = clock.now()
        wall.set(500)
        let second = clock.now()
        let third = clock.now()
        #expect(first < second && second < third)
        #expect(second.millis == 1_000)
        wall.set(2_000)
        #expect(clock.now() == HLC(millis: 2_000, counter: 0))
    }

    @Test func observingAPeerMovesPastItsReading() throws {
        let wall = WallClockStub(1_000)
        let clock = HybridLogicalClock(wallClock: wall.read)
        try clock.observe(HLC(millis: 5_000, counter: 7))
        #expect(clock.now() == HLC(millis: 5_000, counter: 8))
    }

    @Test func aPeerTooFarAheadIsRefused() {
        let wall = WallClockStub(1_000)
        let clock = HybridLogicalClock(maxSkewMillis: 60_000, wallClock: wall.read)
        #expect(throws: ClockSkewError.self) { try clock.observe(HLC(millis: 1_000 + 120_000, counter: 0)) }
        #expect(clock.current == .zero)
    }

    /// A peer's wall-clock reading is whatever its hello says: the extremes are refused, not overflowed.
    @Test func aPeerReadingAtTheEndsOfInt64IsRefused() {
        let clock = HybridLogicalClock(maxSkewMillis: 60_000, wallClock: WallClockStub(1_000).read)
        for reading in [Int64.min, Int64.max, Int64.min + 1] {
            #expect(throws: ClockSkewError.self) { try clock.checkSkew(peerMillis: reading) }
        }
        #expect(throws: Never.self) { try clock.checkSkew(peerMillis: 1_500) }
    }

    @Test func packingRoundTrips() {
        let hlc = HLC(millis: 1_763_900_000_123, counter: 65_535)
        #expect(HLC(packed: hlc.packed) == hlc)
        #expect(hlc.successor == HLC(millis: 1_763_900_000_124, counter: 0))
    }
}

/// A wall clock a test can set.
final class WallClockStub: Sendable {
    private let value: Mutex<Int64>

    init(_ millis: Int64) { value = Mutex(millis) }

    func set(_ millis: Int64) { value.withLock { $0 = millis } }

    var read: HybridLogicalClock.WallClock { { self.value.withLock { $0 } } }
}

import Synchronization
