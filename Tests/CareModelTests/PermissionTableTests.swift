import CareModel
import Foundation
import Testing

/// The permission table against the rules it was written to: least privilege for the roles
/// that only read, personal data for few, every order step mapped.
@Suite struct PermissionTableTests {
    @Test func theAdministratorHasEveryPermission() {
        #expect(OperatorRole.admin.permissions == Set(Permission.allCases))
    }

    @Test func viewersAndAuditorsOnlyReadAndNeverSeeIdentity() {
        let writes = Set(Permission.allCases).subtracting(Permission.reads).subtracting([.auditRead, .operatorRead])
        for role in [OperatorRole.viewer, .auditor] {
            #expect(role.permissions.isDisjoint(with: writes), "\(role)")
            #expect(!role.allows(.elderIdentity))
        }
        #expect(OperatorRole.auditor.allows(.auditRead) && !OperatorRole.viewer.allows(.auditRead))
        #expect(OperatorRole.allCases.filter { $0.allows(.auditRead) } == [.admin, .auditor])
        #expect(OperatorRole.allCases.filter { $0.allows(.operatorWrite) } == [.admin])
    }

    @Test func caregiversGetOnlyWhatTheirOwnOrdersNeed() {
        #expect(OperatorRole.caregiver.permissions == [
            .orderRead, .orderServe, .orderRate, .worklistRead, .blobRead, .blobWrite, .elderRead, .registryRead, .healthRead, .healthWrite,
            .careRead, .careWrite, .trainingRead,
        ])
        #expect(OperatorRole.caregiver.needsOrganisation && OperatorRole.caregiver.needsStaffRecord)
        #expect(OperatorRole.organisationAdmin.needsOrganisation && !OperatorRole.organisationAdmin.needsStaffRecord)
    }

    @Test func everyOrderStepNeedsAnOrderPermission() {
        let order: Set<Permission> = [.orderDispatch, .orderServe, .orderCancel, .orderRate, .orderReturnVisit]
        for kind in OrderEventKind.allCases { #expect(order.contains(Permission.forStep(kind)), "\(kind)") }
        #expect(Permission.forStep(.checkIn) == .orderServe && Permission.forStep(.refer) == .orderDispatch)
    }

    @Test func stationsCreditAndRedeemHoursButTheStreetSettlesOverdrafts() {
        let station = OperatorRole.stationStaff
        #expect([.volunteerRead, .volunteerWrite, .timebankCredit, .timebankRedeem].allSatisfy(station.allows) && !station.allows(.timebankSettle))
        #expect(OperatorRole.allCases.filter { $0.allows(.timebankSettle) } == [.admin, .dispatcher, .clerk])
        #expect(Permission.reads.contains(.volunteerRead) && !OperatorRole.viewer.allows(.timebankRedeem))
    }

    @Test func stationsRunStaysAndTheTiersAboveOnlySeeThem() {
        #expect([.stayRead, .stayWrite, .stayRecord].allSatisfy(OperatorRole.stationStaff.allows))
        #expect(OperatorRole.allCases.filter { $0.allows(.stayWrite) } == [.admin, .stationStaff])
        #expect(OperatorRole.allCases.filter { $0.allows(.stayRecord) } == [.admin, .stationStaff])
        #expect(OperatorRole.clerk.allows(.stayRead) && OperatorRole.viewer.allows(.stayRead) && !OperatorRole.caregiver.allows(.stayRead))
    }

    @Test func inspectorsInspectAndOrganisationsAnswer() {
        #expect(OperatorRole.allCases.filter { $0.allows(.inspectionWrite) } == [.admin, .inspector])
        #expect(OperatorRole.allCases.filter { $0.allows(.inspectionAnswer) } == [.admin, .stationStaff, .organisationAdmin])
        #expect(!OperatorRole.inspector.allows(.inspectionAnswer) && !OperatorRole.organisationAdmin.allows(.inspectionWrite))
    }

    @Test func stationsRunActivitiesAndTheWindowAndCallCenterBookForThem() {
        #expect(OperatorRole.allCases.filter { $0.allows(.activityWrite) } == [.admin, .stationStaff])
        #expect(OperatorRole.allCases.filter { $0.allows(.activityBook) } == [.admin, .callAgent, .clerk, .stationStaff])
        #expect(Permission.reads.contains(.activityRead) && OperatorRole.viewer.allows(.activityRead) && !OperatorRole.viewer.allows(.activityBook))
        #expect(!OperatorRole.caregiver.allows(.activityRead) && !OperatorRole.organisationAdmin.allows(.activityBook))
    }

    @Test func permissionCodesAreDottedAndLabelledInBothLanguages() {
        #expect(Permission.allCases.count == 75)
        for permission in Permission.allCases {
            #expect(permission.rawValue.split(separator: ".").count == 2)
            #expect(!permission.label.en.isEmpty && !permission.label.zh.isEmpty)
        }
        #expect(OperatorRole(rawValue: "clerk")?.label.zh == "窗口受理员")
    }

    @Test func theCountyKeepsTheCreditFilesAndPoliciesAndTheRegulatorsReadCredit() {
        #expect(OperatorRole.allCases.filter { $0.allows(.creditWrite) } == [.admin, .dispatcher])
        #expect(OperatorRole.allCases.filter { $0.allows(.policyWrite) } == [.admin])
        #expect(OperatorRole.allCases.filter { $0.allows(.creditRead) } == [.admin, .dispatcher, .inspector, .organisationAdmin, .viewer, .auditor])
    }

    @Test func anAccountsJurisdictionNarrowsByOrganisationOrWorker() {
        let organisation = UUID(), staff = UUID()
        let community = DivisionCode("420107001001")!
        let manager = Operator(name: "m", role: .organisationAdmin, home: community, organisationId: organisation, passwordHash: "x")
        #expect(manager.jurisdiction == Jurisdiction(division: community, organisationId: organisation))
        let worker = Operator(name: "w", role: .caregiver, home: community, organisationId: organisation, staffId: staff, passwordHash: "x")
        #expect(worker.jurisdiction == Jurisdiction(division: community, organisationId: organisation, workerId: staff))
        let clerk = Operator(name: "c", role: .clerk, home: community, organisationId: organisation, passwordHash: "x")
        #expect(!clerk.jurisdiction.isByOrder)
        #expect(!Operator(name: "w", role: .caregiver, home: community, passwordHash: "x").validationErrors.isEmpty)
    }
}

/// Who may assess and who may approve (GB/T 42195 has two assessors sign; approving is another's act).
@Suite struct AssessmentPermissionTests {
    @Test func assessorsDraftButNeverApprove() {
        #expect(OperatorRole.assessor.allows(.assessmentRead) && OperatorRole.assessor.allows(.assessmentWrite))
        #expect(!OperatorRole.assessor.allows(.assessmentApprove))
        #expect(OperatorRole.allCases.filter { $0.allows(.assessmentApprove) } == [.admin, .dispatcher])
        #expect(OperatorRole.allCases.filter { $0.allows(.assessmentWrite) } == [.admin, .assessor])
        #expect(Permission.reads.contains(.assessmentRead))
    }
}
