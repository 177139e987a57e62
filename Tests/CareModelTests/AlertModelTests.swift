import CareModel
import Foundation
import Testing

struct AlertModelTests {
    let noon: Int64 = 1_795_000_000_000 - (1_795_000_000_000 % 86_400_000) + 4 * 3_600_000  // 12:00 CST
    var midnight: Int64 { noon + 12 * 3_600_000 }

    @Test func thresholdsFollowTheDefaultsAndTheNightBand() {
        func check(_ measure: Measure, _ value: Double, at: Int64? = nil) -> String? {
            AlertRules.evaluate(Reading(measure: measure, value: value, atMillis: at ?? noon)).map { "\($0.key) \($0.severity.rawValue)" }
        }
        #expect(check(.systolic, 120) == nil && check(.systolic, 150) == "systolic.high warning" && check(.systolic, 190) == "systolic.high critical")
        #expect(check(.spo2, 96) == nil && check(.spo2, 93) == "spo2.low warning" && check(.spo2, 88) == "spo2.low critical")
        #expect(check(.glucose, 7.5) == "glucose.high warning" && check(.temperature, 37.8) == "temperature.high warning")
        #expect(check(.heartRate, 57) == "heartRate.low warning")
        #expect(check(.heartRate, 57, at: midnight) == nil, "55–95 is normal asleep")
        #expect(AlertRules.isNight(midnight) && !AlertRules.isNight(noon))
    }

    @Test func detectorsAreCriticalAndDeviceTroubleIsNoAlert() {
        let home = Coordinates(latitude: 30.64, longitude: 114.39)
        func signal(_ s: DeviceSignal, at location: Coordinates? = nil) -> AlertCondition? {
            AlertRules.evaluate(SignalReport(signal: s, atMillis: noon, location: location), home: home)
        }
        for s in [DeviceSignal.smoke, .gas, .water, .fall, .call] { #expect(signal(s)?.severity == .critical) }
        for s in [DeviceSignal.lowBattery, .offline, .presence, .outOfBed] { #expect(signal(s) == nil) }
        #expect(signal(.leftFence, at: Coordinates(latitude: 30.645, longitude: 114.39)) == nil, "inside the 1 km fence")
        #expect(signal(.leftFence, at: Coordinates(latitude: 30.70, longitude: 114.39))?.severity == .warning)
    }

    @Test func theAlertFoldCountsRepeatsKeepsTheHighestEscalationAndIgnoresArrivalOrder() {
        let alert = UUID()
        let home = DivisionCode("420107001001")!
        func event(_ step: AlertStep, _ at: Int64, tier: NodeRole? = nil) -> AlertEvent {
            AlertEvent(alertId: alert, home: home, step: step, version: Version(hlc: HLC(millis: at, counter: 0), origin: "n"), actor: "t", tier: tier, atMillis: step == .repeated ? at : nil)
        }
        let events = [
            event(.repeated, 2), event(.escalate, 3, tier: .county), event(.escalate, 4, tier: .street), event(.repeated, 5),
            event(.acknowledge, 6), event(.resolve, 7), event(.falseAlarm, 8), event(.acknowledge, 9),
        ]
        let state = AlertState.fold(events, raisedAtMillis: 1)
        #expect(state.count == 3 && state.lastSeenMillis == 5 && state.escalatedTo == .county && state.status == .resolved)
        #expect(AlertState.fold(events.reversed(), raisedAtMillis: 1) == state)
        #expect(AlertState.escalationDue(severity: .critical, status: .raised, raisedAtMillis: 0, nowMillis: 299_999) == nil)
        #expect(AlertState.escalationDue(severity: .critical, status: .raised, raisedAtMillis: 0, nowMillis: 300_000) == .street)
        #expect(AlertState.escalationDue(severity: .critical, status: .raised, raisedAtMillis: 0, nowMillis: 600_000) == .county)
        #expect(AlertState.escalationDue(severity: .critical, status: .acknowledged, raisedAtMillis: 0, nowMillis: 600_000) == nil)
        #expect(AlertState.escalationDue(severity: .warning, status: .raised, raisedAtMillis: 0, nowMillis: 600_000) == nil)
    }

    @Test func aReportIsCheckedWhole() {
        var draft = DeviceReport.Draft()
        let now: Int64 = 1_795_000_000_000
        let stamp = Date(timeIntervalSince1970: Double(now) / 1000).formatted(.iso8601)
        draft.readings = [.init(measure: "heartRate", value: 80, unit: "bpm", timestamp: stamp), .init(measure: "spo2", value: 120, unit: "%", timestamp: stamp)]
        #expect(throws: ValidationFailure.self) { try DeviceReport(validating: draft, nowMillis: now) }
        draft.readings?.removeLast()
        #expect((try? DeviceReport(validating: draft, nowMillis: now))?.readings.count == 1)
        #expect(VitalsSummary.day(now) == "2026-11-18")
    }
}
