import CareModel
import Foundation
import Testing

struct WorkOrderModelTests {
    let home = Coordinates(latitude: 30.64, longitude: 114.39)
    let community = DivisionCode("420107001001")!

    func order(_ category: ServiceCategory = .bathing) -> ServiceOrder {
        ServiceOrder(home: community, elderId: UUID(), category: category, channel: .phone, takenAt: community, takenBy: "t", requestedAtMillis: 0)
    }

    func organisation(_ metresNorth: Double, credit: CreditStatus = .good) -> ServiceOrganisation {
        ServiceOrganisation(
            home: DivisionCode("420107")!, name: "org \(metresNorth)", type: .homeCareCenter, categories: [.bathing],
            communities: [community], address: Address(text: "x", location: Coordinates(latitude: home.latitude + metresNorth / 111_195, longitude: home.longitude)),
            creditStatus: credit)
    }

    @Test func rankingWeighsDistanceLoadRatingsAndPunctualityAndDropsTheBlacklisted() {
        let near = CandidateFacts(organisation: organisation(300), openOrders: 8, ratingCount: 10, meanStars: 3, timedVisits: 10, onTimeVisits: 5)
        let farButGood = CandidateFacts(organisation: organisation(3000), openOrders: 0, ratingCount: 40, meanStars: 4.9, timedVisits: 40, onTimeVisits: 39)
        let blacklisted = CandidateFacts(organisation: organisation(10, credit: .blacklisted), openOrders: 0, ratingCount: 0, meanStars: nil, timedVisits: 0, onTimeVisits: 0)
        let ranked = Matching.rank([near, farButGood, blacklisted], for: order(), home: home)
        #expect(ranked.map(\.organisation.id) == [farButGood.organisation.id, near.organisation.id])
        let parts = Dictionary(uniqueKeysWithValues: ranked[1].parts.map { ($0.name, $0) })
        #expect(abs(parts["distance"]!.value! - 300) < 2)
        #expect(abs(parts["load"]!.score - 1 / (1 + 8 / 5.0)) < 0.001)
        #expect(parts["rating"]!.score == 0.5 && parts["onTime"]!.score == 0.5)
        #expect(abs(ranked[1].total - ranked[1].parts.reduce(0) { $0 + $1.points }) < 0.005)
        #expect(Matching.rank([near], for: order(.meals), home: home).isEmpty, "an organisation without the category is no candidate")
    }

    @Test func aCheckInFarFromHomeIsRecordedAsNotVerifiedWithTheReason() throws {
        let site = VisitSite(home: home, radiusMeters: 200)
        #expect(site.verify(Coordinates(latitude: home.latitude + 100 / 111_195, longitude: home.longitude), note: nil).verified)
        let far = site.verify(Coordinates(latitude: home.latitude + 500 / 111_195, longitude: home.longitude), note: "GPS lost indoors")
        #expect(!far.verified && far.reason == "reported 500 m from the elder's home (limit 200 m); GPS lost indoors")
        #expect(site.verify(nil, note: nil).reason == "no position reported")
        #expect(VisitSite(home: nil).verify(home, note: nil).reason?.contains("no map position") == true)
    }

    @Test func stepEvidenceIsCheckedAgainstTheStepKind() throws {
        var draft = OrderEvent.Draft()
        draft.kind = "accept"
        draft.workerId = UUID().uuidString
        draft.rating = .init()
        draft.details = ["stars": "5", "note": "ok"]
        #expect(throws: ValidationFailure.self) { try OrderEvent(validating: draft, order: order(), actor: "t") }
        do {
            _ = try OrderEvent(validating: draft, order: order(), actor: "t")
        } catch {
            #expect(error.errors.map(\.field).sorted() == ["details.stars", "rating"])
        }
        var rate = OrderEvent.Draft()
        rate.kind = "rate"
        rate.rating = .init()
        rate.rating?.stars = 4
        rate.rating?.voice = String(repeating: "ab", count: 32)
        let event = try OrderEvent(validating: rate, order: order(), actor: "t")
        #expect(event.details == ["stars": "4", "rater": "elder", "voice": String(repeating: "ab", count: 32)])
        #expect(StepDetail.blobReferences(event.details).map(\.kind) == [.audio])
    }

    @Test func complaintsFoldTheSameWhateverTheArrivalOrder() {
        let complaint = UUID()
        func step(_ s: ComplaintStep, _ at: Int64, _ origin: String = "420107") -> ComplaintEvent {
            ComplaintEvent(complaintId: complaint, home: community, step: s, version: Version(hlc: HLC(millis: at, counter: 0), origin: origin), actor: "t", note: s.rawValue)
        }
        let events = [step(.acknowledge, 1), step(.acknowledge, 2, "420107001"), step(.investigate, 3), step(.respond, 4), step(.close, 5)]
        let state = ComplaintState.fold(events)
        #expect(state.status == .closed && state.ignored.count == 1 && state.dueAtMillis(receivedAtMillis: 0) == nil)
        #expect(ComplaintState.fold(events.reversed()) == state)
        let acknowledged: Int64? = ComplaintState.fold(events.prefix(1)).dueAtMillis(receivedAtMillis: 0)
        #expect(acknowledged == Int64(2 * 86_400_000))
    }

    @Test func blobsAreRecognisedByTheirBytesNotTheirLabel() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]
        #expect(BlobType.problem(mediaType: "image/png", bytes: png) == nil)
        #expect(BlobType.problem(mediaType: "image/jpeg", bytes: png)?.contains("signature") == true)
        #expect(BlobType.problem(mediaType: "application/zip", bytes: png)?.contains("not accepted") == true)
        #expect(BlobType.problem(mediaType: "image/png", bytes: png + [UInt8](repeating: 0, count: BlobKind.image.maxBytes))?.contains("limit") == true)
        #expect(BlobType(mediaType: "audio/x-wav; codecs=1") == .wav)
    }
}
