@testable import CareStore
import CareModel
import Testing

@Suite struct StampColumnTests {
    @Test func stampsRoundTripAndEncodeTheSameWayWhateverTheirOrder() throws {
        let stamps = [
            "phone": FieldStamp(version: Version(hlc: HLC(millis: 1_700_000_000_000, counter: 3), origin: "420107001"), previous: .zero),
            "name": FieldStamp(version: Version(hlc: HLC(millis: 1_700_000_000_001, counter: 0), origin: "420107001001"),
                previous: Version(hlc: HLC(millis: 5, counter: 1), origin: "420107")),
        ]
        let text = StampColumn.encode(stamps)
        #expect(try StampColumn.decode(text) == stamps)
        #expect(StampColumn.encode(Dictionary(uniqueKeysWithValues: stamps.reversed())) == text)
        #expect(try StampColumn.decode("") == [:])
        #expect(throws: StoreError.self) { try StampColumn.decode("phone\u{1F}x") }
    }
}
