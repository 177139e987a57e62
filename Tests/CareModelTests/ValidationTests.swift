import CareModel
import Foundation
import Testing

@Suite struct ElderValidationTests {
    @Test func aCompleteDraftBecomesAnElderWithTheBirthDateFromTheID() throws {
        let elder = try Elder(validating: Fixtures.elderDraft())
        #expect(elder.birthDate == "1945-03-02")
        #expect(elder.emergencyContacts.first?.holdsKey == true)
    }

    @Test func everyProblemIsReportedAgainstItsFieldInBothLanguages() throws {
        var draft = Fixtures.elderDraft()
        draft.citizenId = "110105194912310021"
        draft.abilityLevel = 7
        draft.gender = "other"
        draft.emergencyContacts = []
        draft.home = "420107001"
        do {
            _ = try Elder(validating: draft)
            Issue.record("an invalid draft was accepted")
        } catch {
            let fields = Set(error.errors.map(\.field))
            #expect(fields == ["citizenId", "abilityLevel", "gender", "emergencyContacts", "home"])
            #expect(error.errors.allSatisfy { !$0.message.isEmpty && !$0.messageZh.isEmpty })
            #expect(error.errors.first { $0.field == "citizenId" }?.message.contains("check character") == true)
        }
    }

    @Test func aBirthDateThatContradictsTheIDIsRejected() {
        var draft = Fixtures.elderDraft()
        draft.birthDate = "1950-01-01"
        #expect(throws: ValidationFailure.self) { try Elder(validating: draft) }
    }

    @Test func patchOverlaysOnlyTheFieldsItSets() throws {
        let elder = Fixtures.elder()
        var patch = Elder.Draft()
        patch.phone = "027-86881234"
        let patched = try Elder(validating: elder.draft.overlaid(with: patch), id: elder.id)
        #expect(patched.phone == "027-86881234")
        #expect(patched.name == elder.name && patched.citizenId == elder.citizenId)
    }
}

@Suite struct RegistryValidationTests {
    @Test func anOrganisationNeedsACategoryAndCommunitiesInsideItsCounty() throws {
        var draft = ServiceOrganisation.Draft()
        draft.home = "420107"
        draft.name = "青山区幸福居家养老服务中心"
        draft.type = "homeCareCenter"
        draft.categories = []
        draft.communities = ["420106001001"]
        draft.address = .init(text: "青山区和平大道1号")
        do {
            _ = try ServiceOrganisation(validating: draft)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["categories", "communities[0]"])
        }
    }

    @Test func evaluationStarsMustBeOneToFive() {
        var draft = Evaluation.Draft()
        draft.stars = 6
        draft.evaluator = "elder"
        #expect(throws: ValidationFailure.self) {
            try Evaluation(validating: draft, home: Fixtures.community, organisationId: nil, nowMillis: 0)
        }
    }
}
