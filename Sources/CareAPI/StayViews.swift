import CareModel
import CareStore
import Foundation
import Hummingbird

/// A stay as the API shows it: the elder by name, its folded status, room and bed.
struct StayView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let elderName: String?
    let kind: String
    let status: String
    let room: String
    let bed: String?
    /// Where the elder was admitted, when a transfer has moved them since.
    let admittedRoom: String
    let admittedBed: String?
    let careLevel: Int
    /// The approved assessment the level came from; null when it is the elder file's level.
    let assessmentId: UUID?
    let contractFrom: String
    let contractTo: String
    let admittedAt: Date
    let admittedBy: String
    let dischargedAt: Date?
    let note: String?
    let version: String

    init(_ s: StaySummary, elderName: String?) {
        id = s.stay.id
        home = s.stay.home.rawValue
        elderId = s.stay.elderId
        self.elderName = elderName
        kind = s.stay.kind.rawValue
        status = s.status.rawValue
        room = s.room
        bed = s.bed
        admittedRoom = s.stay.room
        admittedBed = s.stay.bed
        careLevel = s.stay.careLevel
        assessmentId = s.stay.assessmentId
        contractFrom = s.stay.contractFrom
        contractTo = s.stay.contractTo
        admittedAt = date(millis: s.stay.admittedAtMillis)
        admittedBy = s.stay.admittedBy
        dischargedAt = s.dischargedAtMillis.map(date(millis:))
        note = s.stay.note
        version = "\"\(s.version.hlc.packed)-\(s.version.origin)\""
    }
}

struct CareRecordView: ResponseEncodable, Decodable {
    let id: UUID
    let item: String
    let meal: String?
    let detail: String?
    let room: String?
    let bed: String?
    let by: String
    let at: Date
    let recordedBy: String
    let recordedAt: Date

    init(_ r: CareRecord) {
        id = r.id
        item = r.item.rawValue
        meal = r.meal?.rawValue
        detail = r.detail
        room = r.room
        bed = r.bed
        by = r.by
        at = date(millis: r.atMillis)
        recordedBy = r.recordedBy
        recordedAt = date(millis: r.recordedAtMillis)
    }
}

/// A stay with its contacts (phones masked: the elder's file reveals them, with a reason) and
/// its records, newest first; records that do not fit the stay (written apart at two nodes)
/// are listed apart, never dropped.
struct StayDetailView: ResponseEncodable, Decodable {
    let stay: StayView
    let contacts: [EmergencyContact]
    let records: [CareRecordView]
    let ignoredRecords: [CareRecordView]
}

func maskedContact(_ contact: EmergencyContact) -> EmergencyContact {
    var contact = contact
    contact.phone = Mask.phone(contact.phone) ?? ""
    return contact
}

struct OccupancyRowView: ResponseEncodable, Decodable {
    let date: String
    var station: String
    let dayCare: Int
    let fullCare: Int
    let onLeave: Int
    let occupied: Int
    let breakfast: Int
    let lunch: Int
    let dinner: Int
    let meals: Int
    let bathing: Int

    init(_ d: OccupancyDay) {
        date = d.date
        station = d.station.rawValue
        dayCare = d.dayCare
        fullCare = d.fullCare
        onLeave = d.onLeave
        occupied = d.occupied
        breakfast = d.breakfast
        lunch = d.lunch
        dinner = d.dinner
        meals = d.meals
        bathing = d.bathing
    }
}

/// Occupancy and meals per station and day, and each day's total over the stations.
struct OccupancyView: ResponseEncodable, Decodable {
    let from: String
    let to: String
    let rows: [OccupancyRowView]
    let totals: [OccupancyRowView]

    init(from: String, to: String, rows: [OccupancyDay]) {
        self.from = from
        self.to = to
        self.rows = rows.map(OccupancyRowView.init)
        var totals: [String: OccupancyDay] = [:]
        for row in rows { totals[row.date] = totals[row.date].map { $0.adding(row) } ?? row }
        self.totals = totals.values.sorted { $0.date < $1.date }.map {
            var row = OccupancyRowView($0)
            row.station = "total"
            return row
        }
    }
}
