import CareModel
import CareStore
import Foundation
import Hummingbird

/// The collections of the operator API, each a `RecordRoutes` with its own filters.
enum RecordControllers {
    static func elders(_ db: AppDatabase, clock: @escaping HybridLogicalClock.WallClock) -> RecordRoutes<Elder, Elder.Draft, ElderView> {
        RecordRoutes(
            path: "/api/v1/elders", kind: .elder, db: db, read: .elderRead, write: .elderWrite,
            fetch: db.elder(id:in:), list: db.elders,
            filter: { request, filter in
                filter.within = try request.query("community", DivisionCode.init)
                filter.nameContains = try request.textQuery("q")
                if let living = try request.codeQuery("livingSituation", LivingSituation.self) { filter.equals[.livingSituation] = living }
                if let level = try request.query("abilityLevel", { Int($0).flatMap { (0...4).contains($0) ? $0 : nil } }) {
                    filter.equals[.abilityLevel] = String(level)
                }
                // The last 4 to 18 characters of a citizen ID, and a whole phone number.
                filter.citizenIdTail = try request.query("idTail") { text in
                    let upper = text.uppercased()
                    return (4...18).contains(upper.count) && upper.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "X") }) ? upper : nil
                }
                filter.phone = try request.query("phone") { text in
                    (5...20).contains(text.count) && text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }) ? text : nil
                }
            },
            validate: { draft, id in try Elder(validating: Self.pinned(draft, id, \.id), id: id ?? UUID()) },
            home: \.home, draft: \.draft, overlay: { $0.overlaid(with: $1) },
            create: db.createElder, update: db.updateElder, delete: db.deleteElder,
            view: { ElderView($0, reveal: $1) },
            personalData: PersonalDataReads(db: db, kind: .elder, clock: clock),
            listQuery: { try ListQuery($0, sortable: ElderSortField.self) })
    }

    static func devices(_ db: AppDatabase) -> RecordRoutes<Device, Device.Draft, DeviceView> {
        RecordRoutes(
            path: "/api/v1/devices", kind: .device, db: db, read: .deviceRead, write: .deviceWrite,
            fetch: db.device(id:in:), list: db.devices,
            filter: { request, filter in
                filter.within = try request.query("community", DivisionCode.init)
                if let type = try request.codeQuery("type", DeviceType.self) { filter.equals[.type] = type }
                if let status = try request.codeQuery("status", DeviceStatus.self) { filter.equals[.status] = status }
                filter.elder = try request.query("elderId", UUID.init(uuidString:))
                if let serial = try request.textQuery("serial") { filter.equals[.serial] = serial }
            },
            validate: { draft, id in try Device(validating: Self.pinned(draft, id, \.id), id: id ?? UUID()) },
            home: \.home, draft: \.draft, overlay: { $0.overlaid(with: $1) },
            create: db.createDevice, update: db.updateDevice, delete: db.deleteDevice,
            view: { stored, _ in DeviceView(stored) })
    }

    static func organisations(_ db: AppDatabase) -> RecordRoutes<ServiceOrganisation, ServiceOrganisation.Draft, OrganisationView> {
        RecordRoutes(
            path: "/api/v1/organisations", kind: .organisation, db: db, read: .registryRead, write: .registryWrite,
            fetch: { id, _ in try db.organisation(id: id) }, list: db.organisations,
            filter: { request, filter in
                filter.nameContains = try request.textQuery("q")
                if let type = try request.codeQuery("type", OrganisationType.self) { filter.equals[.type] = type }
                if let credit = try request.codeQuery("creditStatus", CreditStatus.self) { filter.equals[.creditStatus] = credit }
            },
            validate: { draft, id in
                var draft = Self.pinned(draft, id, \.id)
                draft.home = draft.home ?? db.node.county.rawValue
                return try ServiceOrganisation(validating: draft, id: id ?? UUID())
            },
            home: \.home, draft: \.draft, overlay: nil,
            create: db.createOrganisation, update: db.updateOrganisation, delete: db.deleteOrganisation,
            view: { stored, _ in OrganisationView(stored) })
    }

    static func staff(_ db: AppDatabase) -> RecordRoutes<Staff, Staff.Draft, StaffView> {
        RecordRoutes(
            path: "/api/v1/staff", kind: .staff, db: db, read: .registryRead, write: .registryWrite,
            fetch: { id, _ in try db.staff(id: id) }, list: db.staffList,
            filter: { request, filter in
                filter.nameContains = try request.textQuery("q")
                if let role = try request.codeQuery("role", StaffRole.self) { filter.equals[.role] = role }
                if let organisation = try request.query("organisationId", UUID.init(uuidString:)) {
                    filter.equals[.organisationId] = organisation.uuidString
                }
            },
            validate: { draft, id in
                var draft = Self.pinned(draft, id, \.id)
                draft.home = draft.home ?? db.node.county.rawValue
                return try Staff(validating: draft, id: id ?? UUID())
            },
            home: \.home, draft: \.draft, overlay: nil,
            create: db.createStaff, update: db.updateStaff, delete: db.deleteStaff,
            view: { stored, _ in StaffView(stored) })
    }

    /// On an update the id in the path wins over any id in the body.
    private static func pinned<D>(_ draft: D, _ id: UUID?, _ path: WritableKeyPath<D, String?>) -> D {
        guard let id else { return draft }
        var draft = draft
        draft[keyPath: path] = id.uuidString
        return draft
    }
}
