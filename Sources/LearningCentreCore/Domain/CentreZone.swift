import Foundation
import Synchronization

/// The centre's time zone (setting `timeZone`, default Asia/Ho_Chi_Minh). Every local day,
/// month and year boundary and every timestamp this program writes is in it, whatever the
/// process's `TZ` is: a plain `make run` on a server in UTC must not move a 06:30 class on
/// 1 January into the year before (CRITERIA §4).
///
/// One process serves one centre, so the zone is process-wide: the store sets it when it
/// opens a database and when a manager changes it.
public enum CentreZone {
    public static let defaultIdentifier = "Asia/Ho_Chi_Minh"

    private struct State {
        var zone: TimeZone
        /// UTC offset by hour since 1970: formatting asks for it at every timestamp of every answer.
        var offsets: [Int64: Int] = [:]
    }

    private static let state = Mutex(State(zone: TimeZone(identifier: defaultIdentifier) ?? TimeZone(secondsFromGMT: 7 * 3600)!))

    /// The IANA name in force ("Asia/Ho_Chi_Minh").
    public static var identifier: String { state.withLock { $0.zone.identifier } }

    /// Whether `name` is an IANA zone this machine knows ("Asia/Ho_Chi_Minh", "UTC").
    public static func isKnown(_ name: String) -> Bool {
        ["UTC", "Etc/UTC"].contains(name) || TimeZone.knownTimeZoneIdentifiers.contains(name)
    }

    /// Uses `name` from now on; an unknown name (a file from a machine with other zone data)
    /// falls back to the default rather than to the process's zone.
    public static func use(_ name: String?) {
        let zone = name.flatMap { isKnown($0) ? TimeZone(identifier: $0) : nil } ?? TimeZone(identifier: defaultIdentifier)!
        state.withLock { current in
            guard current.zone.identifier != zone.identifier else { return }
            current = State(zone: zone)
        }
    }

    /// The zone's offset from UTC, in seconds, at `seconds` since 1970.
    static func offsetSeconds(at seconds: Int64) -> Int {
        let hour = seconds >= 0 ? seconds / 3600 : (seconds - 3599) / 3600
        return state.withLock { current in
            if let known = current.offsets[hour] { return known }
            let offset = current.zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour * 3600)))
            if current.offsets.count > 4096 { current.offsets.removeAll() }
            current.offsets[hour] = offset
            return offset
        }
    }
}
