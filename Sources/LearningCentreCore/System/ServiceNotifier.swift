import Foundation
import Glibc

/// Talks to systemd over $NOTIFY_SOCKET (READY=1, WATCHDOG=1, STOPPING=1) with one datagram
/// each, without libsystemd. Does nothing when not started by systemd.
public enum ServiceNotifier {
    @discardableResult
    public static func notify(_ state: String) -> Bool {
        guard let path = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"], !path.isEmpty else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                sendto(fd, message, message.count, Int32(MSG_NOSIGNAL), sa, length)
            }
        }
        return sent == message.count
    }

    /// The watchdog interval systemd asked for, if it asked this process.
    public static var watchdogInterval: TimeInterval? {
        let env = ProcessInfo.processInfo.environment
        guard let text = env["WATCHDOG_USEC"], let usec = Double(text), usec > 0 else { return nil }
        if let pid = env["WATCHDOG_PID"], Int32(pid) != getpid() { return nil }
        return usec / 1_000_000
    }

    /// Pings the watchdog at half its interval while `healthy()` says so; a stuck daemon stops
    /// pinging and systemd restarts it.
    public static func startWatchdog(healthy: @escaping @Sendable () -> Bool) -> BackgroundLoop? {
        guard let interval = watchdogInterval else { return nil }
        return BackgroundLoop(name: "watchdog", interval: interval / 2, firstTurnNow: false) {
            if healthy() { notify("WATCHDOG=1") }
        }
    }
}
