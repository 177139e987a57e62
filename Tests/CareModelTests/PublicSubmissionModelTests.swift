import CareModel
import Foundation
import Testing

/// The public form's rules and tracking numbers.
@Suite struct PublicSubmissionModelTests {
    static let county = DivisionCode("420107")!

    static func draft() -> PublicSubmission.Draft {
        var d = PublicSubmission.Draft()
        d.kind = "service"
        d.community = "420107001001"
        d.name = "王桂兰"
        d.contactPhone = "13912345678"
        d.address = "青山区红卫路8号"
        d.category = "meals"
        d.description = "希望送餐"
        return d
    }

    static func make(_ d: PublicSubmission.Draft, known: Bool = false) throws(ValidationFailure) -> PublicSubmission {
        try PublicSubmission(validating: d, organisationKnown: known, inJurisdiction: { county.contains($0) }, tracking: "0123456789AB", nowMillis: 1)
    }

    @Test func trackingNumbersAreTwelveCrockfordCharactersAndReadAsTyped() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let t = PublicSubmission.newTracking()
            #expect(t.count == 12 && PublicSubmission.normalisedTracking(t) == t)
            seen.insert(t)
        }
        #expect(seen.count == 200)
        #expect(PublicSubmission.normalisedTracking("o1il-2345-6789") == "011123456789")
        #expect(PublicSubmission.normalisedTracking("0123456789AU") == nil, "U is not Crockford")
        #expect(PublicSubmission.normalisedTracking("0123") == nil)
    }

    @Test func aServiceRequestNeedsItsFieldsAndAComplaintItsOrganisation() throws {
        let s = try Self.make(Self.draft())
        #expect(s.status == .received && s.home.rawValue == "420107001001" && s.category == .meals && s.validationErrors.isEmpty)
        var d = Self.draft()
        d.name = nil
        d.category = nil
        d.organisationId = UUID().uuidString
        #expect(throws: ValidationFailure.self) { try Self.make(d, known: true) }
        var complaint = PublicSubmission.Draft()
        complaint.kind = "complaint"
        complaint.community = "420107001001"
        complaint.contactPhone = "13912345678"
        complaint.description = "迟到"
        complaint.organisationId = UUID().uuidString
        let filed = try Self.make(complaint, known: true)
        #expect(filed.name == nil && filed.address == nil && filed.validationErrors.isEmpty)
        do {
            _ = try Self.make(complaint, known: false)
            Issue.record("an unknown organisation is refused")
        } catch {
            #expect(error.errors.map(\.field) == ["organisationId"])
        }
        // Answered once taken; a suggestion at once.
        #expect(throws: ValidationFailure.self) { try filed.answered(.init(), by: "站点", nowMillis: 2) }
        var answer = PublicSubmission.AnswerDraft()
        answer.answer = "已答复"
        #expect(throws: ValidationFailure.self) { try filed.answered(answer, by: "站点", nowMillis: 2) }
        var taken = filed
        taken.taken = PublicSubmissionTaken(target: .complaint, recordId: UUID(), by: "站点", atMillis: 2)
        #expect(taken.status == .taken && taken.validationErrors.isEmpty)
        let done = try taken.answered(answer, by: "站点", nowMillis: 3)
        #expect(done.status == .answered && done.validationErrors.isEmpty)
        var wrong = filed
        wrong.taken = PublicSubmissionTaken(target: .order, recordId: UUID(), by: "站点", atMillis: 2)
        #expect(wrong.validationErrors.map(\.field) == ["taken"])
    }
}
