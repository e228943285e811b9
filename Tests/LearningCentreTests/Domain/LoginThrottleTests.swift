import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct LoginThrottleTests {
    /// Five wrong passwords for the manager from one address slow that address down, not the
    /// manager: the right password from the box is let in.
    @Test func aStrangerCannotLockTheManagerOut() {
        let throttle = LoginThrottle()
        let now = Date()
        for _ in 0..<5 { #expect(throttle.attempt(username: "quanly", address: "10.0.0.66", now: now) == nil) }
        #expect(throttle.attempt(username: "QUANLY", address: "10.0.0.66", now: now) != nil)
        #expect(throttle.attempt(username: "quanly", address: "127.0.0.1", now: now) == nil)
        throttle.succeeded(username: "quanly", address: "127.0.0.1")
        #expect(throttle.attempt(username: "quanly", address: "10.0.0.5", now: now) == nil)
    }

    /// Each failure past the limit doubles the wait: 30 s, 60 s, 120 s … at most the window.
    @Test func delaysGrow() {
        let throttle = LoginThrottle()
        var now = Date()
        for _ in 0..<5 { _ = throttle.attempt(username: "lan", address: "10.0.0.1", now: now) }
        var wait: TimeInterval = 30
        for _ in 0..<4 {
            #expect(throttle.attempt(username: "lan", address: "10.0.0.1", now: now) == wait)
            now += wait + 1
            #expect(throttle.attempt(username: "lan", address: "10.0.0.1", now: now) == nil)  // counted: the next waits twice as long
            wait *= 2
        }
        #expect(throttle.attempt(username: "lan", address: "10.0.0.1", now: now + 16 * 60) == nil)
    }

    @Test func anAddressTryingManyNamesWaits() {
        let throttle = LoginThrottle()
        for i in 0..<20 { #expect(throttle.attempt(username: "user\(i)", address: "10.0.0.1") == nil) }
        #expect(throttle.attempt(username: "someone", address: "10.0.0.1") != nil)
        #expect(throttle.attempt(username: "someone", address: "10.0.0.2") == nil)
    }

    /// Guessing one name from many addresses: past 50 failures, an address that failed once for
    /// that name waits; an address that never failed (the box) does not.
    @Test func aSpreadGuessingSlowsEachGuesser() {
        let throttle = LoginThrottle()
        for i in 0..<50 { #expect(throttle.attempt(username: "quanly", address: "10.0.1.\(i)") == nil) }
        #expect(throttle.attempt(username: "quanly", address: "10.0.1.7") != nil)
        #expect(throttle.attempt(username: "quanly", address: "127.0.0.1") == nil)
    }

    /// Forty guesses at the same moment: exactly five go ahead.
    @Test func guessesAtOnceCannotSlipPastTheLimit() async {
        let throttle = LoginThrottle()
        let allowed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { throttle.attempt(username: "quanly", address: "10.0.0.9") == nil } }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        #expect(allowed == 5)
    }
}
