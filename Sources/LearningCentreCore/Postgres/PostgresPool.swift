import Foundation
import Synchronization

/// The daemon's connections to PostgreSQL: a request takes a free one, or waits for one; a
/// connection found lost is opened again for the next request. Each connection has one owner,
/// its slot, and is used by one thread at a time.
public final class PostgresPool: Sendable {
    let url: String
    /// Where it points, for messages: host (or socket folder) and database, never the password.
    public let target: String
    private let slots: [Slot]
    private let turn = Atomic<Int>(0)

    /// One connection and the lock that gives it to one thread at a time. The connection is
    /// only ever touched inside `lock` (a `Mutex` cannot hold it: the compiler cannot tell that
    /// `body` does not keep it), hence the unchecked conformance, kept to these two lines.
    final class Slot: @unchecked Sendable {
        private let lock = Mutex<Void>(())
        private var connection: PostgresConnection?

        init(_ connection: PostgresConnection?) { self.connection = connection }

        func use<T: Sendable>(waiting: Bool, url: String, _ body: (PostgresConnection) throws -> T) throws -> T? {
            func run() throws -> T {
                let held = try connection ?? PostgresConnection(url)
                connection = held
                do {
                    return try body(held)
                } catch let error as PostgresError where error.lost {
                    connection = nil
                    throw error
                }
            }
            return waiting ? try lock.withLock { _ in try run() } : try lock.withLockIfAvailable { _ in try run() }
        }
    }

    /// Opens the first connection at once, so that a wrong URL is said at the start.
    public init(url: String, size: Int = 4) throws {
        self.url = url
        let first = try PostgresConnection(url)
        target = first.target.description
        slots = [Slot(first)] + (1..<max(1, size)).map { _ in Slot(nil) }
    }

    /// Runs `body` with a connection of its own: a free one, else the next in turn when it frees.
    package func with<T: Sendable>(_ body: (PostgresConnection) throws -> T) throws -> T {
        for slot in slots {
            if let answer = try slot.use(waiting: false, url: url, body) { return answer }
        }
        return try slots[turn.add(1, ordering: .relaxed).newValue % slots.count].use(waiting: true, url: url, body)!
    }
}
