import CareModel
import Foundation
import Testing

@Suite struct UUIDTextTests {
    @Test func readsWhatFoundationWritesInEitherCase() {
        for _ in 0..<2000 {
            let id = UUID()
            #expect(UUID(canonical: id.uuidString) == id)
            #expect(UUID(canonical: id.uuidString.lowercased()) == id)
            #expect(id.canonicalString == id.uuidString)
        }
        #expect(UUID(canonical: "00000000-0000-0000-0000-000000000000") == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        #expect(UUID(canonical: "FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF") == UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"))
    }

    @Test func refusesEverythingElse() {
        let good = "C11CC1B1-E8D1-44E9-A1DE-FB46BDBF35D6"
        var bad = ["", "C11CC1B1E8D144E9A1DEFB46BDBF35D6", "{\(good)}", good + " ", " " + good, String(good.dropLast()) + "G",
                   "C11CC1B1-E8D1-44E9-A1DE-FB46BDBF35D", "C11CC1B1-E8D1-44E9-A1DEF-B46BDBF35D6", "C11CC1B1-E8D1-44E9-A1DE-FB46BDBF35D6Z",
                   "+11CC1B1-E8D1-44E9-A1DE-FB46BDBF35D6", "C11CC1B1-E8D1-44E9-A1D\u{E9}-FB46BDBF35D6"]
        // Every position of the good text with each of a few wrong bytes.
        for (index, _) in good.enumerated() {
            for wrong in ["g", "-", " ", "x"] {
                var chars = Array(good)
                if String(chars[index]) == wrong { continue }
                chars[index] = Character(wrong)
                bad.append(String(chars))
            }
        }
        for text in bad {
            #expect(UUID(canonical: text) == nil, "\(text)")
        }
    }
}
