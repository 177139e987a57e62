import CareModel
import Foundation
import Testing

/// Credit as pure rules: the score, levels and expiry of `CreditRule` against hand sums, the
/// status a new record publishes (blacklisting past the threshold, only a lift ending it), what
/// a draft may carry, and policies' drafts and days in effect.
@Suite struct CreditModelTests {
    let county = DivisionCode("420107")!
    let organisation = UUID()
    // 2025-06-15 12:00 China time.
    let noon: Int64 = 1_749_960_000_000

    func violation(_ severity: CreditSeverity, on day: String) -> CreditRecord {
        CreditRecord(
            home: county, organisationId: organisation, kind: .violation, severity: severity, source: .county, description: "违规",
            occurredOn: day, recordedBy: "county", recordedAtMillis: noon)
    }

    func award(_ level: AwardLevel, on day: String) -> CreditRecord {
        CreditRecord(
            home: county, organisationId: organisation, kind: .award, awardLevel: level, source: .county, description: "表彰", occurredOn: day,
            recordedBy: "county", recordedAtMillis: noon)
    }

    @Test func theScoreIsTheBaseLessViolationsPlusCappedAwards() {
        let records = [
            violation(.serious, on: "2025-05-01"), violation(.general, on: "2025-06-01"), violation(.minor, on: "2025-06-10"),
            award(.provincial, on: "2025-01-01"), award(.provincial, on: "2025-02-01"), award(.municipal, on: "2025-03-01"),
        ]
        let standing = CreditRule.standing(records, on: "2025-06-15")
        // 100 − (20 + 10 + 5) + min(20, 10 + 10 + 5) = 85.
        #expect(standing.deducted == 35 && standing.added == 20 && standing.score == 85 && standing.level == .B)
        #expect(standing.violations == 3 && standing.awards == 3)
        #expect(CreditRule.standing([], on: "2025-06-15") == CreditStanding(score: 100, level: .A, deducted: 0, added: 0, violations: 0, awards: 0))
    }

    @Test func levelsFollowTheirThresholds() {
        #expect([120, 90, 89, 75, 74, 60, 59, 0].map(CreditRule.level) == [.A, .A, .B, .B, .C, .C, .D, .D])
        #expect(CreditLevel.A > .B && CreditLevel.C > .D)
        #expect(CreditLevel.D.status == .blacklisted && CreditLevel.C.status == .warning && CreditLevel.B.status == .good)
    }

    @Test func aRecordCountsForItsMonthsThenExpires() {
        let minor = violation(.minor, on: "2024-02-29")
        #expect(minor.countsThrough == "2025-02-27", "12 months from a leap day ends the day before 2025-02-28")
        #expect(minor.counts(on: "2025-02-27") && !minor.counts(on: "2025-02-28") && !minor.counts(on: "2024-02-28"))
        #expect(violation(.grave, on: "2025-01-10").countsThrough == "2028-01-09")
        #expect(violation(.serious, on: "2025-01-10").countsThrough == "2027-01-09")
        #expect(award(.county, on: "2025-01-10").countsThrough == "2026-01-09")
        let grave = violation(.grave, on: "2022-06-01")
        #expect(CreditRule.standing([grave], on: "2025-05-31").score == 60)
        #expect(CreditRule.standing([grave], on: "2025-06-01").score == 100, "36 months on it no longer counts")
        #expect(CreditRule.adding(months: 13, to: "2025-12-31") == "2027-01-31")
    }

    @Test func aViolationPastTheThresholdBlacklistsAndOnlyALiftEndsIt() {
        var records = [violation(.grave, on: "2025-06-01")]
        var standing = CreditRule.standing(records, on: "2025-06-15")
        #expect(standing.score == 60 && CreditRule.status(after: records[0], was: .good, standing: standing) == .warning)
        let second = violation(.minor, on: "2025-06-14")
        records.append(second)
        standing = CreditRule.standing(records, on: "2025-06-15")
        #expect(standing.score == 55 && standing.level == .D)
        #expect(CreditRule.status(after: second, was: .warning, standing: standing) == .blacklisted)
        // An award does not lift it, nor does one that leaves the level at D blacklist.
        let prize = award(.provincial, on: "2025-06-15")
        let after = CreditRule.standing(records + [prize], on: "2025-06-15")
        #expect(after.score == 65)
        #expect(CreditRule.status(after: prize, was: .blacklisted, standing: after) == .blacklisted)
        #expect(CreditRule.status(after: prize, was: .warning, standing: standing) == .warning)
        // A lift leaves it warned while its score is below the threshold, good once A or B.
        let lift = CreditRecord(
            home: county, organisationId: organisation, kind: .lift, source: .county, description: "整改到位", occurredOn: "2025-06-15",
            recordedBy: "county", recordedAtMillis: noon)
        #expect(lift.points == 0 && !lift.counts(on: "2025-06-15"))
        #expect(CreditRule.status(after: lift, was: .blacklisted, standing: standing) == .warning)
        #expect(CreditRule.status(after: lift, was: .blacklisted, standing: CreditRule.standing([], on: "2025-06-15")) == .good)
        // The next violation that leaves it below the threshold blacklists it again.
        let third = violation(.minor, on: "2025-06-15")
        #expect(CreditRule.status(after: third, was: .warning, standing: CreditRule.standing(records + [third], on: "2025-06-15")) == .blacklisted)
    }

    func draft(_ edit: (inout CreditRecord.Draft) -> Void = { _ in }) -> CreditRecord.Draft {
        var d = CreditRecord.Draft()
        d.organisationId = organisation.uuidString
        d.kind = "violation"
        d.severity = "general"
        d.description = "未按时上门"
        edit(&d)
        return d
    }

    var held: ServiceOrganisation {
        ServiceOrganisation(
            id: organisation, home: county, name: "幸福居家", type: .homeCareCenter, categories: [.meals], communities: [], address: Address(text: "青山区"))
    }

    func fields(_ d: CreditRecord.Draft, home: DivisionCode? = nil, organisation: ServiceOrganisation?? = nil, complaint: (Complaint, closed: Bool)? = nil) -> [String] {
        do {
            _ = try CreditRecord(
                validating: d, home: home ?? county, organisation: organisation ?? held, complaint: complaint, recordedBy: "county", nowMillis: noon)
            return []
        } catch {
            return error.errors.map(\.field)
        }
    }

    @Test func aDraftIsCheckedFieldByField() throws {
        let record = try CreditRecord(validating: draft(), home: county, organisation: held, complaint: nil, recordedBy: "county", nowMillis: noon)
        #expect(record.occurredOn == "2025-06-15" && record.source == .county && record.points == -10 && record.validationErrors.isEmpty)
        #expect(fields(draft(), home: DivisionCode("420107001")!) == ["home"])
        #expect(fields(draft(), organisation: .some(nil)) == ["organisationId"])
        #expect(fields(draft { $0.severity = nil }) == ["severity"])
        #expect(fields(draft { $0.awardLevel = "county" }) == ["awardLevel"])
        #expect(fields(draft { $0.kind = "award"; $0.severity = nil }) == ["awardLevel"])
        #expect(fields(draft { $0.kind = "lift" }) == ["kind"])
        #expect(fields(draft { $0.source = "reinspection"; $0.sourceId = UUID().uuidString }) == ["source"])
        #expect(fields(draft { $0.sourceId = UUID().uuidString }) == ["sourceId"])
        #expect(fields(draft { $0.occurredOn = "2025-06-16" }) == ["occurredOn"])
        #expect(fields(draft { $0.occurredOn = "2025-02-30" }) == ["occurredOn"])
        #expect(fields(draft { $0.description = "" }) == ["description"])
    }

    @Test func anUpheldComplaintMustBeClosedAndAboutTheOrganisationAndGivesOneRecord() throws {
        let complaint = Complaint(
            home: DivisionCode("420107001001")!, orderId: nil, organisationId: organisation, complainant: "家属", channel: .phone,
            description: "未上门", takenAt: county, takenBy: "t", receivedAtMillis: noon)
        let upheld = draft { $0.source = "complaint"; $0.sourceId = complaint.id.uuidString }
        #expect(fields(upheld, complaint: (complaint, closed: false)) == ["sourceId"])
        #expect(fields(upheld) == ["sourceId"], "no such complaint here")
        var other = complaint
        other.organisationId = UUID()
        #expect(fields(upheld, complaint: (other, closed: true)) == ["sourceId"])
        #expect(fields(draft { $0.source = "complaint"; $0.kind = "award"; $0.severity = nil; $0.awardLevel = "county"; $0.sourceId = complaint.id.uuidString }, complaint: (complaint, closed: true)) == ["source"])
        let a = try CreditRecord(validating: upheld, home: county, organisation: held, complaint: (complaint, closed: true), recordedBy: "c", nowMillis: noon)
        let b = try CreditRecord(validating: upheld, home: county, organisation: held, complaint: (complaint, closed: true), recordedBy: "d", nowMillis: noon + 1)
        #expect(a.id == b.id && a.id == CreditRecord.stableID(source: .complaint, sourceId: complaint.id) && a.validationErrors.isEmpty)
        let event = CreditEvent.failedReinspection(organisationId: organisation, reinspectionId: complaint.id, severity: .serious, description: "复查不合格")
        let fromEvent = event.record(home: county, recordedBy: "inspector", nowMillis: noon)
        #expect(fromEvent.validationErrors.isEmpty && fromEvent.id != a.id && fromEvent.points == -20 && fromEvent.occurredOn == "2025-06-15")
        #expect(FindingSeverity.allCases.map { CreditSeverity(finding: $0) } == [.minor, .general, .serious, .grave])
        let critical = CreditEvent.failedReinspection(organisationId: organisation, reinspectionId: complaint.id, finding: .critical, description: "复查仍不合格")
        #expect(critical.record(home: county, recordedBy: "i", nowMillis: noon).points == -40)
        var forged = fromEvent
        forged.id = UUID()
        #expect(forged.validationErrors.map(\.field) == ["id"])
    }

    func policyDraft(_ edit: (inout Policy.Draft) -> Void = { _ in }) -> Policy.Draft {
        var d = Policy.Draft()
        d.kind = "policy"
        d.title = "居家养老服务补贴办法"
        d.body = "第一条 ……"
        d.attachments = [Policy.AttachmentDraft(sha256: String(repeating: "a1", count: 32), name: "办法.pdf")]
        d.effectiveFrom = "2025-01-01"
        edit(&d)
        return d
    }

    func policyFields(_ d: Policy.Draft, home: DivisionCode? = nil) -> [String] {
        do {
            _ = try Policy(validating: d, home: home ?? county, publishedBy: "admin", nowMillis: noon) { hash in
                hash == String(repeating: "a1", count: 32) ? .document : hash == String(repeating: "b2", count: 32) ? .image : nil
            }
            return []
        } catch {
            return error.errors.map(\.field)
        }
    }

    @Test func aPolicyIsPublishedAtTheCountyWithPDFsAndItsDays() throws {
        #expect(policyFields(policyDraft()).isEmpty)
        #expect(policyFields(policyDraft(), home: DivisionCode("420107001")!) == ["home"])
        #expect(policyFields(policyDraft { $0.attachments = [.init(sha256: String(repeating: "b2", count: 32), name: "照片.png")] }) == ["attachments[0].sha256"])
        #expect(policyFields(policyDraft { $0.attachments = [.init(sha256: String(repeating: "c3", count: 32), name: "x.pdf")] }) == ["attachments[0].sha256"])
        #expect(policyFields(policyDraft { $0.effectiveTo = "2024-12-31" }) == ["effectiveTo"])
        #expect(policyFields(policyDraft { $0.kind = "law"; $0.title = "" }) == ["kind", "title"])
        let policy = try Policy(validating: policyDraft { $0.effectiveTo = "2025-12-31" }, home: county, publishedBy: "admin", nowMillis: noon) { _ in .document }
        #expect(policy.validationErrors.isEmpty)
        #expect(policy.inEffect(on: "2025-01-01") && policy.inEffect(on: "2025-12-31") && !policy.inEffect(on: "2026-01-01") && !policy.inEffect(on: "2024-12-31"))
        var withdrawn = policy
        withdrawn.withdrawn = true
        #expect(!withdrawn.inEffect(on: "2025-06-01"))
        #expect(CreditRule.chinaDay(millis: noon) == "2025-06-15" && CreditRule.chinaDay(millis: 1_749_916_800_000) == "2025-06-15")
        #expect(CreditRule.chinaDay(millis: 1_749_916_799_999) == "2025-06-14", "China's day starts at 16:00 UTC")
    }
}
