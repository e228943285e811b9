import Foundation
import Testing
@testable import LearningCentre

@Suite struct LoginThrottleTests {
    @Test func locksAfterFiveFailuresForAName() {
        let throttle = LoginThrottle()
        let now = Date()
        for i in 0..<5 {
            #expect(throttle.waitTime(username: "lan", address: "10.0.0.\(i)", now: now) == nil)
            throttle.recordFailure(username: "lan", address: "10.0.0.\(i)", now: now)
        }
        let wait = throttle.waitTime(username: "LAN", address: "10.0.0.9", now: now)
        #expect(wait != nil && wait! > 14 * 60)
        #expect(throttle.waitTime(username: "lan", address: "10.0.0.9", now: now.addingTimeInterval(15 * 60 + 1)) == nil)
    }

    @Test func locksAnAddressTryingManyNames() {
        let throttle = LoginThrottle()
        for i in 0..<5 { throttle.recordFailure(username: "user\(i)", address: "10.0.0.1") }
        #expect(throttle.waitTime(username: "someone", address: "10.0.0.1") != nil)
        #expect(throttle.waitTime(username: "someone", address: "10.0.0.2") == nil)
    }
}
