import Foundation
import GRDB
import Synchronization
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The one write lane: many writers at once each get their own answer, durable, a failing one
/// alone rolled back, check-ins among them; the daemon's threads stop when asked, their work done.
@Suite struct WriteLaneTests {
    /// The lane copies the log into the database once it holds 150 pages: after 2,000 commits the
    /// log file stays near that size. With SQLite's own checkpoint (1,000 pages) it would pass
    /// 4 MB, and with none at all it would hold every commit.
    @Test func theLaneKeepsTheLogShort() throws {
        let store = try makeStore()
        try store.write { db in try db.execute(sql: "CREATE TABLE lane_rows (n INTEGER PRIMARY KEY, body TEXT)") }
        for n in 0..<2_000 {
            try store.write { db in try db.execute(sql: "INSERT INTO lane_rows VALUES (?, ?)", arguments: [n, String(repeating: "x", count: 300)]) }
        }
        let log = (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int) ?? 0
        #expect(log > 0 && log < 1_500_000, "\(log) bytes of log")
    }

    @Test func manyWritersAtOnceEachGetTheirOwnAnswer() throws {
        let store = try makeStore()
        try store.write { db in try db.execute(sql: "CREATE TABLE lane_rows (n INTEGER PRIMARY KEY)") }
        let answers = Mutex<[Int: Result<Int, Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 400) { n in
            let result = Result<Int, Error> {
                try store.write(urgent: n % 3 == 0) { db in
                    if n == 77 { throw DomainError.invalid("n", "a write that fails alone") }
                    try db.execute(sql: "INSERT INTO lane_rows(n) VALUES (?)", arguments: [n])
                    return n * 2
                }
            }
            answers.withLock { $0[n] = result }
        }
        let all = answers.withLock { $0 }
        #expect(all.count == 400)
        for (n, result) in all where n != 77 { #expect((try? result.get()) == n * 2, "\(n)") }
        #expect((try? all[77]!.get()) == nil)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM lane_rows") } == 399)
        let largest = store.groupCommit.largestBatch.withLock { $0 }
        #expect(largest >= 1 && largest <= 256)
    }

    /// The lane is one thread of its own: writes run on it, not on their callers; it ends when
    /// idle or stopped, and the next write starts it again.
    @Test func theLaneIsAThreadOfItsOwnThatEndsWhenIdleOrStopped() throws {
        let pool = try DatabasePool(path: temporaryDirectory() + "/lane.sqlite")
        let lane = GroupCommit(pool: pool, idleSeconds: 0.05)
        func threadName() -> String {
            ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(!lane.laneRunning, "no thread before the first write")
        #expect(try lane.run { _ in threadName() } == "write-lane")
        #expect(threadName() != "write-lane")
        // Idle: the thread ends by itself (waited for without a deadline that could fail a slow machine).
        while lane.laneRunning { usleep(10_000) }
        try lane.run { db in try db.execute(sql: "CREATE TABLE lane_rows (n INTEGER PRIMARY KEY)") }
        // Stopped: `stop` returns once the thread has ended, and a later write starts another.
        let slow = GroupCommit(pool: pool)
        try slow.run { db in try db.execute(sql: "INSERT INTO lane_rows VALUES (1)") }
        #expect(slow.laneRunning)
        slow.stop()
        #expect(!slow.laneRunning)
        slow.stop()  // twice is harmless
        #expect(try slow.run { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM lane_rows") } == 1)
        slow.stop()
    }

    /// A write alone in its batch runs without a savepoint: failing after some of its rows, it
    /// leaves none of them, and the next write goes on.
    @Test func aLoneWriteThatFailsHalfWayLeavesNothing() throws {
        let store = try makeStore()
        try store.write { db in try db.execute(sql: "CREATE TABLE lane_rows (n INTEGER PRIMARY KEY)") }
        #expect(throws: DomainError.self) {
            try store.write { db in
                for n in 0..<500 { try db.execute(sql: "INSERT INTO lane_rows(n) VALUES (?)", arguments: [n]) }
                throw DomainError.invalid("n", "half-way")
            }
        }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM lane_rows") } == 0)
        try store.write { db in try db.execute(sql: "INSERT INTO lane_rows(n) VALUES (1)") }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM lane_rows") } == 1)
    }

    @Test func aLoopStopsAfterItsTurnAndTakesNoMore() {
        let turns = Mutex(0)
        let first = DispatchSemaphore(value: 0)
        let loop = BackgroundLoop(name: "test-loop", interval: 3600, firstTurnNow: true) {
            turns.withLock { $0 += 1 }
            first.signal()
        }
        first.wait()
        loop.stop()
        loop.stop()  // twice is harmless
        #expect(turns.withLock { $0 } == 1)
    }

    @Test func aStoppedPoolHasDoneEveryJobAndDoesLateOnesAtOnce() {
        let pool = WorkerPool(threads: 3, name: "test-worker")
        let done = Mutex(0)
        for _ in 0..<50 { pool.submit { done.withLock { $0 += 1 } } }
        pool.stop()
        #expect(done.withLock { $0 } == 50)
        pool.submit { done.withLock { $0 += 1 } }
        #expect(done.withLock { $0 } == 51)
    }

    /// Threads start as jobs find none free: jobs that wait for one another (callers parked in
    /// the write lane) each get a thread, up to the limit, and every started thread stops.
    @Test func aPoolStartsAThreadForEachJobThatFindsNoneFree() {
        // The process's threads of this pool, by the names the kernel keeps (`/proc/self/task/*/comm`).
        func threads() -> Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).filter { task in
                (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?.hasPrefix("lazy-pool-") == true
            }.count
        }
        let pool = WorkerPool(threads: 4, name: "lazy-pool")
        #expect(threads() == 0, "no thread before the first job")
        let running = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        for _ in 0..<4 {
            pool.submit {
                running.signal()
                release.wait()
            }
        }
        // All four run at once (each waits for the test): four threads were started.
        for _ in 0..<4 { #expect(running.wait(timeout: .now() + 120) == .success, "a job waited for a thread") }
        #expect(threads() == 4)
        let fifth = Mutex(false)
        pool.submit { fifth.withLock { $0 = true } }  // over the limit: waits for a free thread
        #expect(fifth.withLock { $0 } == false)
        #expect(threads() == 4, "none beyond the limit")
        for _ in 0..<4 { release.signal() }
        pool.stop()
        #expect(fifth.withLock { $0 })
    }
}
