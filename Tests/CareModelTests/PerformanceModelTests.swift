import CareModel
import Foundation
import Testing

@Suite struct PerformanceModelTests {
    static let county = DivisionCode("420107")!

    static func inspection(findings: [(FindingSeverity, rejections: Int)]) -> InspectionState {
        var events: [InspectionEvent] = []
        var n: Int64 = 0
        func next(_ step: InspectionStep, finding: UUID? = nil, severity: FindingSeverity? = nil) -> InspectionEvent {
            n += 1
            return InspectionEvent(
                inspectionId: UUID(), home: DivisionCode("420107001001")!, step: step, version: Version(hlc: HLC(millis: 1_000 + n, counter: 0), origin: "420107"),
                findingId: finding, item: step == .finding ? "A1" : nil, severity: severity, note: "n", dueAtMillis: step == .finding || step == .reject ? 1 : nil,
                actor: "x", atMillis: n)
        }
        for (severity, rejections) in findings {
            let finding = next(.finding, severity: severity)
            events.append(finding)
            for _ in 0..<rejections { events += [next(.answer, finding: finding.id), next(.reject, finding: finding.id)] }
        }
        events.append(next(.conclude))
        return InspectionState.fold(events)
    }

    @Test func theTotalIsTheWeightedMeanOfThePartiesByHand() {
        let inspections = [Self.inspection(findings: [(.serious, rejections: 1)]), Self.inspection(findings: [])]
        #expect(inspections.map(PerformanceEvaluation.inspectionScore) == [85, 100])
        let own = SelfAssessment(home: Self.county, organisationId: UUID(), quarter: "2026Q4", score: 95, note: nil, by: "x", atMillis: 0)
        let evaluation = PerformanceEvaluation.evaluate(
            organisationId: UUID(), quarter: Quarter("2026Q4")!, meanStars: 4.5, ratings: 12, meanReturnVisit: 4.0, returnVisits: 5,
            inspections: inspections, selfAssessment: own, weights: .shipped(county: Self.county))
        // (90 × 40 + 92.5 × 30 + 80 × 20 + 95 × 10) / 100
        #expect(evaluation.parts.map(\.score) == [90, 92.5, 80, 95])
        #expect(evaluation.total == 89.25 && evaluation.stars == 4)
        // Without return visits the other weights carry the total: (3600 + 2775 + 950) / 80.
        let fewer = PerformanceEvaluation.evaluate(
            organisationId: UUID(), quarter: Quarter("2026Q4")!, meanStars: 4.5, ratings: 12, meanReturnVisit: nil, returnVisits: 0,
            inspections: inspections, selfAssessment: own, weights: .shipped(county: Self.county))
        #expect(fewer.total == 91.5625 && fewer.stars == 5 && fewer.parts[2].score == nil)
        let nothing = PerformanceEvaluation.evaluate(
            organisationId: UUID(), quarter: Quarter("2026Q4")!, meanStars: nil, ratings: 0, meanReturnVisit: nil, returnVisits: 0, inspections: [],
            selfAssessment: nil, weights: .shipped(county: Self.county))
        #expect(nothing.total == nil && nothing.stars == nil)
    }

    @Test func quartersAreChinaTimeCalendarQuarters() throws {
        let q = try #require(Quarter("2026Q1"))
        #expect(q.firstDay == "2026-01-01" && q.lastDay == "2026-03-31" && q.previous.description == "2025Q4" && q.next.description == "2026Q2")
        #expect(Quarter("2026Q5") == nil && Quarter("26Q1") == nil && Quarter("2026Q10") == nil)
        // 2026-03-31 16:30 UTC is 2026-04-01 00:30 in China.
        #expect(Quarter(containing: 1_774_974_600_000).description == "2026Q2")
    }

    @Test func weightsAddUpToAHundred() throws {
        var draft = PerformanceWeights.Draft()
        draft.ratings = 50
        draft.inspections = 30
        draft.returnVisits = 30
        draft.selfAssessment = 0
        #expect(throws: ValidationFailure.self) { try PerformanceWeights(validating: draft, county: Self.county) }
        draft.returnVisits = 20
        let weights = try PerformanceWeights(validating: draft, county: Self.county)
        #expect(weights.validationErrors.isEmpty && weights.id == PerformanceWeights.id(county: Self.county))
    }
}
