@testable import CareStore
import CareModel
import Foundation
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

    @Test func randomStampsRoundTripAndDamagedTextIsRefused() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<500 {
            var stamps: [String: FieldStamp] = [:]
            for _ in 0..<Int.random(in: 0...14, using: &random) {
                let field = ["name", "phone", "chronicConditions", "emergencyContacts", "地址", ""].randomElement(using: &random)! + String(Int.random(in: 0...99, using: &random))
                stamps[field] = FieldStamp(
                    version: Version(hlc: HLC(packed: Int64.random(in: 0 ... .max, using: &random)), origin: ["420107", "420107001001", ""].randomElement(using: &random)!),
                    previous: Version(hlc: HLC(packed: Int64.random(in: 0 ... .max, using: &random)), origin: "420107001"))
            }
            #expect(try StampColumn.decode(StampColumn.encode(stamps)) == stamps)
        }
        let good = StampColumn.encode(["name": FieldStamp(version: Version(hlc: HLC(packed: 12), origin: "420107"))])
        #expect(try StampColumn.decode(good) == ["name": FieldStamp(version: Version(hlc: HLC(packed: 12), origin: "420107"))])
        for damaged in [good + "\u{1E}", good + "\u{1F}x", "\u{1E}" + good, good.replacingOccurrences(of: "12", with: "1x2"),
                        good.replacingOccurrences(of: "12", with: ""), good.replacingOccurrences(of: "12", with: "99999999999999999999"),
                        "name\u{1F}1\u{1F}o\u{1F}2"] {
            #expect(throws: StoreError.self, "\(damaged.debugDescription)") { try StampColumn.decode(damaged) }
        }
        #expect(try StampColumn.decode("n\u{1F}-5\u{1F}o\u{1F}+7\u{1F}p")["n"] == FieldStamp(
            version: Version(hlc: HLC(packed: -5), origin: "o"), previous: Version(hlc: HLC(packed: 7), origin: "p")))
    }
}
