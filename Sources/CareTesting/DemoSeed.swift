import CareAPI
import CareModel
import CareStore
import Foundation

/// Synthetic but plausible data for a federation, each record written at the tier that owns
/// it: the registry at the county, elders, devices and requests at their communities, a
/// dispatch at the county and evaluations where the service happened.
public enum DemoSeed {
    public static let operatorName = "admin"
    public static let operatorPassword = "carenode-demo"

    public struct Summary: Sendable {
        public var organisations = 0
        public var staff = 0
        public var elders = 0
        public var devices = 0
        public var orders = 0
        public var evaluations = 0
        public var stays = 0
    }

    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林"]
    static let givenNames = ["秀英", "桂兰", "建国", "国华", "淑珍", "玉兰", "德明", "凤英", "志强", "素芬", "文华", "长生"]
    static let streets = ["和平大道", "红卫路", "建设二路", "冶金大道", "工人村路", "钢都二路"]
    static let conditions = ["高血压", "糖尿病", "冠心病", "慢阻肺", "骨关节炎", "脑卒中后遗症"]

    /// Adds an operator account to every node and seeds `eldersPerCommunity` elders at each
    /// community. Deterministic for a given `seed`.
    public static func seed(_ federation: Federation, eldersPerCommunity: Int = 20, seed: UInt64 = 2026) throws -> Summary {
        var random = SplitMix64(seed: seed)
        var summary = Summary()
        let hash = PasswordHashing.hash(operatorPassword)
        for code in federation.topology.codes {
            try federation.db(code).addOperator(Operator(name: operatorName, role: .admin, home: code, passwordHash: hash))
        }
        let county = federation.topology.codes[0].county
        let communities = federation.topology.codes.filter { $0.role == .community }
        var organisations: [ServiceOrganisation] = []
        var workers: [UUID: [UUID]] = [:]
        if federation.topology.codes.contains(county) {
            let countyDB = federation.db(county)
            let kinds: [(String, OrganisationType, [ServiceCategory])] = [
                ("幸福居家养老服务中心", .homeCareCenter, [.meals, .cleaning, .homeCare, .companionship]),
                ("康乐护理服务有限公司", .thirdParty, [.homeCare, .rehabilitation, .bathing]),
                ("社区卫生服务中心", .medical, [.healthCheck, .medicalEscort, .rehabilitation]),
                ("夕阳红日间照料中心", .dayCareCenter, [.dayCare, .meals, .psychological]),
            ]
            for (index, (title, type, categories)) in kinds.enumerated() {
                let organisation = ServiceOrganisation(
                    home: county, name: "青山区\(title)", type: type, categories: categories, communities: communities,
                    address: Address(text: "青山区\(streets[index % streets.count])\(10 + index)号", location: coordinates(&random)),
                    phone: "027-8688\(String(format: "%04d", 1000 + index))", creditStatus: index == 3 ? .warning : .good)
                organisations.append(try countyDB.createOrganisation(organisation, actor: operatorName).model)
                summary.organisations += 1
                for role in [StaffRole.caregiver, .nurse] {
                    workers[organisation.id, default: []].append(try countyDB.createStaff(Staff(
                        home: county, name: name(&random), role: role, organisationId: organisation.id,
                        phone: phone(&random), certificates: role == .nurse ? ["护士执业证书"] : ["养老护理员职业技能等级证书"]), actor: operatorName).model.id)
                    summary.staff += 1
                }
            }
        }
        var serial = 0
        for community in communities {
            let db = federation.db(community)
            for _ in 0..<eldersPerCommunity {
                serial += 1
                let elder = try db.createElder(makeElder(community, serial: serial, &random), actor: operatorName).model
                summary.elders += 1
                let type: DeviceType = [.callTerminal, .sleepMonitor, .healthCheck, .smartHome].randomElement(using: &random)!
                _ = try db.createDevice(Device(home: community, type: type, serial: "DEV-\(community.rawValue.suffix(6))-\(serial)", elderId: elder.id), actor: operatorName)
                summary.devices += 1
                if serial % 4 == 2 { try seedStay(db, elder: elder, serial: serial, &summary) }
                guard serial % 3 == 0, let organisation = organisations.randomElement(using: &random) else { continue }
                try seedOrder(db, community: community, elder: elder, organisation: organisation, workers: workers[organisation.id] ?? [], &random, &summary)
            }
        }
        return summary
    }

    /// An order that got as far as a random stage: some still waiting, most served, rated
    /// and return-visited, a few cancelled or complained about. Requests are dated up to ten
    /// hours back and some were booked, so the quality figures have something to show.
    static func seedOrder(_ db: AppDatabase, community: DivisionCode, elder: Elder, organisation: ServiceOrganisation, workers: [UUID], _ random: inout SplitMix64, _ summary: inout Summary) throws {
        let now = HybridLogicalClock.systemMillis()
        let requested = now - Int64.random(in: 30...600, using: &random) * 60_000
        let booked = Bool.random(using: &random)
        let wantedAt = booked ? Date(timeIntervalSince1970: Double(requested + Int64.random(in: 60...480, using: &random) * 60_000) / 1000).formatted(.iso8601) : nil
        let order = try db.createOrder(ServiceOrder(
            home: community, elderId: elder.id, category: organisation.categories.randomElement(using: &random)!,
            channel: [.phone, .window, .app, .deviceCall].randomElement(using: &random)!, wantedAt: wantedAt, takenAt: community,
            takenBy: operatorName, requestedAtMillis: requested), actor: operatorName).model
        summary.orders += 1
        let stage = Int.random(in: 0...9, using: &random)
        func step(_ kind: OrderEventKind, organisation: UUID? = nil, worker: UUID? = nil, reason: String? = nil, details: [String: String] = [:]) throws {
            _ = try db.appendOrderEvent(OrderEvent(
                orderId: order.id, home: community, kind: kind, version: .zero, actor: operatorName, reason: reason,
                organisationId: organisation, workerId: worker, details: details), actor: operatorName)
        }
        if stage == 0 { return }
        if stage == 1 { return try step(.cancel, reason: "家属已自行安排") }
        try step(.dispatch, organisation: organisation.id)
        if stage == 2 { return }
        try step(.accept, worker: workers.randomElement(using: &random))
        if stage == 3 { return }
        try step(.checkIn, details: [StepDetail.locationVerified: stage == 4 ? "false" : "true"])
        try step(.complete, details: [StepDetail.durationMinutes: String(Int.random(in: 30...120, using: &random))])
        let stars = Int.random(in: 2...5, using: &random)
        try step(.rate, details: [
            StepDetail.stars: String(stars), StepDetail.attitude: String(Int.random(in: 3...5, using: &random)),
            StepDetail.punctuality: String(Int.random(in: 2...5, using: &random)), StepDetail.rater: "elder",
        ])
        summary.evaluations += 1
        if stars <= 2 {
            _ = try db.createComplaint(Complaint(
                home: community, orderId: order.id, organisationId: organisation.id, complainant: elder.name, channel: .phone,
                description: "服务不到位，要求整改", takenAt: community, takenBy: operatorName, receivedAtMillis: now), actor: operatorName)
        }
    }

    /// A stay at the elder's station since two days ago, day care or full care by turns, with
    /// the meals served since (no randomness: the rest of the seed stays as it was).
    static func seedStay(_ db: AppDatabase, elder: Elder, serial: Int, _ summary: inout Summary) throws {
        let now = HybridLogicalClock.systemMillis()
        let hour: Int64 = 3_600_000
        let admitted = now - 50 * hour
        let full = serial % 8 == 2
        let from = VitalsSummary.day(admitted)
        let stay = Stay(
            home: elder.home, elderId: elder.id, kind: full ? .fullCare : .dayCare, room: full ? "20\(serial % 10)" : "日间照料室",
            bed: full ? String(1 + serial % 3) : nil, careLevel: elder.abilityLevel, assessmentId: nil, contractFrom: from,
            contractTo: CalendarDate.adding(days: 180, to: from), contacts: elder.emergencyContacts, admittedAtMillis: admitted,
            admittedBy: operatorName)
        do {
            _ = try db.admit(stay, actor: operatorName)
        } catch is StayRefusal {
            return  // a large seed comes round to a bed already held
        }
        summary.stays += 1
        var at = admitted + hour
        while at < now {
            let meal: Meal? = switch (at / hour + 8) % 24 {
            case 7: .breakfast
            case 12: .lunch
            case 18: .dinner
            default: nil
            }
            if let meal, full || meal == .lunch {
                _ = try db.appendCareRecord(CareRecord(
                    stayId: stay.id, elderId: elder.id, home: elder.home, item: .meal, meal: meal, by: "助餐员", atMillis: at,
                    recordedBy: operatorName, recordedAtMillis: at), actor: operatorName)
            }
            at += hour
        }
    }

    static func makeElder(_ community: DivisionCode, serial: Int, _ random: inout SplitMix64) -> Elder {
        let year = 1930 + Int.random(in: 0...30, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...28, using: &random)
        let birth = String(format: "%04d%02d%02d", year, month, day)
        let body = community.county.rawValue + birth + String(format: "%03d", serial % 1000)
        let living: LivingSituation = [.alone, .emptyNest, .withFamily, .withFamily].randomElement(using: &random)!
        return Elder(
            home: community, name: name(&random), gender: serial % 2 == 0 ? .female : .male,
            birthDate: String(format: "%04d-%02d-%02d", year, month, day),
            citizenId: try! CitizenID(validating: body + String(CitizenID.checkCharacter(for: body)!)),
            phone: phone(&random), address: Address(text: "青山区\(streets.randomElement(using: &random)!)\(serial)号", location: coordinates(&random)),
            livingSituation: living, abilityLevel: Int.random(in: 0...4, using: &random),
            chronicConditions: Array(conditions.shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random))),
            emergencyContacts: [EmergencyContact(name: name(&random), relation: ["儿子", "女儿", "配偶", "侄子"].randomElement(using: &random)!, phone: phone(&random), holdsKey: living == .alone)])
    }

    static func name(_ random: inout SplitMix64) -> String {
        surnames.randomElement(using: &random)! + givenNames.randomElement(using: &random)!
    }

    static func phone(_ random: inout SplitMix64) -> String {
        "13\(Int.random(in: 0...9, using: &random))\(String(format: "%08d", Int.random(in: 0...99_999_999, using: &random)))"
    }

    /// Around Qingshan district, Wuhan.
    static func coordinates(_ random: inout SplitMix64) -> Coordinates {
        Coordinates(latitude: 30.63 + Double.random(in: 0...0.04, using: &random), longitude: 114.37 + Double.random(in: 0...0.06, using: &random))
    }
}
