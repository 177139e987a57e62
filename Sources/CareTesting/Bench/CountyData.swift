import CareModel
import CareStore
import Foundation

/// The size of the county the county scenario builds; the defaults are issue 20's.
public struct CountyScale: Sendable {
    public var elders = 300_000
    public var communities = 200
    public var streets = 8
    public var orders = 3_000_000
    public var alerts = 1_000_000
    /// Elders with a daily vitals summary, and for how many days back.
    public var vitalsElders = 50_000
    public var vitalsDays = 365
    public var auditEntries = 3_000_000
    public var organisations = 60
    /// The history reaches this many days back.
    public var days = 3 * 365

    public init() {}

    /// Every count divided by `divisor` (communities, streets and organisations stay).
    public func divided(by divisor: Int) -> CountyScale {
        var s = self
        s.elders = max(elders / divisor, communities)
        s.orders = max(orders / divisor, 1)
        s.alerts = max(alerts / divisor, 1)
        s.vitalsElders = max(vitalsElders / divisor, 1)
        s.auditEntries = max(auditEntries / divisor, 1)
        return s
    }

    public var description: String {
        "\(elders) elders in \(communities) communities under \(streets) streets, \(orders) orders, \(alerts) alerts, "
            + "\(vitalsElders) elders × \(vitalsDays) days of vitals, \(auditEntries) audit entries, \(organisations) organisations"
    }
}

/// Writes a county's history in bulk (`AppDatabase.bulkLoad`): what three years of its
/// communities' work leaves at the county, deterministic for a seed.
struct CountyData {
    static let county = DivisionCode("420107")!
    let scale: CountyScale
    let now: Int64
    let progress: @Sendable (String) -> Void
    var random = SplitMix64(seed: 2020)

    var streets: [DivisionCode] {
        (1...scale.streets).map { DivisionCode(Self.county.rawValue + String(format: "%03d", $0))! }
    }

    var communities: [DivisionCode] {
        (0..<scale.communities).map { index in
            let street = streets[index % scale.streets]
            return DivisionCode(street.rawValue + String(format: "%03d", 1 + index / scale.streets))!
        }
    }

    /// What the measured queries need to know of the data: samples to search for.
    struct Facts: Sendable, Codable {
        var rows = 0
        var organisations: [UUID] = []
        var names: [String] = []
        var citizenTails: [String] = []
        var phones: [String] = []
        var actors: [String] = []
        var waitingOrders: [UUID] = []
    }

    static let categories: [ServiceCategory] = [.meals, .cleaning, .homeCare, .companionship, .rehabilitation, .bathing, .healthCheck, .medicalEscort]

    /// The registry at the county (through the store's own writes), then elders, orders,
    /// alerts, vitals and audit entries in transactions of `chunk` records.
    mutating func build(_ db: AppDatabase, chunk: Int = 20_000) throws -> Facts {
        var facts = Facts()
        let communities = self.communities
        var workers: [[UUID]] = []
        var categoriesOf: [[ServiceCategory]] = []
        for index in 0..<scale.organisations {
            let categories = Array(Self.categories.shuffled(using: &random).prefix(Int.random(in: 2...5, using: &random)))
            // Each organisation serves the communities of one or two streets.
            let served = communities.enumerated().filter { $0.offset % scale.streets == index % scale.streets || $0.offset % scale.streets == (index + 3) % scale.streets }.map(\.element)
            let organisation = try db.createOrganisation(ServiceOrganisation(
                home: Self.county, name: "青山区第\(index + 1)养老服务中心", type: [.homeCareCenter, .thirdParty, .medical, .dayCareCenter][index % 4],
                categories: categories, communities: served,
                address: Address(text: "青山区\(DemoSeed.streets[index % DemoSeed.streets.count])\(index + 1)号", location: DemoSeed.coordinates(&random)),
                phone: "027-8688\(String(format: "%04d", index))"), actor: "county-admin").model
            facts.organisations.append(organisation.id)
            categoriesOf.append(categories)
            var staff: [UUID] = []
            for _ in 0..<5 {
                staff.append(try db.createStaff(Staff(
                    home: Self.county, name: DemoSeed.name(&random), role: .caregiver, organisationId: organisation.id,
                    phone: DemoSeed.phone(&random)), actor: "county-admin").model.id)
            }
            workers.append(staff)
        }
        let day: Int64 = 86_400_000
        let start = now - Int64(scale.days) * day
        func version(_ millis: Int64, _ origin: DivisionCode) -> Version { Version(hlc: HLC(millis: millis, counter: 0), origin: origin.rawValue) }

        // Elders: ids and homes kept, the rest written and dropped.
        var elderIDs: [UUID] = []
        var elderHome: [Int32] = []
        elderIDs.reserveCapacity(scale.elders)
        var written = 0
        while written < scale.elders {
            var batch = BulkBatch()
            for serial in written..<min(written + chunk, scale.elders) {
                let community = serial % communities.count
                var elder = DemoSeed.makeElder(communities[community], serial: serial, &random)
                elder.citizenId = Workload.uniqueID(communities[community], serial: serial)
                elder.birthDate = elder.citizenId.birthDate
                let made = start - Int64.random(in: 0...(365 * day), using: &random)
                batch.elders.append((elder, version(made, communities[community])))
                elderIDs.append(elder.id)
                elderHome.append(Int32(community))
                if serial % max(scale.elders / 200, 1) == 0 {
                    facts.names.append(elder.name)
                    facts.citizenTails.append(String(elder.citizenId.rawValue.suffix(4)))
                    if let phone = elder.phone { facts.phones.append(phone) }
                }
            }
            written += batch.count
            try db.bulkLoad(batch)
            facts.rows += batch.count
        }
        progress("county: \(written) elders")

        // Orders over the whole history, each with the events of the stage it reached.
        let eligible: [[Int]] = communities.indices.map { community in
            (0..<scale.organisations).filter { index in
                (community % scale.streets == index % scale.streets || community % scale.streets == (index + 3) % scale.streets)
            }
        }
        written = 0
        var nextReport = scale.orders / 10
        while written < scale.orders {
            var batch = BulkBatch()
            let count = min(chunk, scale.orders - written)
            for index in 0..<count {
                let serial = written + index
                let elder = Int.random(in: 0..<elderIDs.count, using: &random)
                let home = communities[Int(elderHome[elder])]
                // Spread evenly over the history, the newest last.
                let requested = start + Int64(serial) * (now - start - 60_000) / Int64(max(scale.orders, 1)) + Int64.random(in: 0...59_999, using: &random)
                let organisationIndex = eligible[Int(elderHome[elder])].randomElement(using: &random)!
                let category = categoriesOf[organisationIndex].randomElement(using: &random)!
                // Half are booked for a time a few hours on; the rest are due within a day.
                let wantedAt = serial % 2 == 0
                    ? Date(timeIntervalSince1970: Double(requested + Int64.random(in: 60...480, using: &random) * 60_000) / 1000).formatted(.iso8601) : nil
                let order = ServiceOrder(
                    home: home, elderId: elderIDs[elder], category: category, channel: [.phone, .window, .app, .deviceCall].randomElement(using: &random)!,
                    wantedAt: wantedAt, takenAt: home, takenBy: "op-\(home.rawValue.suffix(3))-1", requestedAtMillis: requested)
                batch.orders.append((order, version(requested, home)))
                let age = now - requested
                // The recent day holds the open work; older orders mostly ran their course.
                let roll = Int.random(in: 0...19, using: &random)
                let stage = age < day ? roll % 10 : (roll == 0 ? 3 : max(roll, 6))
                var at = requested
                func step(_ kind: OrderEventKind, after minutes: ClosedRange<Int64>, organisation: UUID? = nil, worker: UUID? = nil, reason: String? = nil, details: [String: String] = [:]) {
                    at = min(at + Int64.random(in: minutes, using: &random) * 60_000, now - 1)
                    batch.orderEvents.append(OrderEvent(
                        orderId: order.id, home: home, kind: kind, version: version(at, kind == .dispatch ? Self.county : home),
                        actor: kind == .dispatch ? "dispatch-room" : "op-\(home.rawValue.suffix(3))-1", reason: reason,
                        organisationId: organisation, workerId: worker, details: details))
                }
                if stage <= 1 {
                    if age < day { facts.waitingOrders.append(order.id) }
                    continue
                }
                if stage == 3 {
                    step(.cancel, after: 5...60, reason: "家属已自行安排")
                    continue
                }
                step(.dispatch, after: 2...40, organisation: facts.organisations[organisationIndex])
                if stage == 2 { continue }
                step(.accept, after: 2...30, worker: workers[organisationIndex].randomElement(using: &random)!)
                if stage == 4 { continue }
                step(.checkIn, after: 20...150, details: [StepDetail.locationVerified: "true"])
                if stage == 5 { continue }
                step(.complete, after: 30...120, details: [StepDetail.durationMinutes: String(Int.random(in: 30...120, using: &random))])
                if stage % 2 == 0 {
                    step(.rate, after: 5...600, details: [
                        StepDetail.stars: String(Int.random(in: 2...5, using: &random)), StepDetail.rater: "elder",
                        StepDetail.attitude: String(Int.random(in: 3...5, using: &random)),
                    ])
                }
                if stage % 5 == 0 { step(.returnVisit, after: 600...4000, details: [StepDetail.satisfaction: String(Int.random(in: 3...5, using: &random))]) }
            }
            written += count
            facts.rows += batch.count + batch.orderEvents.filter { $0.kind == .rate }.count
            try db.bulkLoad(batch)
            if written >= nextReport || written == scale.orders {
                progress("county: \(written) orders")
                nextReport += scale.orders / 10
            }
        }

        // Alerts from the elders' devices, nearly all handled and resolved.
        written = 0
        while written < scale.alerts {
            var batch = BulkBatch()
            let count = min(chunk, scale.alerts - written)
            for index in 0..<count {
                let serial = written + index
                let elder = Int.random(in: 0..<elderIDs.count, using: &random)
                let home = communities[Int(elderHome[elder])]
                let raised = start + Int64(serial) * (now - start - 60_000) / Int64(max(scale.alerts, 1))
                let reading = Reading(measure: .heartRate, value: Double(Int.random(in: 131...170, using: &random)), atMillis: raised)
                let alert = Alert(
                    home: home, elderId: elderIDs[elder], deviceSerial: "DEV-\(home.rawValue.suffix(6))-\(elder)",
                    condition: AlertRules.evaluate(reading)!, place: "家中", raisedAtMillis: raised)
                batch.alerts.append((alert, version(raised, home)))
                if now - raised < day / 2 && index % 3 == 0 { continue }
                let actor = "op-\(home.rawValue.suffix(3))-\(1 + index % 3)"
                let acknowledged = raised + Int64.random(in: 1...10, using: &random) * 60_000
                batch.alertEvents.append(AlertEvent(alertId: alert.id, home: home, step: .acknowledge, version: version(acknowledged, home), actor: actor, atMillis: acknowledged))
                let resolved = acknowledged + Int64.random(in: 5...90, using: &random) * 60_000
                batch.alertEvents.append(AlertEvent(
                    alertId: alert.id, home: home, step: index % 10 == 0 ? .falseAlarm : .resolve, version: version(resolved, home), actor: actor,
                    note: "已电话联系老人，情况正常", atMillis: resolved))
            }
            written += count
            facts.rows += batch.count
            try db.bulkLoad(batch)
        }
        progress("county: \(written) alerts")

        // A daily heart-rate summary per elder for the first `vitalsElders` elders.
        let vitalsElders = min(scale.vitalsElders, elderIDs.count)
        let days = (0..<scale.vitalsDays).map { offset in (now - Int64(offset + 1) * day, VitalsSummary.day(now - Int64(offset + 1) * day)) }
        var batch = BulkBatch()
        for elder in 0..<vitalsElders {
            let home = communities[Int(elderHome[elder])]
            for (millis, date) in days {
                let low = Double(Int.random(in: 52...70, using: &random))
                let high = low + Double(Int.random(in: 10...40, using: &random))
                batch.vitals.append((VitalsSummary(
                    home: home, elderId: elderIDs[elder], measure: .heartRate, day: date, count: Int.random(in: 12...96, using: &random),
                    minimum: low, maximum: high, mean: (low + high) / 2, abnormal: high > 100 ? 1 : 0), version(millis, home)))
            }
            if batch.vitals.count >= chunk * 2 || elder == vitalsElders - 1 {
                facts.rows += batch.count
                try db.bulkLoad(batch, validate: elder < 1000)
                batch = BulkBatch()
            }
            if elder % max(vitalsElders / 5, 1) == 0 { progress("county: vitals of \(elder) elders") }
        }

        // The audit trail: the communities' operators at work, and the county's.
        let actors = communities.flatMap { community in (1...3).map { "op-\(community.rawValue.suffix(3))-\($0)" } } + ["dispatch-room"]
        facts.actors = Array(actors.shuffled(using: &random).prefix(40))
        written = 0
        while written < scale.auditEntries {
            var batch = BulkBatch()
            let count = min(chunk * 2, scale.auditEntries - written)
            for index in 0..<count {
                let serial = written + index
                let at = start + Int64(serial) * (now - start) / Int64(max(scale.auditEntries, 1))
                let actorIndex = Int.random(in: 0..<actors.count, using: &random)
                let home = actorIndex == actors.count - 1 ? Self.county : communities[actorIndex / 3]
                let (action, kind) = [("create", "order"), ("update", "order"), ("elder.list", "elder"), ("create", "alertEvent"), ("update", "elder")][index % 5]
                batch.audit.append((AuditEntry(
                    home: home, atMillis: at, actor: actors[actorIndex], action: action, subjectKind: kind,
                    subject: action == "elder.list" ? "list" : elderIDs[Int.random(in: 0..<elderIDs.count, using: &random)].uuidString,
                    source: "10.\(actorIndex % 250).\(index % 250).\(1 + serial % 250)"), version(at, home)))
            }
            written += count
            facts.rows += batch.count
            try db.bulkLoad(batch)
        }
        progress("county: \(written) audit entries")
        facts.rows += scale.organisations * 6
        return facts
    }
}
