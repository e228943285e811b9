import Foundation
import LearningCentreCore
import Glibc
import Synchronization

/// Keeps strangers from holding every connection: at most `perAddress` connections from one
/// address; the last `kioskReserve` slots only for the kiosk's addresses; a client that has not
/// finished its headers `headerDeadline` seconds after connecting (or after its last answer) is
/// cut off, since libmicrohttpd's idle timeout is reset by every trickled byte; and near the
/// limit each new connection cuts off the one that has waited longest without sending a whole
/// request, so a fresh client always gets in. Connections are cut by `shutdown` of their socket:
/// libmicrohttpd sees the end and closes them itself (it stays the only owner of the socket).
final class ConnectionGuard: Sendable {
    struct Limits: Sendable {
        var total: Int
        var perAddress = 64
        var kioskReserve = 64
        var headerDeadline: Double = 10
    }

    private struct Entry {
        var address: String
        var fd: Int32
        /// When the connection began to wait for a request's headers.
        var waitingSince: Double
        /// A request's headers are in; it is being read or answered.
        var busy = false
        /// Already cut off; libmicrohttpd has not closed it yet.
        var cut = false
    }

    private struct State {
        var entries: [UInt: Entry] = [:]
        var perAddress: [String: Int] = [:]
    }

    let limits: Limits
    private let kioskAddresses: Set<String>
    private let state = Mutex(State())
    private let running = Atomic<Bool>(true)

    init(limits: Limits, kioskAddresses: Set<String>) {
        self.limits = limits
        self.kioskAddresses = kioskAddresses
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Whether to take a new connection from `address` (asked before libmicrohttpd creates it).
    func admit(_ address: String) -> Bool {
        let kiosk = kioskAddresses.contains(address)
        let (allowed, victims): (Bool, [Int32]) = state.withLock { state in
            if !kiosk && state.perAddress[address, default: 0] >= limits.perAddress { return (false, []) }
            let open = state.entries.count
            if open >= limits.total + limits.kioskReserve { return (false, []) }
            if !kiosk && open >= limits.total { return (false, []) }
            // Near the limit: make room by cutting off those that waited longest without a request.
            guard open >= limits.total - limits.kioskReserve else { return (true, []) }
            let oldest = state.entries.filter { !$0.value.busy && !$0.value.cut }.sorted { $0.value.waitingSince < $1.value.waitingSince }.prefix(4)
            for (key, _) in oldest { state.entries[key]?.cut = true }
            return (true, oldest.map(\.value.fd))
        }
        for fd in victims { shutdown(fd, Int32(SHUT_RDWR)) }
        return allowed
    }

    func opened(_ connection: UInt, address: String, fd: Int32) {
        state.withLock { state in
            state.entries[connection] = Entry(address: address, fd: fd, waitingSince: ConnectionGuard.now())
            state.perAddress[address, default: 0] += 1
        }
    }

    func closed(_ connection: UInt) {
        state.withLock { state in
            guard let entry = state.entries.removeValue(forKey: connection) else { return }
            let left = state.perAddress[entry.address, default: 1] - 1
            state.perAddress[entry.address] = left > 0 ? left : nil
        }
    }

    /// A request's headers arrived.
    func requestBegan(_ connection: UInt) {
        state.withLock { $0.entries[connection]?.busy = true }
    }

    /// A request was answered: the connection waits for the next one's headers.
    func requestEnded(_ connection: UInt) {
        state.withLock { state in
            state.entries[connection]?.busy = false
            state.entries[connection]?.waitingSince = ConnectionGuard.now()
        }
    }

    var openConnections: Int { state.withLock { $0.entries.count } }

    /// Cuts off, every second, connections past the header deadline.
    func startSweeping() {
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                sleep(1)
                let late = ConnectionGuard.now() - limits.headerDeadline
                let victims = state.withLock { state in
                    state.entries.filter { !$0.value.busy && !$0.value.cut && $0.value.waitingSince < late }.map { key, entry in
                        state.entries[key]?.cut = true
                        return entry.fd
                    }
                }
                for fd in victims { shutdown(fd, Int32(SHUT_RDWR)) }
            }
        }
        thread.name = "connection-guard"
        thread.start()
    }

    func stop() { running.store(false, ordering: .relaxed) }
}
