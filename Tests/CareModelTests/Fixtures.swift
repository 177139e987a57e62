import CareModel
import Foundation

/// Test data shared by the model tests.
enum Fixtures {
    static let community = DivisionCode("420107001001")!
    static let otherCommunity = DivisionCode("420107002001")!

    /// A valid citizen ID for a birth date, with a serial to make it unique.
    static func citizenID(born: String = "19450302", serial: Int = 1) -> String {
        let body = "420107" + born + String(format: "%03d", serial % 1000)
        return body + String(CitizenID.checkCharacter(for: body)!)
    }

    static func elderDraft() -> Elder.Draft {
        var draft = Elder.Draft()
        draft.home = community.rawValue
        draft.name = "张秀英"
        draft.gender = "female"
        draft.citizenId = citizenID()
        draft.phone = "13871234567"
        draft.address = .init(text: "武汉市青山区红卫路12号", latitude: 30.64, longitude: 114.39)
        draft.livingSituation = "alone"
        draft.abilityLevel = 2
        draft.chronicConditions = ["高血压"]
        draft.emergencyContacts = [.init(name: "李明", relation: "儿子", phone: "13912345678", holdsKey: true)]
        return draft
    }

    static func elder() -> Elder { try! Elder(validating: elderDraft()) }

    static func version(_ millis: Int64, _ origin: String, counter: UInt16 = 0) -> Version {
        Version(hlc: HLC(millis: millis, counter: counter), origin: origin)
    }
}
